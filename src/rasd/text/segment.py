"""Segmentation of the canonical text: sentences and tokens, each with character offsets.

Tokens keep clitics attached (`والأطفال` is one token, as in the NER corpora); `rasd.text.clitics`
splits them on demand. Sentences end at . ! ? ؟ … and line breaks, also when the writer left no
space after the stop (`سببه.وقال`), but not inside numbers, abbreviations, URLs or e-mails.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np

from rasd.lexicon import load_table, variants
from rasd.text.chars import ARABIC_LETTERS

TOKEN_RE = re.compile(
    r"(?:https?://|www\.)[^\s\"'<>«»“”]+"
    r"|(?>[\w.+-]+)@[\w-]+(?:\.[\w-]+)+"
    r"|\d+(?:[.,:/\-]\d+)*%?"
    r"|[^\W\d_]+"
    r"|\S",
)
_CLOSERS = "\"'”»’)\\]›"
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
    """(start, end) of every token; whitespace is not a token."""
    starts, ends = token_bounds(text)
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def token_bounds(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Start and end offsets of every token, as two arrays (what the spaCy tokenizer reads).

    Same result as `TOKEN_RE.finditer` (the reference, checked by tests), computed on character
    classes with numpy: tokenization runs on every article and is the hot loop of segmentation.
    A token boundary falls where the class changes and around every punctuation character; the
    pieces between boundaries that are not spaces are the tokens.
    """
    n = len(text)
    if not n:
        return _NO_BOUNDS
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    bmp = np.minimum(codes, 0xFFFF)
    cls = _class_table().take(bmp)
    if codes.max() > 0xFFFF:  # rare (math letters, emoji): classify them one by one, as TOKEN_RE does
        astral = (codes > 0xFFFF).nonzero()[0]
        cls[astral] = [_class_of(chr(c)) for c in codes[astral].tolist()]
    brk = np.empty(n, dtype=bool)
    brk[0] = True
    np.not_equal(cls[1:], cls[:-1], out=brk[1:])
    brk |= cls == _PUNCT
    bounds = brk.nonzero()[0]
    solid = cls[bounds] != _SPACE
    starts = bounds[solid]
    ends = np.append(bounds[1:], n)[solid]
    if "@" in text or "://" in text or "www." in text:  # rare: e-mails and URLs, by the full pattern
        specials = _special_tokens(text, set(starts.tolist()))
    else:
        specials = _number_tokens(text, bmp, cls)
    return _merge_specials(starts, ends, specials) if specials else (starts, ends)


_NO_BOUNDS = (np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp))


def _special_tokens(text: str, starts: set[int]) -> list[tuple[int, int]]:
    """URLs, e-mails and numbers, each taken where TOKEN_RE would start a token."""
    specials = []
    pos = 0
    while (m := _SPECIAL_RE.search(text, pos)) is not None:
        if m.start() in starts:  # TOKEN_RE starts a token only where a class token starts
            specials.append(m.span())
            pos = m.end()
        else:
            pos = m.start() + 1
    return specials


def _number_tokens(text: str, bmp: np.ndarray, cls: np.ndarray) -> list[tuple[int, int]]:
    """Numbers written with separators or a percent sign (3.5, 19/8/2019, 50%).

    Candidates are found on the class array (a digit followed by a separator and a digit, or by
    %); the number pattern then runs only at the start of those digit runs.
    """
    n = len(cls)
    digits = (cls == _DIGIT).nonzero()[0]
    digits = digits[digits + 1 < n]
    nxt = bmp[digits + 1]
    ends = digits[_SEPARATOR_OR_PERCENT[nxt]]
    if not len(ends):
        return []
    after = np.minimum(ends + 2, n - 1)
    ends = ends[(bmp[ends + 1] == _PERCENT) | ((ends + 2 < n) & (cls[after] == _DIGIT))]
    specials = []
    pos = 0
    for end in ends.tolist():
        start = end
        while start > 0 and cls[start - 1] == _DIGIT:
            start -= 1
        if start >= pos and (m := _NUMBER_RE.match(text, start)) is not None:
            specials.append(m.span())
            pos = m.end()
    return specials


_NUMBER_RE = re.compile(r"\d+(?:[.,:/\-]\d+)+%?|\d+%")
_PERCENT = ord("%")
_SEPARATOR_OR_PERCENT = np.zeros(0x10000, dtype=bool)
_SEPARATOR_OR_PERCENT[[ord(c) for c in ".,:/-%"]] = True


