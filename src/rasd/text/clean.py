"""Cleaning: a canonical copy of the article with an offset map back to the original.

The canonical copy is what every later stage reads: filter-dodging spellings restored
(`الإرهـ.ابيين` -> `الإرهابيين`), tatweel, diacritics and invisible characters removed,
presentation forms and Persian look-alike letters folded, Eastern digits made ASCII. The
original text is never changed; `OffsetMap` takes canonical spans back to it.

A mark between two letters is removed only with evidence (it touches a tatweel, or the joined
word is known to the news lexicon while its parts are not), because real news also writes
`سببه.وقال` -- two sentences with no space after the full stop.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from rasd.text import lexicon
from rasd.text.chars import (
    ARABIC_LETTERS,
    DIACRITICS,
    DIACRITICS_RE,
    INVISIBLE,
    LOOKALIKES,
    OBFUSCATION_MARKS,
    ONE_FOR_ONE,
    PRESENTATION_FORMS,
    TATWEEL,
)
from rasd.text.keys import canonical_key
from rasd.text.offsets import OffsetMap

_WORD_CHARS = f"{ARABIC_LETTERS}{TATWEEL}{DIACRITICS}{INVISIBLE}{PRESENTATION_FORMS}"
_ONE_FOR_ONE_KEYS = "".join(ONE_FOR_ONE)
_SURROGATES = "\ud800-\udfff"  # lone surrogates (JSON "\ud800", undecodable bytes): not text, spaCy refuses them
_DELETE_RE = re.compile(f"[{TATWEEL}{DIACRITICS}{INVISIBLE}]+")
_PRESENTATION_RE = re.compile(f"[{PRESENTATION_FORMS}]")
_ONE_FOR_ONE_TABLE = str.maketrans(ONE_FOR_ONE)
_DELETABLE = frozenset(
    chr(c) for c in range(0x10000) if re.match(f"[{TATWEEL}{DIACRITICS}{INVISIBLE}]", chr(c))
)
# Presentation forms expand under NFKC; a Farsi yeh depends on its neighbour: both take the
# general path. Everything else is a deletion or a one-for-one replacement.
_NOT_ONE_FOR_ONE_RE = re.compile(f"[{PRESENTATION_FORMS}\u06cc]")
_DELETE_MASK = np.zeros(0x10000, dtype=bool)
_DELETE_MASK[[ord(ch) for ch in _DELETABLE]] = True
_WORD_CHAR_SET = frozenset(chr(c) for c in range(0x10000) if re.match(f"[{_WORD_CHARS}]", chr(c)))
_MARK_SPLIT_RE = re.compile(f"([{OBFUSCATION_MARKS}]+)")
_CHAIN_RE = re.compile(f"[{_WORD_CHARS}]+(?:[{OBFUSCATION_MARKS}]+[{_WORD_CHARS}]+)+")
_EDIT_RE = re.compile(
    f"[{TATWEEL}{DIACRITICS}{INVISIBLE}]+|[{PRESENTATION_FORMS}]|[{re.escape(_ONE_FOR_ONE_KEYS)}]|[{_SURROGATES}]"
)
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
_STRIP_RE = re.compile(f"[{TATWEEL}{DIACRITICS}{INVISIBLE}]")
_LETTER_RE = re.compile(f"[{ARABIC_LETTERS}]")
_STRICT_MARKS = ".-"  # marks that also occur legitimately between words (sentence stops, dashes)
_WORD_EDITS = re.compile(f"[{TATWEEL}{DIACRITICS}{INVISIBLE}{PRESENTATION_FORMS}{''.join(LOOKALIKES)}]")
# Code-point masks for `_restored_words`: every edited character is itself a word character.
_WORD_MASK = np.zeros(0x10000, dtype=bool)
_WORD_MASK[[ord(ch) for ch in _WORD_CHAR_SET]] = True
_EDIT_MASK = np.array([_WORD_EDITS.match(chr(c)) is not None for c in range(0x10000)], dtype=bool)
assert not (_EDIT_MASK & ~_WORD_MASK).any()
_INVISIBLE_MASK = np.array([_INVISIBLE_RE.match(chr(c)) is not None for c in range(0x10000)], dtype=bool)
# What cleaning does to each code point, looked up for a whole text at once (one numpy pass
# instead of a regular-expression scan per question).
_KEEP, _DELETE, _REPLACE, _GENERAL, _MARK = 0, 1, 2, 3, 4
_KIND = np.zeros(0x10000, dtype=np.uint8)
_KIND[_DELETE_MASK] = _DELETE
_KIND[[ord(ch) for ch in ONE_FOR_ONE]] = _REPLACE
_KIND[0xD800:0xE000] = _REPLACE
_KIND[[c for c in range(0x10000) if _NOT_ONE_FOR_ONE_RE.match(chr(c))]] = _GENERAL
_KIND[[c for c in range(0x10000) if re.match(f"[{OBFUSCATION_MARKS}]", chr(c))]] = _MARK
_REPLACE_CODES = np.arange(0x10000, dtype=np.uint32)
_REPLACE_CODES[[ord(k) for k in ONE_FOR_ONE]] = [ord(v) for v in ONE_FOR_ONE.values()]
_REPLACE_CODES[0xD800:0xE000] = 0xFFFD
_MARK_CHARS = frozenset(chr(c) for c in np.flatnonzero(_KIND == _MARK).tolist())


@dataclass(slots=True)
class CleanText:
    """The original text, its canonical copy, the map between them, and what was restored."""

    original: str
    text: str
    offsets: OffsetMap
    cleaned: list[dict] = field(default_factory=list)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original span of a canonical span."""
        return self.offsets.span(start, end)


