"""The workbench's lists: filter suggestions, and the dashboard's top places and actors and deadly
events in the view's language.

The counting is `rasd.store.counts` (`top`, `newest`: the same SQL and unit as `GET /api/counts`
and the events page); this module names what it counts: the article's own spelling in Arabic
(`actor1_text`), the ACLED/English name in English. Suggestions read every stored name once and
keep them for SUGGEST_TTL seconds.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from sqlalchemy import func, select

from rasd.filters import EventFilter
from rasd.store import counts
from rasd.store.models import ArticleRow, Event, Source
from rasd.text.keys import name_filter_key
from rasd.web import i18n
from rasd.web.names import actor_display

SUGGEST_TTL = 60.0
HIGH_FATALITIES = 5
_cache: dict[int, tuple[float, dict[str, list[dict[str, Any]]]]] = {}
_lock = threading.Lock()


def _base(store: Any, flt: EventFilter | None, *columns: Any) -> Any:
    stmt = (select(*columns).select_from(Event).join(ArticleRow, ArticleRow.pk == Event.article_pk)
            .outerjoin(Source, Source.pk == ArticleRow.source_pk))
    return stmt.where(*store._event_conditions(flt or EventFilter()))


def _actor_pairs(store: Any, limit: int) -> list[tuple[str, str, int]]:
    """(English name, name as written, events) for actor1 and actor2 together, most frequent first:
    every spelling an article used (`counts.top` keeps one), so a suggestion matches any of them."""
    tally: dict[tuple[str, str], int] = {}
    for side in ("actor1", "actor2"):
        en = getattr(Event, side)
        ar = Event.row[f"{side}_text"].as_string()
        stmt = _base(store, None, en, ar, func.count()).where(en.is_not(None)).group_by(en, ar)
        with store.session() as s:
            for name, text, n in s.execute(stmt).all():
                if name:
                    tally[(name, text or "")] = tally.get((name, text or ""), 0) + n
    return sorted(((en, ar, n) for (en, ar), n in tally.items()), key=lambda t: (-t[2], t[0]))[:limit]


def top_actors(store: Any, flt: EventFilter, lang: str, limit: int = 10, unit: str | None = None
               ) -> list[dict[str, Any]]:
    """The actors of the most events (`counts.top`), named in the view's language; two ACLED names
    shown alike (one Arabic spelling) are one line."""
    merged: dict[str, dict[str, Any]] = {}
    for it in counts.top(store, flt, "actor", limit=limit, unit=unit)["items"]:
        label = actor_display(it["value"], it["label_ar"], lang)
        line = merged.setdefault(label, {"label": label, "value": it["value"], "count": 0})
        line["count"] += it["count"]
    return sorted(merged.values(), key=lambda a: (-a["count"], a["label"]))


def top_places(store: Any, flt: EventFilter, lang: str, limit: int = 10, unit: str | None = None
               ) -> list[dict[str, Any]]:
    """The governorates / provinces of the most events (`counts.top`): each links to its filter."""
    return [{"label": i18n.admin1_name(it["value"], lang), "admin1": it["value"], "count": it["count"]}
            for it in counts.top(store, flt, "admin1", limit=limit, unit=unit)["items"]]


def deadliest(store: Any, flt: EventFilter, limit: int = 10, unit: str | None = None) -> list[dict[str, Any]]:
    """The newest events with at least HIGH_FATALITIES reported deaths (`counts.newest`)."""
    return counts.newest(store, flt, min_fatalities=HIGH_FATALITIES, limit=limit, unit=unit)["items"]


def _vocabulary(store: Any) -> dict[str, list[dict[str, Any]]]:
    """Every actor and governorate stored, with both names (cached for SUGGEST_TTL seconds)."""
    key = id(store)
    now = time.monotonic()
    with _lock:
        hit = _cache.get(key)
        if hit and now - hit[0] < SUGGEST_TTL:
            return hit[1]
    actors = [{"en": en, "ar": actor_display(en, ar, "ar"), "count": n}
              for en, ar, n in _actor_pairs(store, 5000)]
    admin1 = [{"en": it["value"], "ar": i18n.admin1_name(it["value"], "ar"), "count": it["count"]}
              for it in counts.top(store, EventFilter(), "admin1", limit=5000, unit="report")["items"]]
    known = {a["en"] for a in admin1}
    admin1 += [{"en": g["value"], "ar": g["ar"], "count": 0} for g in i18n.GOVERNORATES if g["value"] not in known]
    vocab = {"actor": actors, "place": sorted(admin1, key=lambda a: (-a["count"], a["en"]))}
    with _lock:
        _cache[key] = (now, vocab)
    return vocab


def suggest(store: Any, field: str, q: str, lang: str, limit: int = 10) -> list[dict[str, Any]]:
    """Names of `field` ("actor" or "place") containing `q` (Arabic or English, folded), each once,
    most frequent first; `value` is the name in the view's language (the filters take either)."""
    key = name_filter_key(q) or ""
    out: dict[str, dict[str, Any]] = {}
    for item in _vocabulary(store).get(field, []):
        if key and key not in (name_filter_key(item["en"]) or "") and key not in (name_filter_key(item["ar"]) or ""):
            continue
        label = item["ar"] if lang == "ar" else item["en"]
        if label in out:
            out[label]["count"] += item["count"]
            continue
        out[label] = {"value": label, "label": label, "count": item["count"]}
        if len(out) >= limit:
            break
    return list(out.values())
