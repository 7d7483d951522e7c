"""Clitic analysis: `والأطفال` = و + ال + أطفال, `قاعدتنا` = قاعدة + نا.

Clitics stay attached in tokens (as in the NER corpora); this module splits a word on demand for
matching (places, actors, search). A split is kept only when the lexicon knows the stem, so that
`وزارة` or `بلدة` (whose first letters look like clitics) are left whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rasd.lexicon import load_table
from rasd.text import lexicon

MIN_STEM = 2


@dataclass(frozen=True, slots=True)
class Analysis:
    """One reading of a word: proclitics, stem and enclitic (each '' when absent)."""

    prefix: str
    stem: str
    suffix: str


@cache
def _prefixes() -> tuple[str, ...]:
    """Every proclitic sequence in a legal order (conj? (prep|future)? article?), longest first."""
    rows = load_table("clitics")
    conj = [""] + [r["form"] for r in rows if r["kind"] == "conj"]
    prep = [""] + [r["form"] for r in rows if r["kind"] in ("prep", "future")]
    art = [""] + [r["form"] for r in rows if r["kind"] == "article"]
    seqs = set()
    for c in conj:
        for p in prep:
            for a in art:
                if a == "لل" and p:
                    continue  # لل already holds its preposition
                seqs.add(c + p + a)
    seqs.discard("")
    return tuple(sorted(seqs, key=len, reverse=True))


@cache
def _suffixes() -> tuple[str, ...]:
    forms = [r["form"] for r in load_table("clitics") if r["kind"] == "pron"]
    return tuple(sorted(forms, key=len, reverse=True))


def analyses(word: str) -> list[Analysis]:
    """All readings whose stem the lexicon knows, the unsplit word first."""
    out = [Analysis("", word, "")]
    for prefix in ("", *_prefixes()):
        if not word.startswith(prefix):
            continue
        rest = word[len(prefix):]
        for suffix in ("", *_suffixes()):
            if (prefix or suffix) and rest.endswith(suffix):
                stem = rest[: len(rest) - len(suffix)] if suffix else rest
                if len(stem) >= MIN_STEM and _stem_known(stem, suffix):
                    out.append(Analysis(prefix, stem, suffix))
    return out


def _stem_count(stem: str, suffix: str) -> int:
    count = lexicon.count(stem)
    if suffix and stem.endswith("ت"):
        # قاعدتنا -> قاعدت + نا: a stem before a pronoun writes its ة as ت.
        count = max(count, lexicon.count(stem[:-1] + "ة"))
    return count


def _stem_known(stem: str, suffix: str) -> bool:
    return _stem_count(stem, suffix) >= lexicon.MIN_COUNT


@cache
def _nosplit() -> frozenset[str]:
    return frozenset(r["form"] for r in load_table("clitics") if r["kind"] == "nosplit")


def split(word: str) -> Analysis:
    """The most likely reading, judged by how common the stem is next to the whole word.

    `والأطفال` -> و + ال + أطفال (الأطفال is far more common than والأطفال), but `وزارة` and
    `ولاية` stay whole: `زارة` is a rare typo, `اية` is no more common than `ولاية`.
    """
    if word in _nosplit():
        return Analysis("", word, "")
    floor = max(lexicon.MIN_COUNT, 2 * lexicon.count(word))
    best, best_count = Analysis("", word, ""), 0
    for option in analyses(word)[1:]:
        count = _stem_count(option.stem, option.suffix)
        if count >= floor and count > best_count:
            best, best_count = option, count
    stem, prefix = best.stem, best.prefix
    has_article = stem.startswith("ال") and not prefix.endswith(("ال", "لل")) and len(stem) >= 5
    if has_article and lexicon.count(stem[2:]) >= lexicon.MIN_COUNT:
        prefix, stem = prefix + "ال", stem[2:]
    if best.suffix and stem.endswith("ت") and lexicon.count(stem) < lexicon.MIN_COUNT:
        stem = stem[:-1] + "ة"
    return Analysis(prefix, stem, best.suffix)


def stems(word: str) -> list[str]:
    """Candidate stems of a word for dictionary lookups (the word itself first)."""
    seen: dict[str, None] = {word: None}
    for option in analyses(word):
        seen.setdefault(option.stem, None)
    return list(seen)
