"""The event filters, defined once: what the CLI, the API, the web pages and every export format
select. They select EVENTS (not the articles that hold them) by the event's own fields.

Values may be given in Arabic or English (إدلب or Idlib, معارك or Battles, سوريا or Syria); they are
normalised here to the spelling rows carry, and a value that names nothing raises
`UnknownFilterValue` so callers can say so instead of returning an empty result silently.
`EventFilter.matches(row)` is the reference semantics; the store's SQL (`rasd.store.db`) applies
the same tests to columns written from the same rows (a test checks the two agree).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from rasd import admin, taxonomy
from rasd.rows import REVIEW_STATUSES, EventRow
from rasd.text.keys import name_filter_key

FILTERS = ("event_type", "sub_event_type", "date_from", "date_to", "admin1", "actor", "country", "source",
           "background", "review_status", "machine")


class UnknownFilterValue(ValueError):
    """A filter value that names no event type, place, country or source rasd knows."""

    def __init__(self, name: str, value: str, hint: str = "") -> None:
        self.name, self.value = name, value
        super().__init__(f"unknown {name}: {value!r}" + (f" ({hint})" if hint else ""))


def actor_keys(row: EventRow) -> str:
    """The keys an actor filter is matched against, '|'-joined (ACLED names and names as written)."""
    names = (row.actor1, row.actor1_text, row.actor2, row.actor2_text, row.assoc_actor_1, row.assoc_actor_2)
    return "|".join(k for k in (name_filter_key(n) for n in names) if k)


def day(value: str | dt.date | None, *, end: bool) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD as a full day: the first, or the last when `end`."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", str(value).strip())
    if not m:
        raise UnknownFilterValue("date_to" if end else "date_from", str(value), "use YYYY-MM-DD")
    year, month = int(m[1]), int(m[2]) if m[2] else (12 if end else 1)
    try:
        if m[3]:
            return dt.date(year, month, int(m[3])).isoformat()
        last = calendar.monthrange(year, month)[1] if end else 1
        return dt.date(year, month, last).isoformat()
    except ValueError:
        raise UnknownFilterValue("date_to" if end else "date_from", str(value), "not a date") from None


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Normalised event filters (None = not set); `background` True also selects background events.

    `review_status` is a comma-separated set of `rasd.rows.REVIEW_STATUSES`; unset, rejected events
    are left out. `machine` asks for the machine's values as rasd extracted them (reviews ignored:
    nothing is left out as rejected, and fields are filtered on the machine's values).
    """

    event_type: str | None = None
    sub_event_type: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    admin1: str | None = None
    actor: str | None = None
    country: str | None = None
    source: str | None = None
    background: bool = False
    review_status: str | None = None
    machine: bool = False

    @classmethod
    def parse(cls, *, known_admin1: Iterable[str] = (), known_sources: Iterable[str] | None = None,
              **values: Any) -> EventFilter:
        """Normalise raw values (Arabic or English); raises `UnknownFilterValue` for unknown ones.

        `known_admin1` adds admin1 names found in the data (outside `lexicon/admin1.tsv`);
        `known_sources`, when given, is the list of outlets a source must be one of.
        """
        unknown = set(values) - set(FILTERS) - {"place"}
        if unknown:
            raise TypeError(f"unknown filter(s): {', '.join(sorted(unknown))}")
        v = {k: (str(x).strip() if isinstance(x, str) else x) for k, x in values.items() if x not in (None, "")}
        out: dict[str, Any] = {"background": bool(v.get("background")), "machine": bool(v.get("machine"))}
        if "review_status" in v:
            out["review_status"] = review_statuses(v["review_status"])
        if "event_type" in v:
            out["event_type"] = taxonomy.event_type_of(v["event_type"]) or _raise("event_type", v["event_type"])
        if "sub_event_type" in v:
            out["sub_event_type"] = (taxonomy.sub_event_type_of(v["sub_event_type"])
                                     or _raise("sub_event_type", v["sub_event_type"]))
        out["date_from"] = day(v.get("date_from"), end=False)
        out["date_to"] = day(v.get("date_to"), end=True)
        if "admin1" in v:
            out["admin1"] = admin.admin1_of(v["admin1"]) or _known(v["admin1"], known_admin1) or _raise(
                "admin1", v["admin1"], "a governorate or province in Arabic or English")
        if "actor" in v:
            out["actor"] = name_filter_key(v["actor"]) or _raise("actor", v["actor"])
        if "country" in v:
            out["country"] = admin.country_code(v["country"]) or _raise("country", v["country"])
        if "source" in v:
            if known_sources is not None and v["source"] not in set(known_sources):
                _raise("source", v["source"], "no article from this outlet")
            out["source"] = v["source"]
        return cls(**out)

    def matches(self, row: EventRow) -> bool:
        """True when the event row passes every set filter."""
        return (
            (self.background or not row.background)
            and self.review_ok(row.review_status)
            and (self.event_type is None or row.event_type == self.event_type)
            and (self.sub_event_type is None or row.sub_event_type == self.sub_event_type)
            and (self.date_from is None or (row.event_date is not None and row.event_date >= self.date_from))
            and (self.date_to is None or (row.event_date is not None and row.event_date <= self.date_to))
            and (self.admin1 is None or row.admin1 == self.admin1)
            and (self.country is None or row.country_code == self.country)
            and (self.source is None or row.source == self.source)
            and (self.actor is None or self.actor in actor_keys(row))
        )

    def review_ok(self, status: str | None) -> bool:
        """The review-status test alone (rejected events are out unless asked for, or `machine`)."""
        status = status or "unreviewed"
        if self.review_status:
            return status in self.review_status.split(",")
        return self.machine or status != "rejected"

    def params(self) -> dict[str, Any]:
        """The set filters (for links and for the store)."""
        return {k: v for k, v in asdict(self).items() if v not in (None, False)}


def review_statuses(value: str | Iterable[str]) -> str | None:
    """'edited, rejected' or a list of statuses -> 'edited,rejected' in the canonical order; 'all' is
    every status (rejected included). An unknown status raises `UnknownFilterValue`."""
    given = value.split(",") if isinstance(value, str) else list(value)
    wanted = {w.strip().lower() for w in given if w and w.strip()}
    if "all" in wanted:
        return ",".join(REVIEW_STATUSES)
    for w in sorted(wanted - set(REVIEW_STATUSES)):
        _raise("review_status", w, "one of " + ", ".join(REVIEW_STATUSES) + " or all")
    return ",".join(s for s in REVIEW_STATUSES if s in wanted) or None


def _known(value: str, names: Iterable[str]) -> str | None:
    key = name_filter_key(value)
    return next((n for n in names if n and name_filter_key(n) == key), None)


def _raise(name: str, value: str, hint: str = "") -> Any:
    raise UnknownFilterValue(name, value, hint)
