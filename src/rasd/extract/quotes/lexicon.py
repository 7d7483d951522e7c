"""The quote extractor's tables compiled once per process: cues by surface form, word classes.

`reporting_verbs.tsv` says which words introduce a statement, with their stance and what may
carry the content; `quote_words.tsv` holds the closed classes around a cue (markers, stops,
addressee heads, titles); `speaker_titles.tsv` adds the region's titles, ranks, bodies and
unnamed sources to the `title` class; `media_outlets.tsv` names the outlets that are
intermediaries (`لوكالة سبأ`, `لـ«عكاظ»`). Forms are stored as folding keys
(`rasd.text.keys.canonical_key`), and the و/ف proclitics are derived here rather than listed in the tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rasd.lexicon import load_table, variants
from rasd.text.chars import ALEF_RE, DIACRITICS_RE
from rasd.text.keys import canonical_key

PROCLITICS = ("و", "ف")
STANCES = frozenset({"neutral", "assert", "claim", "accuse", "deny", "concern", "justify", "call", "warn", "admit"})
ROLES = frozenset({"verb", "follow", "noun", "light", "via", "source", "relay", "impersonal", "issue"})
ARGS = frozenset({"that", "obj_bi", "obj", "ila", "an", "min", "bi", "told"})


@dataclass(frozen=True)
class Cue:
    """One row of the reporting-verb table, as matched at one surface form."""

    lemma: str
    stance: str
    role: str
    args: frozenset[str]
    form: str


@cache
def cue_tables() -> tuple[dict[str, Cue], dict[str, list[tuple[tuple[str, ...], Cue]]]]:
    """(single-word cues by key, multi-word cues by the key of their first word)."""
    single: dict[str, Cue] = {}
    multi: dict[str, list[tuple[tuple[str, ...], Cue]]] = {}
    for row in load_table("reporting_verbs"):
        args = frozenset(a.strip() for a in row["args"].split(",") if a.strip())
        for form in variants(row["forms"]):
            cue = Cue(row["lemma"], row["stance"], row["role"], args, form)
            words = tuple(canonical_key(w) for w in form.split())
            firsts = [words[0]] + [p + words[0] for p in PROCLITICS]
            if len(words) == 1:
                for first in firsts:
                    single.setdefault(first, cue)
            else:
                for first in firsts:
                    multi.setdefault(first, []).append(((first, *words[1:]), cue))
    for entries in multi.values():
        entries.sort(key=lambda e: -len(e[0]))
    return single, multi


def _class_rows() -> list[tuple[str, str]]:
    """(class, forms cell) of every word-class row: quote_words.tsv, then speaker_titles.tsv
    (all of whose rows are titles; its `body` rows are also the class `body`)."""
    rows = [(row["class"], row["forms"]) for row in load_table("quote_words")]
    titles = load_table("speaker_titles")
    bodies = [("body", r["forms"]) for r in titles if r["kind"] == "body"]
    return rows + [("title", r["forms"]) for r in titles] + bodies


@cache
def word_classes() -> dict[str, frozenset[str]]:
    """Class name -> folded forms (`quote_words.tsv`, `speaker_titles.tsv`); multi-word forms
    are kept whole."""
    out: dict[str, set[str]] = {}
    for cls, forms in _class_rows():
        out.setdefault(cls, set()).update(canonical_key(v) for v in variants(forms))
    return {k: frozenset(v) for k, v in out.items()}


def soft(word: str) -> str:
    """A key that folds alef/hamza forms but keeps ى apart from ي: folding both would make
    the names علي and والي the prepositions على and وإلى."""
    return ALEF_RE.sub("ا", DIACRITICS_RE.sub("", word))


@cache
def raw_classes() -> dict[str, frozenset[str]]:
    """Class name -> `soft` keys of its forms."""
    out: dict[str, set[str]] = {}
    for cls, forms in _class_rows():
        out.setdefault(cls, set()).update(soft(v) for v in variants(forms))
    return {k: frozenset(v) for k, v in out.items()}


def in_raw_class(name: str, word: str) -> bool:
    """True when the word as written, or after a و/ف proclitic, is a form of the class."""
    forms = raw_classes().get(name, frozenset())
    w = soft(word)
    return w in forms or (w[:1] in "وف" and len(w) > 2 and w[1:] in forms)


def in_class(name: str, word_key: str) -> bool:
    """True when the folded word belongs to the class."""
    return word_key in word_classes().get(name, frozenset())


@dataclass(frozen=True)
class Outlet:
    """One row of `media_outlets.tsv`."""

    name: str
    country: str
    kind: str
    bare: bool


@cache
def outlets() -> dict[str, Outlet]:
    """Folded outlet form -> outlet (`media_outlets.tsv`)."""
    out: dict[str, Outlet] = {}
    for row in load_table("media_outlets"):
        o = Outlet(row["name"], row["country"], row["kind"], row["bare"] == "yes")
        for form in variants(row["variants"]):
            out.setdefault(" ".join(canonical_key(w) for w in form.split()), o)
    return out
