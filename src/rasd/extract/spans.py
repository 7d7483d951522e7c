"""Overlap tests against a document's boilerplate spans in O(log n) per query.

`base.in_boilerplate` scans every boilerplate span per item; on a long page with many boilerplate
lines and many items that is quadratic. Extractors that test every candidate build one `Spans`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from typing import Any

from spacy.tokens import Doc


class Spans:
    """Sorted, merged [start, end) spans with a bisection overlap test."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for s, e in sorted(spans):
            if merged and s < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def overlaps(self, start: int, end: int) -> bool:
        """True when the non-empty range [start, end) overlaps a span."""
        k = bisect_left(self.starts, end) - 1  # the last span starting before `end`
        return k >= 0 and self.ends[k] > start


def boilerplate(doc: Doc) -> Spans:
    """The doc's boilerplate lines as `Spans` (same answers as `base.in_boilerplate`)."""
    items: list[dict[str, Any]] = doc._.boilerplate or []
    return Spans((b["start"], b["end"]) for b in items)
