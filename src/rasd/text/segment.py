"""Segmentation of the canonical text: sentences and tokens, each with character offsets.

Tokens keep clitics attached (`والأطفال` is one token, as in the NER corpora); `rasd.text.clitics`
splits them on demand. Sentences end at . ! ? ؟ … and line breaks, also when the writer left no
space after the stop (`سببه.وقال`), but not inside numbers, abbreviations, URLs or e-mails.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np

from rasd.text.chars import ARABIC_LETTERS

TOKEN_RE = re.compile(
    r"(?:https?://|www\.)[^\s\"'<>«»“”]+"
    r"|(?>[\w.+-]+)@[\w-]+(?:\.[\w-]+)+"
    r"|\d+(?:[.,:/\-]\d+)*%?"
    r"|[^\W\d_]+"
    r"|\S",
)
_STOP = r"[.!?؟…]+"
_CLOSERS = "\"'”»’)\\]›"
SENTENCE_END_RE = re.compile(f"{_STOP}[{re.escape(_CLOSERS)}]*")
_ABBREV_BEFORE = re.compile(rf"(?:^|[\s.(])(?:[{ARABIC_LETTERS}]|[A-Za-z]{{1,3}})$")
_NO_BREAK_AFTER = "،,:;؛" + "".join(".!?؟…")


# Multi-character tokens that cross character classes: URLs, e-mails, 3.5, 19/8/2019, 50%.
_SPECIAL_RE = re.compile(
    r"(?:https?://|www\.)[^\s\"'<>«»“”]+"
    r"|(?>[\w.+-]+)@[\w-]+(?:\.[\w-]+)+"
    r"|\d+(?:[.,:/\-]\d+)+%?|\d+%"
)
_SPACE, _LETTER, _DIGIT, _PUNCT = 0, 1, 2, 3


def tokens(text: str) -> list[tuple[int, int]]:
    """(start, end) of every token; whitespace is not a token.

    Same result as `TOKEN_RE.finditer` (the reference, checked by tests), computed on character
    classes with numpy: tokenization runs on every article and is the hot loop of segmentation.
    """
    if not text:
        return []
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    cls = _class_table()[np.minimum(codes, 0xFFFF)]
    astral = np.flatnonzero(codes > 0xFFFF)
    if len(astral):  # rare (math letters, emoji): classify them one by one, as TOKEN_RE does
        cls[astral] = [_class_of(chr(c)) for c in codes[astral].tolist()]
    nonspace = cls != _SPACE
    single = cls == _PUNCT
    change = np.empty(len(cls), dtype=bool)
    change[0] = True
    np.not_equal(cls[1:], cls[:-1], out=change[1:])
    starts = np.flatnonzero(nonspace & (change | single))
    change_after = np.empty(len(cls), dtype=bool)
    change_after[-1] = True
    change_after[:-1] = change[1:]
    ends = np.flatnonzero(nonspace & (change_after | single)) + 1
    spans = list(zip(starts.tolist(), ends.tolist(), strict=True))
    if not _has_special(text):
        return spans
    starts_set = set(starts.tolist())
    specials = []
    pos = 0
    while (m := _SPECIAL_RE.search(text, pos)) is not None:
        if m.start() in starts_set:  # TOKEN_RE starts a token only where a class token starts
            specials.append(m.span())
            pos = m.end()
        else:
            pos = m.start() + 1
    return _merge_specials(spans, specials) if specials else spans


def _has_special(text: str) -> bool:
    return "@" in text or "%" in text or "www." in text or "://" in text or _SEPARATED_DIGITS.search(text) is not None


_SEPARATED_DIGITS = re.compile(r"\d[.,:/\-]\d")


def _merge_specials(spans: list[tuple[int, int]], specials: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Replace the class tokens covered by each special token with that one token."""
    out: list[tuple[int, int]] = []
    i = 0
    for s, e in specials:
        while i < len(spans) and spans[i][1] <= s:
            out.append(spans[i])
            i += 1
        while i < len(spans) and spans[i][0] < e:
            i += 1
        out.append((s, e))
    out.extend(spans[i:])
    return out


def _class_of(ch: str) -> int:
    """The class of one character, as `TOKEN_RE` sees it."""
    if ch.isspace():
        return _SPACE
    if ch.isdecimal():
        return _DIGIT
    if (ch.isalnum() or ch.isnumeric()) and ch != "_":
        return _LETTER
    return _PUNCT


@cache
def _class_table() -> np.ndarray:
    """Character class of every BMP code point (astral ones are classified where they occur)."""
    return np.array([_class_of(chr(cp)) for cp in range(0x10000)], dtype=np.uint8)


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence, stripped of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BREAK_RE.finditer(text):
        if m.group() == "\n" or _is_boundary(text, m.start(), m.end()):
            _add(text, start, m.end() if m.group() != "\n" else m.start(), spans)
            start = m.end()
    _add(text, start, len(text), spans)
    return spans


_BREAK_RE = re.compile(f"\n|{_STOP}[{re.escape(_CLOSERS)}]*")


def _is_boundary(text: str, start: int, end: int) -> bool:
    """Is the stop text[start:end] a sentence end? Looks only at a few characters around it."""
    nxt_pos = end
    while nxt_pos < len(text) and text[nxt_pos] in " \t\r":
        nxt_pos += 1
    if nxt_pos >= len(text) or text[nxt_pos] == "\n":
        return True
    if text[nxt_pos] in _NO_BREAK_AFTER:
        return False
    stop = text[start:end]
    if stop[0] != "." or (len(stop) > 1 and stop[1] not in _CLOSERS):
        return True
    prev, after = text[start - 1 : start], text[end : end + 1]
    if prev.isdigit() and after.isdigit():
        return False  # 3.5, 19.8.2019
    if not after.isspace() and not _is_arabic_letter(after):
        return False  # www.example.com, U.S.A
    if _ABBREV_BEFORE.search(text[max(0, start - 5) : start]):
        return False  # ق.م، د. فلان، U.S.
    return after.isspace() or not _is_latin_word_before(prev)


def _is_arabic_letter(ch: str) -> bool:
    return bool(ch) and re.match(f"[{ARABIC_LETTERS}]", ch) is not None


def _is_latin_word_before(before: str) -> bool:
    return bool(re.search(r"[A-Za-z0-9]$", before))


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
