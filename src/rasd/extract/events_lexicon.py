"""The event tables compiled once per process into regex matchers over the matching key.

The key (`match_key`) folds alef/hamza, ى/ي and ة/ه one character for one character, so match
offsets are canonical offsets. A table form may be preceded by the clitics و ف ب ل ك ال, and a
trailing `*` lets its last letters run on (اشتباك* = اشتباكات).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from rasd.lexicon import load_table, variants
from rasd.text.chars import ARABIC_LETTERS, DIACRITICS_RE

_KEY_TABLE = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_L = ARABIC_LETTERS
PREFIX = r"(?:[وف])?(?:[بك]?ال|لل|[بلك])?"
PREFIX_RE = re.compile(PREFIX)
LETTER_RE = re.compile(f"[{ARABIC_LETTERS}]")


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
    return f"(?<![{_L}]){PREFIX}{body}(?![{_L}])" if clitics else f"{body}(?![{_L}])"


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
    """Patterns of a table's rows, matched together; overlapping hits keep the longest.

    A row's regex runs only when one of its literal anchors (the fixed letters of each form's
    first word) occurs in the text, and a text is scanned once: sentences slice the cached hits.
    """

    patterns: tuple[re.Pattern[str], ...]
    cores: tuple[re.Pattern[str], ...] = ()
    anchors: tuple[tuple[str, ...], ...] = ()
    _cache: dict[str, tuple[Hit, ...]] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def find(self, key: str, start: int = 0, end: int | None = None) -> list[Hit]:
        end = len(key) if end is None else end
        scanned = self._cache.get(key)
        if scanned is None:
            if len(self._cache) > 8:
                self._cache.clear()
            scanned = self._cache[key] = self._scan(key)
        hits = [h for h in scanned if h.start >= start and h.end <= end]
        return longest_first(hits)

    def _scan(self, key: str) -> tuple[Hit, ...]:
        """All hits of all rows. The word-final regex runs without the clitic part (a literal start
        is fast to search); the letters before a match must then be exactly a clitic prefix."""
        out = []
        for i, pat in enumerate(self.cores):
            if self.anchors and not any(a in key for a in self.anchors[i]):
                continue
            for m in pat.finditer(key):
                j = m.start()
                while j > 0 and LETTER_RE.match(key, j - 1):
                    j -= 1
                if PREFIX_RE.fullmatch(key, j, m.start()):
                    out.append(Hit(j, m.end(), i))
        return tuple(out)

    def core_start(self, key: str, hit: Hit) -> int:
        """Where the table form itself starts inside a hit, after its clitics (لرتل -> رتل)."""
        core = self.cores[hit.row] if self.cores else None
        for k in range(4):
            if core is not None and core.match(key, hit.start + k, hit.end) and core.match(
                    key, hit.start + k, hit.end).end() == hit.end:
                return hit.start + k
        return hit.start


def longest_first(hits: list[Hit]) -> list[Hit]:
    """Non-overlapping hits, preferring longer spans, then earlier rows; in text order."""
    chosen: list[Hit] = []
    for h in sorted(hits, key=lambda h: (-(h.end - h.start), h.row, h.start)):
        if all(h.end <= c.start or h.start >= c.end for c in chosen):
            chosen.append(h)
    return sorted(chosen, key=lambda h: h.start)


def _anchor(form: str) -> str:
    """The fixed letters of a form's first word (what must occur for the form to match)."""
    return _form_key(form).split()[0].rstrip("*")


def _matcher(rows: tuple[dict[str, str], ...]) -> Matcher:
    return Matcher(tuple(compile_forms(variants(r["forms"])) for r in rows),
                   tuple(compile_forms(variants(r["forms"]), clitics=False) for r in rows),
                   tuple(tuple({_anchor(f) for f in variants(r["forms"])}) for r in rows))


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
