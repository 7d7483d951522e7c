"""rasd's live accuracy: what reviewers confirmed, corrected or rejected, read as a score.

Every reviewed event holds the machine's values the reviewer saw (`event_reviews.machine`) and the
values the reviewer left. Per field (type, date, place, actors, fatalities) the agreement is the
share of confirmed or edited events where the two are the same; `rejected` counts the events
reviewers threw out (the machine's false positives). Figures come overall and per source (the
outlet of the article), the accuracy rasd's users actually see.

`gold(...)` writes the reviewed events as gold files in the format of `../shared/eval/GOLD.md`
(one JSON object per article, events only: score them with the events part of the scorer; an
article whose events were not all reviewed is marked `"complete": false`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rasd.text.keys import name_filter_key as name_key

if TYPE_CHECKING:
    from rasd.store.db import Store

FIELDS = ("type", "date", "place", "actors", "fatalities")


def _same_place(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    if a.get("geonameid") and b.get("geonameid"):
        return a["geonameid"] == b["geonameid"]
    return (name_key(a.get("location")) == name_key(b.get("location"))
            and a.get("admin1") == b.get("admin1") and a.get("country_code") == b.get("country_code"))


def agrees(field: str, machine: Mapping[str, Any], reviewed: Mapping[str, Any]) -> bool:
    """True when the machine's value of `field` is the reviewer's."""
    if field == "type":
        return (machine.get("event_type"), machine.get("sub_event_type")) == (
            reviewed.get("event_type"), reviewed.get("sub_event_type"))
    if field == "date":
        return machine.get("event_date") == reviewed.get("event_date")
    if field == "place":
        return _same_place(machine, reviewed)
    if field == "actors":
        return all(name_key(machine.get(a)) == name_key(reviewed.get(a)) for a in ("actor1", "actor2"))
    if field == "fatalities":
        known = bool(machine.get("fatalities_known")), bool(reviewed.get("fatalities_known"))
        return known[0] == known[1] and (not known[0] or machine.get("fatalities") == reviewed.get("fatalities"))
    raise ValueError(field)


class Tally:
    """Counts of one group (overall or one source)."""

    def __init__(self) -> None:
        self.reviewed = self.rejected = 0
        self.agree = dict.fromkeys(FIELDS, 0)

    def add(self, item: Mapping[str, Any]) -> None:
        self.reviewed += 1
        if item["status"] == "rejected":
            self.rejected += 1
            return
        for f in FIELDS:
            self.agree[f] += agrees(f, item["machine"] or {}, item["reviewed"] or {})

    def to_dict(self) -> dict[str, Any]:
        events = self.reviewed - self.rejected
        return {"reviewed": self.reviewed, "rejected": self.rejected, "events": events,
                "precision": _rate(events, self.reviewed),
                "fields": {f: {"agree": self.agree[f], "total": events, "rate": _rate(self.agree[f], events)}
                           for f in FIELDS}}


def _rate(n: int, d: int) -> float | None:
    return round(n / d, 4) if d else None


def agreement(items: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """{"overall": figures, "by_source": {source: figures}} of the event reviews."""
    overall, by_source = Tally(), defaultdict(Tally)
    for item in items:
        overall.add(item)
        by_source[item.get("source") or ""].add(item)
    return {"overall": overall.to_dict(), "by_source": {k: v.to_dict() for k, v in sorted(by_source.items())}}


def evaluate(store: Store) -> dict[str, Any]:
    from rasd.store import review

    return agreement(review.reviews(store))


def gold_event(row: Mapping[str, Any], machine: Mapping[str, Any]) -> dict[str, Any]:
    """One reviewed event in the gold format (GOLD.md: events[])."""
    def names(*values: Any) -> list[str]:
        return list(dict.fromkeys(str(v) for v in values if v))

    date = row.get("event_date")
    if date and row.get("time_precision") == 3:
        date = date[:7]
    same = {a: name_key(row.get(a)) == name_key(machine.get(a)) for a in ("actor1", "actor2")}
    return {
        "event_type": row.get("event_type"), "sub_event_type": row.get("sub_event_type"), "date": date,
        "geonameid_any": names(row.get("geonameid")) and [row["geonameid"]],
        "admin1_any": names(row.get("admin1")), "location_text_any": names(row.get("location_ar"), row.get("location")),
        "actor1_any": names(row.get("actor1"), row.get("actor1_text") if same["actor1"] else None),
        "actor2_any": names(row.get("actor2"), row.get("actor2_text") if same["actor2"] else None),
        "fatalities": row.get("fatalities") if row.get("fatalities_known") else None,
        "injured": row.get("injured"), "source_any": names(row.get("reported_by")),
    }


def gold(store: Store, out: Path) -> int:
    """Write one gold file per reviewed article into the folder `out`; returns how many."""
    from rasd.store import review

    by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in review.reviews(store):
        by_article[item["article_id"]].append(item)
    out.mkdir(parents=True, exist_ok=True)
    for aid, items in by_article.items():
        meta = store.get_article(aid) or {}
        kept = [gold_event(i["row"] or {}, i["machine"] or {}) for i in items if i["status"] != "rejected"]
        doc = {"id": aid, "published": meta.get("published"), "source": meta.get("source"),
               "title": meta.get("title"), "events": kept,
               "complete": len(items) >= (meta.get("events") or 0), "reviewers": sorted(
                   {i["reviewer"] for i in items if i.get("reviewer")})}
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in aid)[:150] or "article"
        (out / f"{safe}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(by_article)


def table(report: Mapping[str, Any]) -> Any:
    """A Rich table of the figures: one row per group, one column per field."""
    from rich.table import Table

    t = Table(title="Agreement between rasd and its reviewers")
    for name in ("source", "reviewed", "rejected", *FIELDS):
        t.add_column(name, justify="left" if name == "source" else "right")

    def pct(x: float | None) -> str:
        return "–" if x is None else f"{100 * x:.1f}%"

    groups = [("(all)", report["overall"]), *report["by_source"].items()]
    for name, g in groups:
        t.add_row(name or "(no source)", str(g["reviewed"]), str(g["rejected"]),
                  *(pct(g["fields"][f]["rate"]) for f in FIELDS))
    return t
