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
_NEEDS_WORK_RE = re.compile(
    f"[{TATWEEL}{DIACRITICS}{INVISIBLE}{PRESENTATION_FORMS}{re.escape(_ONE_FOR_ONE_KEYS)}]"
    f"|(?<=[{_WORD_CHARS}])[{OBFUSCATION_MARKS}](?=[{_WORD_CHARS}])"
)
_MARK_BETWEEN_RE = re.compile(f"(?<=[{_WORD_CHARS}])[{OBFUSCATION_MARKS}]+(?=[{_WORD_CHARS}])")
_CHAIN_RE = re.compile(f"[{_WORD_CHARS}]+(?:[{OBFUSCATION_MARKS}]+[{_WORD_CHARS}]+)+")
_EDIT_RE = re.compile(
    f"[{TATWEEL}{DIACRITICS}{INVISIBLE}]+|[{PRESENTATION_FORMS}]|[{re.escape(_ONE_FOR_ONE_KEYS)}]"
)
_WORD_RUN_RE = re.compile(f"[{_WORD_CHARS}]+")
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
    if "\ufb50" <= ch <= "\ufefe":
        return DIACRITICS_RE.sub("", unicodedata.normalize("NFKC", ch))
    return ""


def clean(original: str) -> CleanText:
    """Canonical copy of `original` with its offset map and the list of restored words."""
    if _NEEDS_WORK_RE.search(original) is None:
        return CleanText(original, original, OffsetMap.identity(len(original)))
    merged = _merge_decisions(original) if _MARK_BETWEEN_RE.search(original) else []
    work = original
    if merged:
        chars = list(original)
        for s, e in merged:
            chars[s:e] = TATWEEL * (e - s)
        work = "".join(chars)
    out: list[str] = []
    offsets = OffsetMap(0, len(original))
    c_pos = o_pos = 0
    for m in _EDIT_RE.finditer(work):
        if m.start() > o_pos:
            seg = original[o_pos : m.start()]
            out.append(seg)
            offsets.add(c_pos, o_pos, len(seg), len(seg))
            c_pos += len(seg)
        rep = _replacement(m.group(), work[m.end() : m.end() + 1]) if m.end() - m.start() == 1 else ""
        if rep:
            out.append(rep)
            offsets.add(c_pos, m.start(), len(rep), m.end() - m.start())
            c_pos += len(rep)
        o_pos = m.end()
    if o_pos < len(original):
        seg = original[o_pos:]
        out.append(seg)
        offsets.add(c_pos, o_pos, len(seg), len(seg))
        c_pos += len(seg)
    offsets.canonical_len = c_pos
    text = "".join(out)
    return CleanText(original, text, offsets, _restored_words(original, work, merged))


def _restored_words(original: str, work: str, merged: list[tuple[int, int]]) -> list[dict]:
    """One `cleaned[]` item per word that cleaning changed."""
    merged_starts = [s for s, _ in merged]
    items = []
    for m in _WORD_RUN_RE.finditer(work):
        word = m.group()
        if _WORD_EDITS.search(word) is None:
            continue
        s, e = m.start(), m.end()
        canonical = canonical_word(word)
        if not canonical or canonical == word:
            continue
        has_mark = any(s <= p < e for p in merged_starts)
        has_invisible = re.search(f"[{INVISIBLE}]", word) is not None
        reason = "obfuscation" if has_mark or has_invisible else "normalization"
        items.append({"start": s, "end": e, "original": original[s:e], "canonical": canonical,
                      "reason": reason})
    return items


def canonical_word(word: str) -> str:
    """The spec's `canonical` form of a word: cleaned, then alef/hamza folded."""
    chars = [_replacement(ch, word[i + 1 : i + 2]) if _EDIT_RE.match(ch) else ch for i, ch in enumerate(word)]
    return fold("".join(chars))


def canonical(text: str) -> str:
    """The spec's `canonical` form of any string (entity names, search queries)."""
    return fold(clean(text).text)
