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
    fold,
)
from rasd.text.offsets import OffsetMap

_WORD_CHARS = f"{ARABIC_LETTERS}{TATWEEL}{DIACRITICS}{INVISIBLE}{PRESENTATION_FORMS}"
_ONE_FOR_ONE_KEYS = "".join(ONE_FOR_ONE)
_SURROGATES = "\ud800-\udfff"  # lone surrogates (JSON "\ud800", undecodable bytes): not text, spaCy refuses them
_NEEDS_WORK_RE = re.compile(
    f"[{TATWEEL}{DIACRITICS}{INVISIBLE}{PRESENTATION_FORMS}{re.escape(_ONE_FOR_ONE_KEYS)}{_SURROGATES}]"
)
_MARK_RE = re.compile(f"[{OBFUSCATION_MARKS}]+")
_DELETE_RE = re.compile(f"[{TATWEEL}{DIACRITICS}{INVISIBLE}]+")
_PRESENTATION_RE = re.compile(f"[{PRESENTATION_FORMS}]")
_ONE_FOR_ONE_TABLE = str.maketrans(ONE_FOR_ONE)
_DELETABLE = frozenset(
    chr(c) for c in range(0x10000) if re.match(f"[{TATWEEL}{DIACRITICS}{INVISIBLE}]", chr(c))
)
# Presentation forms expand under NFKC; a Farsi yeh depends on its neighbour: both take the
# general path. Everything else is a deletion or a one-for-one replacement.
_NOT_ONE_FOR_ONE_RE = re.compile(f"[{PRESENTATION_FORMS}\u06cc]")
_ONE_FOR_ONE_RE = re.compile(f"[{re.escape(_ONE_FOR_ONE_KEYS)}{_SURROGATES}]")
_IN_PLACE_TABLE = str.maketrans(ONE_FOR_ONE | {chr(c): "\ufffd" for c in range(0xD800, 0xE000)})
_DELETE_MASK = np.zeros(0x10000, dtype=bool)
_DELETE_MASK[[ord(ch) for ch in _DELETABLE]] = True
_WORD_CHAR_SET = frozenset(chr(c) for c in range(0x10000) if re.match(f"[{_WORD_CHARS}]", chr(c)))
_CHAIN_RE = re.compile(f"[{_WORD_CHARS}]+(?:[{OBFUSCATION_MARKS}]+[{_WORD_CHARS}]+)+")
_EDIT_RE = re.compile(
    f"[{TATWEEL}{DIACRITICS}{INVISIBLE}]+|[{PRESENTATION_FORMS}]|[{re.escape(_ONE_FOR_ONE_KEYS)}]|[{_SURROGATES}]"
)
_WORD_RUN_RE = re.compile(f"[{_WORD_CHARS}]+")
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
_STRIP_RE = re.compile(f"[{TATWEEL}{DIACRITICS}{INVISIBLE}]")
_LETTER_RE = re.compile(f"[{ARABIC_LETTERS}]")
_STRICT_MARKS = ".-"  # marks that also occur legitimately between words (sentence stops, dashes)
_WORD_EDITS = re.compile(f"[{TATWEEL}{DIACRITICS}{INVISIBLE}{PRESENTATION_FORMS}{''.join(LOOKALIKES)}]")


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


def _has_mark_between_letters(text: str) -> bool:
    """A mark with a word character on both sides (marks found by a small class, then checked:
    three times faster than one pattern over every letter)."""
    last = len(text)
    for m in _MARK_RE.finditer(text):
        s, e = m.span()
        if s > 0 and e < last and text[s - 1] in _WORD_CHAR_SET and text[e] in _WORD_CHAR_SET:
            return True
    return False


def _merge_decisions(original: str) -> list[tuple[int, int]]:
    """Spans of inserted marks that should be removed, judged per chain of letter runs."""
    merged: list[tuple[int, int]] = []
    for chain in _CHAIN_RE.finditer(original):
        parts = re.split(f"([{OBFUSCATION_MARKS}]+)", chain.group())
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


def clean(original: str) -> CleanText:
    """Canonical copy of `original` with its offset map and the list of restored words."""
    has_mark = _has_mark_between_letters(original)
    if not has_mark and _NEEDS_WORK_RE.search(original) is None:
        return CleanText(original, original, OffsetMap.identity(len(original)))
    merged = _merge_decisions(original) if has_mark else []
    work = original
    if merged:
        chars = list(original)
        for s, e in merged:
            chars[s:e] = TATWEEL * (e - s)
        work = "".join(chars)
    if _NOT_ONE_FOR_ONE_RE.search(work) is None:
        return _clean_in_place(original, work, merged)
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


def _clean_in_place(original: str, work: str, merged: list[tuple[int, int]]) -> CleanText:
    """Cleaning that only deletes characters or replaces them one for one, done in C: a delete
    mask over the code points gives the offset map, `translate` and one `sub` give the text."""
    codes = np.frombuffer(work.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    kept = np.flatnonzero(~_DELETE_MASK[np.minimum(codes, 0xFFFF)]).astype(np.int32)
    # str.translate is slow on Arabic text: only when there is something to replace.
    replaced = work.translate(_IN_PLACE_TABLE) if _ONE_FOR_ONE_RE.search(work) else work
    text = _DELETE_RE.sub("", replaced)
    return CleanText(original, text, OffsetMap.from_kept(kept, len(original)), _restored_words(original, work, merged))


def _restored_words(original: str, work: str, merged: list[tuple[int, int]]) -> list[dict]:
    """One `cleaned[]` item per word that cleaning changed (only words around edits are visited)."""
    merged_starts = [s for s, _ in merged]
    items = []
    word_end = -1
    for edit in _WORD_EDITS.finditer(work):
        if edit.start() < word_end:
            continue
        s, e = _word_around(work, edit.start())
        word_end = e
        word = work[s:e]
        canonical = canonical_word(word)
        if not canonical or canonical == word:
            continue
        has_mark = any(s <= p < e for p in merged_starts)
        has_invisible = _INVISIBLE_RE.search(word) is not None
        reason = "obfuscation" if has_mark or has_invisible else "normalization"
        items.append({"start": s, "end": e, "original": original[s:e], "canonical": canonical,
                      "reason": reason})
    return items


def _word_around(work: str, pos: int) -> tuple[int, int]:
    """The run of word characters holding `pos`."""
    start = pos
    while start > 0 and work[start - 1] in _WORD_CHAR_SET:
        start -= 1
    run = _WORD_RUN_RE.match(work, start)
    return (run.start(), run.end()) if run else (pos, pos + 1)



def canonical_word(word: str) -> str:
    """The spec's `canonical` form of a word: cleaned, then alef/hamza folded."""
    word = _DELETE_RE.sub("", word)
    if _PRESENTATION_RE.search(word):
        word = _PRESENTATION_RE.sub(lambda m: _replacement(m.group(), ""), word)
    if word.endswith("\u06cc"):
        word = word[:-1] + "\u0649"
    return fold(word.translate(_ONE_FOR_ONE_TABLE))


def canonical(text: str) -> str:
    """The spec's `canonical` form of any string (entity names, search queries)."""
    return fold(clean(text).text)