def _merge_specials(starts: np.ndarray, ends: np.ndarray,
                    specials: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """Replace the class tokens covered by each special token with that one token."""
    special = np.array(specials, dtype=np.intp)
    firsts = np.searchsorted(ends, special[:, 0], side="right").tolist()
    afters = np.searchsorted(starts, special[:, 1], side="left").tolist()
    keep = np.ones(len(starts), dtype=bool)
    for first, after in zip(firsts, afters, strict=True):
        keep[first:after] = False
    merged_starts = np.concatenate((starts[keep], special[:, 0]))
    order = np.argsort(merged_starts, kind="stable")
    return merged_starts[order], np.concatenate((ends[keep], special[:, 1]))[order]


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
    """(start, end) of every sentence, stripped of surrounding whitespace.

    One pass over the line breaks and stops (the pattern also takes the spaces after a stop, so
    the character that decides most cases is at `m.end()`); `_is_dot_boundary` judges the rest.
    """
    spans: list[tuple[int, int]] = []
    n = len(text)
    start = 0
    for m in _BREAK_RE.finditer(text):
        s = m.start()
        if text[s] == "\n":
            end = nxt = s
            nxt += 1
        else:
            end = nxt = m.end("stop_end")
            after = m.end()
            if after < n and text[after] != "\n":  # a stop at the end of a line always ends a sentence
                if text[after] in _NO_BREAK_AFTER:
                    continue
                if text[s] == "." and _in_acronym(text, s):
                    continue
                if text[s] == "." and (end - s == 1 or text[s + 1] in _CLOSERS) and not _is_dot_boundary(text, s, end):
                    continue
        _add(text, start, end, spans)
        start = nxt
    _add(text, start, n, spans)
    return spans


# Starts with a character class, so the regex engine scans for it fast; `stop_end` marks the end
# of the stop and its closing quotes, before the spaces that follow.
_BREAK_RE = re.compile(f"[\n.!?؟…](?:(?<=\n)|[.!?؟…]*[{re.escape(_CLOSERS)}]*(?P<stop_end>)[ \t\r]*)")


def _in_acronym(text: str, dot: int) -> bool:
    """Is the dot at `dot` one between the pieces of a dotted acronym (بي.بي.سي، سي. إن. إن)?
    The letters before it must end in a piece of one (a set lookup), then the table's pattern runs
    on a few words around it."""
    a = dot
    while a > 0 and dot - a < 5 and (text[a - 1].isalpha() or text[a - 1] == "ـ"):
        a -= 1
    pieces = _acronym_pieces()
    if not any(text[b:dot] in pieces for b in range(a, dot - 1)):  # after a clitic: لبي.بي.سي
        return False
    return any(m.start() < dot < m.end() for m in _acronym_re().finditer(text, max(0, dot - 24), dot + 24))


@cache
def _acronym_pieces() -> frozenset[str]:
    """The pieces that stand before a dot in the forms of `dotted_abbreviations.tsv`."""
    return frozenset(p for form in _acronym_forms() for p in form.split(".")[:-1])


@cache
def _acronym_forms() -> tuple[str, ...]:
    forms = {v for row in load_table("dotted_abbreviations") for v in variants(row["form"])}
    return tuple(sorted(forms, key=len, reverse=True))


@cache
def _acronym_re() -> re.Pattern[str]:
    """The forms of `dotted_abbreviations.tsv`, a space allowed after each dot, as whole words
    (a clitic or الـ may come before: لبي.بي.سي، الـبي.بي.سي)."""
    alts = "|".join(r"\.[ \t]?".join(map(re.escape, form.split("."))) for form in _acronym_forms())
    return re.compile(rf"(?<![^\W\d_])(?:[وفلبك]|الـ?|لـ)?(?:{alts})(?![^\W\d_])")


def _is_dot_boundary(text: str, start: int, end: int) -> bool:
    """Is the full stop text[start:end] (followed by more text on its line) a sentence end?"""
    prev, after = text[start - 1 : start], text[end : end + 1]
    if prev.isdigit() and after.isdigit():
        return False  # 3.5, 19.8.2019
    if not after.isspace() and not _is_arabic_letter(after):
        return False  # www.example.com, U.S.A
    if _ABBREV_BEFORE.search(text[max(0, start - 5) : start]):
        return False  # ق.م، د. فلان، U.S.
    return after.isspace() or not _is_latin_word_before(prev)


def _is_arabic_letter(ch: str) -> bool:
    return bool(ch) and _ARABIC_LETTER_RE.match(ch) is not None


def _is_latin_word_before(before: str) -> bool:
    return _LATIN_END_RE.search(before) is not None


_ARABIC_LETTER_RE = re.compile(f"[{ARABIC_LETTERS}]")
_LATIN_END_RE = re.compile(r"[A-Za-z0-9]$")


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    """Append text[start:end] without its surrounding whitespace, unless nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