def strip_marks(word: str) -> str:
    """The letters of a word without tatweel, diacritics and invisible characters."""
    return _STRIP_RE.sub("", word)


def _known(word: str) -> bool:
    return len(word) >= 2 and lexicon.is_known(word)


def _marks_between_letters(original: str, bmp: np.ndarray, kind: np.ndarray, marks: np.ndarray) -> list[int]:
    """Starts of the runs of marks that have a word character on both sides.

    Marks followed by a word character are found on the arrays (a sentence stop followed by a
    space is never one); Python walks back over the few that are to check the other side.
    """
    n = len(bmp)
    marks = marks[marks + 1 < n]
    found: list[int] = []
    for p in marks[_WORD_MASK[bmp[marks + 1]]].tolist():
        while p > 0 and kind[p - 1] == _MARK:
            p -= 1
        if p > 0 and original[p - 1] in _WORD_CHAR_SET:
            found.append(p)
    return found


def _merge_decisions(original: str, mark_starts: list[int]) -> list[tuple[int, int]]:
    """Spans of inserted marks that should be removed, judged per chain of letter runs (a chain
    is looked for only around a mark that sits between letters)."""
    merged: list[tuple[int, int]] = []
    chain_end = 0
    for mark in mark_starts:
        if mark < chain_end:
            continue
        start = mark
        while start > 0 and (original[start - 1] in _WORD_CHAR_SET or original[start - 1] in _MARK_CHARS):
            start -= 1
        while original[start] in _MARK_CHARS:
            start += 1
        chain = _CHAIN_RE.match(original, start)
        if chain is None:  # cannot happen: a mark between letters always makes a chain
            continue
        chain_end = chain.end()
        merged.extend(_chain_merges(chain))
    return merged


