"""Offset map between the canonical (cleaned) text and the original text.

Cleaning deletes characters (tatweel, diacritics, inserted punctuation), replaces some one for one
(digits, look-alike letters) and expands a few (presentation-form ligatures). Every canonical span
must map back to the exact original characters it came from, so the map is kept as a list of
segments and looked up with bisect: memory stays proportional to the number of edits, not to the
length of the text, and the identity map (the common case) costs nothing.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class OffsetMap:
    """Monotone map from canonical positions to original positions.

    Segments are (canonical_start, original_start, canonical_len, original_len). A segment whose
    two lengths are equal maps position by position; any other segment (an expansion or a
    contraction) maps as one unit. Gaps in the original between segments are deleted characters.
    """

    canonical_len: int
    original_len: int
    c_starts: list[int] = field(default_factory=list)
    o_starts: list[int] = field(default_factory=list)
    c_lens: list[int] = field(default_factory=list)
    o_lens: list[int] = field(default_factory=list)
    # When cleaning only deleted or replaced characters one for one (the common case), the map is
    # one array: canonical index -> original index, built in C by numpy and read in O(1).
    dense: Any = None

    @classmethod
    def from_kept(cls, kept: Any, original_len: int) -> OffsetMap:
        """The map of a cleaning that kept the characters at original indexes `kept` (ascending)."""
        return cls(len(kept), original_len, dense=kept)

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """The map of a text that cleaning left unchanged."""
        return cls(length, length, [0], [0], [length], [length])

    def add(self, c_start: int, o_start: int, c_len: int, o_len: int) -> None:
        """Append a segment; segments must come in order and have c_len > 0."""
        if (
            self.c_starts
            and self.c_lens[-1] == self.o_lens[-1]
            and c_len == o_len
            and self.c_starts[-1] + self.c_lens[-1] == c_start
            and self.o_starts[-1] + self.o_lens[-1] == o_start
        ):
            self.c_lens[-1] += c_len
            self.o_lens[-1] += o_len
            return
        self.c_starts.append(c_start)
        self.o_starts.append(o_start)
        self.c_lens.append(c_len)
        self.o_lens.append(o_len)

    def _segment(self, pos: int) -> int:
        return max(bisect_right(self.c_starts, pos) - 1, 0)

    def start(self, pos: int) -> int:
        """Original index of the character at canonical `pos` (a span start)."""
        if self.dense is not None:
            return int(self.dense[pos]) if 0 <= pos < self.canonical_len else self.original_len
        if pos >= self.canonical_len or not self.c_starts:
            return self.original_len
        i = self._segment(pos)
        offset = pos - self.c_starts[i]
        if self.c_lens[i] == self.o_lens[i]:
            return self.o_starts[i] + offset
        return self.o_starts[i]

    def end(self, pos: int) -> int:
        """Original index just after canonical character `pos - 1` (a span end)."""
        if self.dense is not None:
            if pos <= 0:
                return self.start(0) if self.canonical_len else 0
            return int(self.dense[min(pos, self.canonical_len) - 1]) + 1
        if pos <= 0 or not self.c_starts:
            return self.start(0) if self.c_starts else 0
        last = min(pos, self.canonical_len) - 1
        i = self._segment(last)
        offset = last - self.c_starts[i]
        if self.c_lens[i] == self.o_lens[i]:
            return self.o_starts[i] + offset + 1
        return self.o_starts[i] + self.o_lens[i]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a canonical span [start, end) to the original span covering it."""
        o_start = self.start(start)
        o_end = self.end(end) if end > start else o_start
        return o_start, max(o_start, o_end)
