"""Matching keys: every way rasd folds Arabic text for comparison, one function per meaning.

Two things written differently must meet when a reader would call them the same. What may
differ depends on the use, so each key says what it folds:

- `canonical_key`: diacritics, tatweel, alef/hamza forms, ى->ي, look-alike letters, Eastern
  digits; keeps ة (the spec's `canonical`, NER input, quote cues).
- `loose_key`: as `canonical_key`, and ة->ه (lexicon, word-frequency and search-word lookups).
- `phrase_key`: `loose_key` with whitespace runs collapsed (actor, number and time tables).
- `canonical_phrase_key`: `canonical_key` with whitespace runs collapsed (boilerplate lines).
- `place_key`: `loose_key` with every run of non-letters turned into one space (gazetteer).
- `same_length_key`: alef/hamza, ى, ة only, one character for one (event lexicon: offsets stay).
- `name_filter_key`: compatibility forms, invisibles, `loose_key`, case, spaces, cut to the
  column width (stored filter keys and the values users filter by, on write and on query).

A key is applied to both sides of a comparison (the table and the text, the stored row and
the query); never compare keys of two different kinds.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rasd.text.chars import DIACRITICS, DIACRITICS_RE, INVISIBLE, ONE_FOR_ONE, TATWEEL

_CANONICAL_TABLE = str.maketrans({"\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",
                                  "\u0649": "\u064a", TATWEEL: None} | ONE_FOR_ONE)
_SAME_LENGTH_TABLE = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_NON_WORD_RE = re.compile(r"[\W_]+")
_HIDDEN_RE = re.compile(f"[{INVISIBLE}{DIACRITICS}{TATWEEL}]")
NAME_KEY_LENGTH = 300  # the width of the stored key columns
_SHORT = 40  # words repeat: keys of short strings are cached


def _canonical(text: str) -> str:
    return DIACRITICS_RE.sub("", text).translate(_CANONICAL_TABLE)


_canonical_short = lru_cache(maxsize=65536)(_canonical)


def canonical_key(text: str) -> str:
    """Already-cleaned text with diacritics and tatweel dropped, alef/hamza forms and ى folded to
    ا/ي, look-alike letters and Eastern digits mapped; clitics and ة kept (the spec's `canonical`)."""
    return _canonical_short(text) if len(text) <= _SHORT else _canonical(text)


def loose_key(text: str) -> str:
    """`canonical_key`, and ة -> ه too: for lookups where news write either."""
    return canonical_key(text).replace("\u0629", "\u0647")


def phrase_key(text: str) -> str:
    """`loose_key` of a phrase with its whitespace runs collapsed to one space and stripped."""
    return " ".join(loose_key(text).split())


def canonical_phrase_key(text: str) -> str:
    """`canonical_key` of a phrase with its whitespace runs collapsed to one space and stripped."""
    return " ".join(canonical_key(text).split())


def place_key(text: str) -> str:
    """The key of a place name or of a run of text words: `loose_key` with every run of
    non-letters (spaces, hyphens, dots) turned into one space, so `معرّة-النعمان` meets `معره النعمان`."""
    return _NON_WORD_RE.sub(" ", loose_key(text)).strip()


def same_length_key(text: str) -> str:
    """A copy of canonical text with alef/hamza, ى and ة folded one character for one, so offsets
    found in the key are offsets in the text."""
    return text.translate(_SAME_LENGTH_TABLE)


def name_filter_key(value: str | None) -> str | None:
    """The key a name is stored under for filtering (actor, speaker, place, entity) and the key a
    user's filter value is looked up by: compatibility forms (presentation forms) decomposed,
    invisible characters, diacritics and tatweel dropped, `loose_key`, lower-cased, whitespace
    collapsed, cut to the stored column width. None for an empty name."""
    if not value:
        return None
    text = _HIDDEN_RE.sub("", unicodedata.normalize("NFKC", value))
    return " ".join(loose_key(text).lower().split())[:NAME_KEY_LENGTH] or None