def _chain_merges(chain: re.Match) -> list[tuple[int, int]]:
    """The marks of one chain that are insertions."""
    merged: list[tuple[int, int]] = []
    parts = _MARK_SPLIT_RE.split(chain.group())
    runs, marks = parts[0::2], parts[1::2]
    letters = [strip_marks(r) for r in runs]
    joined_known = lexicon.is_known("".join(letters))
    pos = chain.start()
    for i, mark in enumerate(marks):
        pos += len(runs[i])
        left, right = runs[i], runs[i + 1]
        touches_tatweel = strip_marks(left[-1:]) == "" or strip_marks(right[:1]) == ""
        if touches_tatweel or _pair_is_obfuscation(letters, i, mark, joined_known):
            merged.append((pos, pos + len(mark)))
        pos += len(mark)
    return merged


def _pair_is_obfuscation(letters: list[str], i: int, mark: str, chain_known: bool) -> bool:
    left, right = letters[i], letters[i + 1]
    if not left or not right:
        return False
    if mark[0] in _STRICT_MARKS:
        if len(left) < 2 or len(right) < 2:
            return False  # abbreviations such as ق.م and أ.ف.ب
        joined = left + right
        return (chain_known or lexicon.is_known(joined)) and not (_known(left) and _known(right))
    return chain_known or lexicon.is_known(left + right)


def _replacement(ch: str, nxt: str) -> str:
    """Canonical form of one edited character ('' for a deletion)."""
    if ch in ONE_FOR_ONE:
        if ch == "\u06cc" and not _LETTER_RE.match(nxt or " "):
            return "\u0649"  # word-final Farsi yeh is Arabic alef maqsura
        return ONE_FOR_ONE[ch]
    if "\ud800" <= ch <= "\udfff":
        return "\ufffd"  # one for one: offsets stay exact
    if "\ufb50" <= ch <= "\ufefe":
        # Medial forms of marks (U+FE71, U+FE77, ...) decompose to tatweel + mark: drop both.
        return DIACRITICS_RE.sub("", unicodedata.normalize("NFKC", ch)).replace(TATWEEL, "")
    return ""


class _Work(NamedTuple):
    """The original with the inserted marks judged and turned into tatweel, and its code points."""

    text: str
    merged: list[tuple[int, int]]
    codes: np.ndarray
    bmp: np.ndarray  # code points, astral ones as U+FFFF
    kind: np.ndarray  # what cleaning does to each character (_KEEP, _DELETE, ...)
    general: bool  # something expands or depends on its neighbour: the general path


def clean(original: str) -> CleanText:
    """Canonical copy of `original` with its offset map and the list of restored words."""
    work = _prepare(original)
    if work is None:
        return CleanText(original, original, OffsetMap.identity(len(original)))
    if work.general:
        return _clean_general(original, work.text, work.merged)
    return _clean_in_place(original, work)


