"""Small SQL tallies for the workbench: filter suggestions, top places and actors, deadly events.

Counts by period (the timeline) are the store's `GET /api/counts`; these are the few lists the
pages need besides it. Every query takes the one event filter (`Store._event_conditions`), so
the dashboard's lists follow the same filters as the events page. Names come in the view's
language: the article's own spelling in Arabic (`actor1_text`, `location_ar`), the ACLED/English
name in English.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from sqlalchemy import func, select

from rasd.filters import EventFilter
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


def _actor_pairs(store: Any, flt: EventFilter | None, limit: int | None) -> list[tuple[str, str, int]]:
    """(English name, name as written, events) for actor1 and actor2 together, most frequent first."""
    counts: dict[tuple[str, str], int] = {}
    for side in ("actor1", "actor2"):
        en = getattr(Event, side)
        ar = Event.row[f"{side}_text"].as_string()
        stmt = _base(store, flt, en, ar, func.count()).where(en.is_not(None)).group_by(en, ar)
        with store.session() as s:
            for name, text, n in s.execute(stmt).all():
                if name:
                    counts[(name, text or "")] = counts.get((name, text or ""), 0) + n
    ranked = sorted(((en, ar, n) for (en, ar), n in counts.items()), key=lambda t: (-t[2], t[0]))
    return ranked[:limit] if limit else ranked


def top_actors(store: Any, flt: EventFilter | None, lang: str, limit: int = 10) -> list[dict[str, Any]]:
    """The actors named in the most events, in the view's language (merged by displayed name)."""
    merged: dict[str, int] = {}
    for en, ar, n in _actor_pairs(store, flt, None):
        label = actor_display(en, ar, lang)
        merged[label] = merged.get(label, 0) + n
    return [{"label": k, "value": k, "count": n}
            for k, n in sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]


def top_places(store: Any, flt: EventFilter | None, lang: str, limit: int = 10) -> list[dict[str, Any]]:
    """The locations of the most events, with their governorate (the filter value)."""
    loc_ar = Event.row["location_ar"].as_string()
    stmt = (_base(store, flt, Event.location, loc_ar, Event.admin1, func.count().label("n"))
            .where(Event.location.is_not(None)).group_by(Event.location, loc_ar, Event.admin1)
            .order_by(func.count().desc(), Event.location).limit(limit))
    with store.session() as s:
        rows = s.execute(stmt).all()
    return [{"label": ((ar or en) if lang == "ar" else en), "admin1": admin1 or "",
             "admin1_label": i18n.admin1_name(admin1, lang), "count": n} for en, ar, admin1, n in rows]


def deadliest(store: Any, flt: EventFilter | None, limit: int = 10, minimum: int = HIGH_FATALITIES) -> list[dict]:
    """The newest events with at least `minimum` reported deaths (event rows, as the events API)."""
    stmt = (_base(store, flt, Event.row, Event.vid).where(Event.fatalities >= minimum)
            .order_by(Event.date.desc().nulls_last(), Event.fatalities.desc(), Event.pk).limit(limit))
    with store.session() as s:
        return [{**(row or {}), "id": vid} for row, vid in s.execute(stmt).all()]


def _vocabulary(store: Any) -> dict[str, list[dict[str, Any]]]:
    """Every actor and governorate stored, with both names (cached for SUGGEST_TTL seconds)."""
    key = id(store)
    now = time.monotonic()
    with _lock:
        hit = _cache.get(key)
        if hit and now - hit[0] < SUGGEST_TTL:
            return hit[1]
    actors = [{"en": en, "ar": actor_display(en, ar, "ar"), "count": n}
              for en, ar, n in _actor_pairs(store, None, 5000)]
    stmt = _base(store, None, Event.admin1, func.count()).where(Event.admin1.is_not(None)).group_by(Event.admin1)
    with store.session() as s:
        admin1 = [{"en": a, "ar": i18n.admin1_name(a, "ar"), "count": n} for a, n in s.execute(stmt).all() if a]
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
