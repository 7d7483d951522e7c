"""The event tables compiled once per process into regex matchers over the matching key.

The key (`match_key`) folds alef/hamza, ى/ي and ة/ه one character for one character, so match
offsets are canonical offsets. A table form may be preceded by the clitics و ف ب ل ك ال, and a
trailing `*` lets its last letters run on (اشتباك* = اشتباكات).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rasd.lexicon import load_table, variants
from rasd.text.chars import ARABIC_LETTERS, DIACRITICS_RE

_KEY_TABLE = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_L = ARABIC_LETTERS
PREFIX = r"(?:[وف])?(?:[بك]?ال|لل|[بلك])?"


def match_key(text: str) -> str:
    """A same-length folded copy of canonical text for lexicon matching."""
    return text.translate(_KEY_TABLE)


def _form_key(form: str) -> str:
    return match_key(DIACRITICS_RE.sub("", form).replace("\u0640", ""))


def form_pattern(form: str, *, clitics: bool = True) -> str:
    """Regex for one table form: clitics before, whole words, `*` for a word that runs on."""
    words = []
    for word in _form_key(form).split():
        if word == "~":
            words.append(r"(?:\S+\s+){0,3}?")
            continue
        if word.endswith("*"):
            words.append(re.escape(word[:-1]) + f"[{_L}]*")
        else:
            words.append(re.escape(word))
    body = r"\s+".join(words).replace("?\\s+", "?")
    return f"(?<![{_L}]){PREFIX}{body}(?![{_L}])" if clitics else body


def compile_forms(forms: list[str], *, clitics: bool = True) -> re.Pattern[str]:
    """One alternation for many forms, longest first so the regex prefers the longer phrase."""
    ordered = sorted(set(forms), key=lambda f: -len(f))
    return re.compile("|".join(f"(?:{form_pattern(f, clitics=clitics)})" for f in ordered))


@dataclass(frozen=True)
class Hit:
    """One table match: its canonical span and the row it came from."""

    start: int
    end: int
    row: int


@dataclass(frozen=True)
class Matcher:
    """Patterns of a table's rows, matched together; overlapping hits keep the longest."""

    patterns: tuple[re.Pattern[str], ...]
    cores: tuple[re.Pattern[str], ...] = ()

    def find(self, key: str, start: int = 0, end: int | None = None) -> list[Hit]:
        end = len(key) if end is None else end
        hits = [Hit(m.start() + start, m.end() + start, i)
                for i, pat in enumerate(self.patterns) for m in pat.finditer(key[start:end])]
        return longest_first(hits)

    def core_start(self, key: str, hit: Hit) -> int:
        """Where the table form itself starts inside a hit, after its clitics (لرتل -> رتل)."""
        core = self.cores[hit.row] if self.cores else None
        for k in range(4):
            if core is not None and core.fullmatch(key, hit.start + k, hit.end):
                return hit.start + k
        return hit.start


def longest_first(hits: list[Hit]) -> list[Hit]:
    """Non-overlapping hits, preferring longer spans, then earlier rows; in text order."""
    chosen: list[Hit] = []
    for h in sorted(hits, key=lambda h: (-(h.end - h.start), h.row, h.start)):
        if all(h.end <= c.start or h.start >= c.end for c in chosen):
            chosen.append(h)
    return sorted(chosen, key=lambda h: h.start)


def _matcher(rows: tuple[dict[str, str], ...]) -> Matcher:
    return Matcher(tuple(compile_forms(variants(r["forms"])) for r in rows),
                   tuple(compile_forms(variants(r["forms"]), clitics=False) for r in rows))


@cache
def triggers() -> tuple[tuple[dict[str, str], ...], Matcher]:
    """Rows of `event_triggers.tsv` and their matcher."""
    rows = load_table("event_triggers")
    return rows, _matcher(rows)


@cache
def modality() -> tuple[tuple[dict[str, str], ...], Matcher]:
    """Rows of `event_negators.tsv` and their matcher."""
    rows = load_table("event_negators")
    return rows, _matcher(rows)


@cache
def sources() -> tuple[tuple[dict[str, str], ...], Matcher]:
    """Rows of `event_sources.tsv` and their matcher."""
    rows = load_table("event_sources")
    return rows, _matcher(rows)


@cache
def actor_types() -> tuple[tuple[dict[str, str], ...], Matcher]:
    """Rows of `acled_inter.tsv` and their matcher."""
    rows = load_table("acled_inter")
    return rows, _matcher(rows)


def inter_of(text: str) -> tuple[int | None, str | None]:
    """ACLED inter code and generic name of an actor phrase, from its first type word."""
    rows, matcher = actor_types()
    hits = matcher.find(match_key(text))
    if not hits:
        return None, None
    row = rows[hits[0].row]
    return int(row["inter"]), row.get("name") or None


# ACLED's six event types -> disorder type (ACLED codebook 2023).
DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Political violence",
    "Strategic developments": "Strategic developments",
}
DISORDER_BY_SUB = {
    "Excessive force against protesters": "Political violence; Demonstrations",
    "Violent demonstration": "Demonstrations",
}


def disorder_type(event_type: str, sub_event_type: str) -> str:
    """ACLED's disorder type of an event."""
    return DISORDER_BY_SUB.get(sub_event_type) or DISORDER.get(event_type, "")
