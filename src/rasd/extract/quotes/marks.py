"""Quotation marks paired into quoted stretches, as real pages write them.

Glyphs are not trusted on their own: pages use `” … ”`, `» … «` and plain `"` as often as the
textbook pairs. A mark's role comes from its context (a space or start before it and a letter
after it opens; a letter before it and a space, stop or end after it closes), the glyph only
breaks ties. An inner pair of another family nests; a quote still open at the end of a line
goes on across the break only when the next line closes it before opening another one,
otherwise it ends with its line (an unclosed quote). A « opened again on a line where no » closes
either ends the first unclosed one at the second.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

CLOSERS = "»”›"
FAMILY = {"«": "a", "»": "a", "“": "b", "”": "b", "„": "b", "‹": "c", "›": "c", '"': "d"}
PROCLITIC_LETTERS = "بلوفك"
MARK_RE = re.compile('[«»“”„‹›"]')
MAX_QUOTE = 4000  # characters: a longer stretch is a stray mark, not a quote


@dataclass(frozen=True)
class Quoted:
    """A quoted stretch: `open`/`close` are the marks' offsets (close = None when unclosed);
    `start`/`end` the content inside them, trimmed of spaces."""

    open: int
    close: int | None
    start: int
    end: int
    depth: int


def _roles(text: str, i: int) -> tuple[bool, bool]:
    """(can open, can close) for the mark at i, from the characters around it."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before in PROCLITIC_LETTERS and (i < 2 or text[i - 2].isspace()) and after.isalnum():
        return True, False  # بـ«الإرهابيين»، لـ«الشرق الأوسط»: a one-letter proclitic opens like a space
    can_open = (before.isspace() or before in ":،,;؛.(-–—" or MARK_RE.match(before) is not None) and not (
        after.isspace() and text[i] in CLOSERS and before.isalnum()
    )
    can_close = not before.isspace() or after in ".،,;؛:)!?؟" or after == "\n" or i + 1 >= len(text)
    if after.isalnum() and not before.isalnum():
        can_close = False
    if before.isalnum() and not (after.isalnum()):
        can_open = False
    return can_open, can_close


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class _Lines:
    """Line ends of a text, indexed once: `text.find("\\n", pos)` per mark rescans a long line."""

    def __init__(self, text: str) -> None:
        self.ends = [m.start() for m in re.finditer("\n", text)]
        self.size = len(text)

    def end(self, pos: int) -> int:
        n = bisect_left(self.ends, pos)
        return self.ends[n] if n < len(self.ends) else self.size


def find(text: str) -> list[Quoted]:
    """Every quoted stretch of the text, outer and nested, in order of their opening marks."""
    marks = [m.start() for m in MARK_RE.finditer(text)]
    lines = _Lines(text)
    out: list[Quoted] = []
    stack: list[int] = []
    for i in marks:
        _close_at_line_ends(text, lines, stack, i, i, out)
        can_open, can_close = _roles(text, i)
        fam = FAMILY[text[i]]
        if stack and can_close and (FAMILY[text[stack[-1]]] == fam or not can_open or fam == "d"):
            _emit(text, stack.pop(), i, len(stack), out)
        elif can_open or not stack:
            if stack and text[i] == "«" and text[stack[-1]] == "«" and "»" not in text[i : lines.end(i)]:
                # «… وأضاف أن … «…: neither closes on the line, so the first ended where the second opens
                _emit_unclosed(text, stack.pop(), i, len(stack), out)
            stack.append(i)
        else:
            _emit(text, stack.pop(), i, len(stack), out)
    _close_at_line_ends(text, lines, stack, len(text), None, out)
    while stack:
        o = stack.pop()
        _emit_unclosed(text, o, lines.end(o), len(stack), out)
    out.sort(key=lambda q: q.open)
    return out


def _close_at_line_ends(
    text: str, lines: _Lines, stack: list[int], upto: int, first: int | None, out: list[Quoted]
) -> None:
    """Open quotes whose line ended before `upto` end there, unless the next line closes them
    (`first` is the next mark, the one at `upto`)."""
    while stack:
        o = stack[-1]
        line_end = lines.end(o)
        if line_end >= upto:
            return
        if first is not None and _next_line_closes(text, line_end, first) and first - o < MAX_QUOTE:
            return
        stack.pop()
        _emit_unclosed(text, o, line_end, len(stack), out)


def _next_line_closes(text: str, line_end: int, first: int) -> bool:
    """True when the first mark after the break is a closer and sits on the very next line."""
    if text.count("\n", line_end, first) > 1 and text[line_end:first].strip("\n ").count("\n") > 0:
        return False
    can_open, can_close = _roles(text, first)
    return can_close and not can_open and "\n" not in text[line_end + 1 : first]


def _emit(text: str, o: int, c: int, depth: int, out: list[Quoted]) -> None:
    if c - o > MAX_QUOTE:
        return
    start, end = _trim(text, o + 1, c)
    if end > start:
        out.append(Quoted(o, c, start, end, depth))


def _emit_unclosed(text: str, o: int, line_end: int, depth: int, out: list[Quoted]) -> None:
    start, end = _trim(text, o + 1, line_end)
    while end > start and text[end - 1] in ".،,":
        end -= 1
    if end > start and end - start <= MAX_QUOTE:
        out.append(Quoted(o, None, start, end, depth))