def _prepare(original: str) -> _Work | None:
    """What cleaning has to do, or None when the text is canonical already."""
    codes = np.frombuffer(original.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    bmp = np.minimum(codes, 0xFFFF)
    kind = _KIND.take(bmp)
    special = kind.nonzero()[0]
    kinds = kind[special]
    marks = special[kinds == _MARK]
    mark_starts = _marks_between_letters(original, bmp, kind, marks) if len(marks) else []
    if not mark_starts and len(marks) == len(special):
        return None
    merged = _merge_decisions(original, mark_starts) if mark_starts else []
    work = original
    if merged:
        chars = list(original)
        codes, kind = codes.copy(), kind.copy()
        for s, e in merged:
            chars[s:e] = TATWEEL * (e - s)
            codes[s:e] = ord(TATWEEL)
            kind[s:e] = _DELETE
        work = "".join(chars)
        bmp = np.minimum(codes, 0xFFFF)
    return _Work(work, merged, codes, bmp, kind, bool((kinds == _GENERAL).any()))


def _clean_general(original: str, work: str, merged: list[tuple[int, int]]) -> CleanText:
    """Cleaning of any text, edit by edit (presentation forms expand, a Farsi yeh looks ahead)."""
    out: list[str] = []
    offsets = OffsetMap(0, len(original))
    add = offsets.add
    c_pos = o_pos = 0
    for m in _EDIT_RE.finditer(work):
        m_start, m_end = m.span()
        if m_start > o_pos:
            out.append(original[o_pos:m_start])
            add(c_pos, o_pos, m_start - o_pos, m_start - o_pos)
            c_pos += m_start - o_pos
        o_pos = m_end
        ch = work[m_start]
        if ch in _DELETABLE:
            continue
        rep = _replacement(ch, work[m_end : m_end + 1])
        if rep:
            out.append(rep)
            add(c_pos, m_start, len(rep), 1)
            c_pos += len(rep)
    if o_pos < len(original):
        out.append(original[o_pos:])
        add(c_pos, o_pos, len(original) - o_pos, len(original) - o_pos)
        c_pos += len(original) - o_pos
    offsets.canonical_len = c_pos
    text = "".join(out)
    return CleanText(original, text, offsets, _restored_words(original, work, merged))


def _clean_in_place(original: str, work: _Work) -> CleanText:
    """Cleaning that only deletes characters or replaces them one for one, done on code-point
    arrays: the kept indexes are the offset map, the kept (replaced) code points the text."""
    kept = (work.kind != _DELETE).nonzero()[0]
    out = work.codes[kept]
    replaced = (work.kind[kept] == _REPLACE).nonzero()[0]
    if len(replaced):
        out[replaced] = _REPLACE_CODES[work.bmp[kept[replaced]]]
    text = out.tobytes().decode("utf-32-le")
    cleaned = _restored_words(original, work.text, work.merged, work.bmp)
    return CleanText(original, text, OffsetMap.from_kept(kept.astype(np.int32), len(original)), cleaned)


def _restored_words(original: str, work: str, merged: list[tuple[int, int]],
                    bmp: np.ndarray | None = None) -> list[dict]:
    """One `cleaned[]` item per word that cleaning changed.

    Edited characters and the runs of word characters around them are found on code-point
    arrays (`bmp`: the code points of `work`, astral ones as U+FFFF); Python only visits the
    edited words, a few per article.
    """
    if bmp is None:
        bmp = np.minimum(np.frombuffer(work.encode("utf-32-le", "surrogatepass"), dtype=np.uint32), 0xFFFF)
    edits = _EDIT_MASK.take(bmp).nonzero()[0]
    if not len(edits):
        return []
    nonword = (~_WORD_MASK.take(bmp)).nonzero()[0]
    bounds = np.concatenate(([-1], nonword, [len(bmp)])).tolist()
    runs = np.searchsorted(nonword, edits)  # a word = the number of non-word chars before it
    runs = runs[np.concatenate(([True], runs[1:] != runs[:-1]))].tolist()  # sorted: drop repeats
    marked = edits[_INVISIBLE_MASK.take(bmp[edits])].tolist() + [s for s, _ in merged]
    obfuscated = set(np.searchsorted(nonword, marked).tolist()) if marked else set()
    items = []
    for k in runs:
        s, e = bounds[k] + 1, bounds[k + 1]
        word = work[s:e]
        canonical = canonical_word(word)
        if not canonical or canonical == word:
            continue
        items.append({"start": s, "end": e, "original": original[s:e], "canonical": canonical,
                      "reason": "obfuscation" if k in obfuscated else "normalization"})
    return items


@lru_cache(maxsize=8192)
def canonical_word(word: str) -> str:
    """The spec's `canonical` form of a word: cleaned, then alef/hamza folded."""
    word = _DELETE_RE.sub("", word)
    if _PRESENTATION_RE.search(word):
        word = _PRESENTATION_RE.sub(lambda m: _replacement(m.group(), ""), word)
    if word.endswith("\u06cc"):
        word = word[:-1] + "\u0649"
    return canonical_key(word.translate(_ONE_FOR_ONE_TABLE))


def canonical(text: str) -> str:
    """The spec's `canonical` form of any string (entity names, search queries)."""
    return canonical_key(clean(text).text)
