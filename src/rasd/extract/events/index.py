"""What events reads from a `Doc`, indexed once per document so every lookup is a bisect.

The events component asks, for each sentence and trigger, for the times, places, actors,
casualties, quotes and table hits inside a span. Filtering the doc's whole lists per question
is quadratic (a 1 MB article took minutes); here each list is sorted by start once and a span
query slices it. Offsets are canonical.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import cache
from typing import Any

from spacy.tokens import Doc

from rasd.extract.base import text_of
from rasd.extract.events.lexicon import Hit, Matcher, actor_types, compile_forms, longest_first, sources, triggers
from rasd.lexicon import load_table, variants
from rasd.text.chars import DIACRITICS_RE
from rasd.text.keys import same_length_key

USER_KEY = "rasd_events_index"


class Spans:
    """Items sorted by their `start`; `within(a, b)` are those starting in [a, b)."""

    def __init__(self, items: Sequence[dict[str, Any]]) -> None:
        self.items = sorted((x for x in items if isinstance(x.get("start"), int) and isinstance(x.get("end"), int)),
                            key=lambda x: x["start"])
        self.starts = [x["start"] for x in self.items]

    def within(self, start: int, end: int) -> list[dict[str, Any]]:
        return self.items[bisect_left(self.starts, start) : bisect_left(self.starts, end)]

    def holding(self, pos: int, lookback: int = 32) -> list[dict[str, Any]]:
        """Items with start <= pos < end (among the `lookback` nearest starts: items rarely nest deeply)."""
        i = bisect_right(self.starts, pos)
        return [x for x in self.items[max(0, i - lookback) : i] if x["end"] > pos]


class TableHits:
    """All hits of one table matcher in the doc, sorted by start, sliced per span.

    The table forms carry no diacritics; a text that writes some ("قُتل"، "أُصيب"، "اغتيلَ") is
    scanned without them and each hit mapped back to its canonical span."""

    def __init__(self, matcher: Matcher, key: str) -> None:
        if DIACRITICS_RE.search(key):
            bare, at = _strip_marks(key)
            found = [Hit(at[h.start], at[h.end - 1] + 1, h.row) for h in matcher.scan(bare) if h.end > h.start]
        else:
            found = matcher.scan(key)
        self.hits = sorted(found, key=lambda h: (h.start, h.end))
        self.starts = [h.start for h in self.hits]

    def find(self, start: int, end: int) -> list[Hit]:
        """Non-overlapping hits inside [start, end), the longest kept, in text order."""
        lo, hi = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return longest_first([h for h in self.hits[lo:hi] if h.end <= end])


def _strip_marks(key: str) -> tuple[str, list[int]]:
    """The key without diacritics and tatweel, and each remaining character's canonical offset."""
    keep = [i for i, ch in enumerate(key) if not (DIACRITICS_RE.match(ch) or ch == "\u0640")]
    return "".join(key[i] for i in keep), keep


class DocIndex:
    """The canonical text, its matching key, and every list events reads, indexed."""

    def __init__(self, doc: Doc) -> None:
        self.text = text_of(doc)
        self.key = same_length_key(self.text)
        self.times = Spans(doc._.times or [])
        # Places inside agreement names, actor names or bracketed asides are mentions, never where
        # an event happened (اتفاق سوتشي، ذراع القاعدة في سورية، (…في سوريا)).
        self.places = Spans([p for p in doc._.places or []
                             if not (p.get("in_agreement") or p.get("in_actor") or p.get("aside")
                                     or _led_by(self.key, p["start"]))
                             and (p.get("geonameid") or p.get("lat") is not None or p.get("admin1"))])
        self.actors = Spans([e for e in doc._.entities or [] if e.get("actor")])
        self.persons = Spans([e for e in doc._.entities or [] if e.get("label") == "PER" and not e.get("actor")])
        self.quantities = quantities = {q.get("id"): q for q in doc._.quantities or [] if q.get("id")}
        self.casualties = Spans([c for c in doc._.casualties or [] if not _vague(quantities.get(c.get("quantity")))])
        self.quotes = Spans(doc._.quotes or [])
        self.boilerplate = Spans(doc._.boilerplate or [])
        self.triggers = TableHits(triggers()[1], self.key)
        self.sources = TableHits(sources()[1], self.key)
        self.actor_types = TableHits(actor_types()[1], self.key)
        self.fallbacks: list[dict[str, Any]] | None = None  # article-level locations, read on first need

    def in_boilerplate(self, start: int, end: int) -> bool:
        """Like `base.in_boilerplate`, by bisect (boilerplate lines do not overlap each other)."""
        i = bisect_left(self.boilerplate.starts, end)
        return any(b["end"] > start for b in self.boilerplate.items[max(0, i - 4) : i])

    def outside_boilerplate(self, start: int, end: int) -> tuple[int, int] | None:
        """The sentence without the boilerplate lines at its edges, or None when nothing else is
        left. A dateline glued to the lead ("رويترز- القاهرة: قالت مصادر ... يوم السبت") must not
        take the lead's report and its day away with it."""
        i = bisect_left(self.boilerplate.starts, end)
        for b in sorted(self.boilerplate.items[max(0, i - 4) : i], key=lambda b: b["start"]):
            if b["end"] <= start:
                continue
            if b["start"] <= start:
                start = b["end"]
            elif b["start"] < end and len(self.text[start : b["start"]].strip()) > 0:
                end = b["start"]
        while start < end and self.text[start] in " \t\n:،,-–—":
            start += 1
        return (start, end) if end > start and self.text[start:end].strip() else None


@cache
def _leaders() -> re.Pattern[str]:
    """The forms of `event_place_leaders.tsv`, matched at the end of the text before a place."""
    forms = [f for r in load_table("event_place_leaders") for f in variants(r["forms"])]
    return re.compile(f"(?:{compile_forms(forms).pattern})\\s+$")


def _led_by(key: str, start: int) -> bool:
    """A place right after "الذي تقوده" or "المدعومة من": the patron of an actor, not a scene."""
    return _leaders().search(key, max(0, start - 40), start) is not None


def _vague(q: dict[str, Any] | None) -> bool:
    """"عشرات الجرحى" (dozens) is no figure: ACLED codes only reported numbers. "نحو عشرة" is one."""
    if q is None or not q.get("approx") or q.get("bound"):
        return False
    text = q.get("text") or ""
    return not any(ch.isdigit() for ch in text) and len(text.split()) == 1


def build(doc: Doc) -> DocIndex:
    """A fresh index of the doc, kept on it for the argument readers."""
    ix = doc.user_data[USER_KEY] = DocIndex(doc)
    return ix


def index_of(doc: Doc) -> DocIndex:
    """The doc's index (built on first use)."""
    ix = doc.user_data.get(USER_KEY)
    return ix if isinstance(ix, DocIndex) else build(doc)
