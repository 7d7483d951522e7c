"""The time lexicon: month, weekday and relative-time tables compiled into lookups once per process.

Tables: `months.tsv` (every calendar system), `weekdays.tsv`, `relative_times.tsv`. Keys are folded
with `phrase_key` like the tokens of `numwords.tokenize`, so spelling variants of alef/hamza, ى and
ة meet.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rasd.extract.numwords import MEMO_LIMIT, Tok
from rasd.lexicon import load_table, variants
from rasd.text.keys import phrase_key

PARTICLES = ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل")


@dataclass(frozen=True, slots=True)
class Month:
    month: int
    system: str
    ambiguous: bool


@dataclass(frozen=True, slots=True)
class Entry:
    """A relative-time table row: its kind, unit and value."""

    kind: str
    unit: str
    value: str


Seq = tuple[str, ...]


@cache
def months() -> dict[str, tuple[tuple[Seq, Month], ...]]:
    """First key -> ((remaining keys, month), ...), longest first."""
    out: dict[str, list[tuple[Seq, Month]]] = {}
    for row in load_table("months"):
        m = Month(int(row["month"]), row["system"], row["ambiguous"] == "1")
        for form in variants(row["forms"]):
            keys = tuple(phrase_key(w) for w in form.split())
            out.setdefault(keys[0], []).append((keys[1:], m))
    return {k: tuple(sorted(v, key=lambda x: -len(x[0]))) for k, v in out.items()}


@cache
def weekdays() -> dict[str, int]:
    """Folded weekday name (with its article) -> Python weekday."""
    return {phrase_key(form): int(row["weekday"]) for row in load_table("weekdays") for form in variants(row["forms"])}


@cache
def relative() -> dict[str, tuple[tuple[Seq, Entry], ...]]:
    """First key -> ((remaining keys, entry), ...) over all relative-time rows, longest first."""
    out: dict[str, list[tuple[Seq, Entry]]] = {}
    for row in load_table("relative_times"):
        entry = Entry(row["kind"], row.get("unit", ""), row.get("value", ""))
        for form in variants(row["forms"]):
            keys = tuple(phrase_key(w) for w in form.split())
            out.setdefault(keys[0], []).append((keys[1:], entry))
    return {k: tuple(sorted(v, key=lambda x: -len(x[0]))) for k, v in out.items()}


@cache
def words_of(kind: str) -> frozenset[str]:
    """Single-token keys of one relative-time kind (stop lists, modifiers)."""
    return frozenset(k for k, rows in relative().items() for rest, e in rows if e.kind == kind and not rest)


_STRIPS: dict[tuple[str, tuple[str, ...]], list[tuple[str, str]]] = {}


def strip_particles(tok_key: str, allowed: tuple[str, ...] = PARTICLES) -> list[tuple[str, str]]:
    """(particles, rest) readings of a token key, the whole key first (memoised: a closed vocabulary
    of keys meets a handful of `allowed` tuples)."""
    memo = (tok_key, allowed)
    found = _STRIPS.get(memo)
    if found is None:
        if len(_STRIPS) > MEMO_LIMIT:
            _STRIPS.clear()
        found = _STRIPS[memo] = [(p, tok_key[len(p):]) for p in allowed
                                 if tok_key.startswith(p) and len(tok_key) - len(p) >= 2]
    return found


def match_table(
    table: dict[str, tuple[tuple[Seq, object], ...]],
    toks: list[Tok],
    i: int,
    allowed: tuple[str, ...] = PARTICLES,
    kinds: tuple[str, ...] | None = None,
) -> tuple[int, int, object] | None:
    """(particle length, index after the match, value) of the longest table entry at token i."""
    for particles, first in strip_particles(toks[i].key, allowed):
        for rest, value in table.get(first, ()):
            if kinds is not None and getattr(value, "kind", None) not in kinds:
                continue
            end = i + 1 + len(rest)
            if end <= len(toks) and all(toks[i + 1 + n].key == r for n, r in enumerate(rest)):
                return len(particles), end, value
    return None


# Relative-time kinds a reader starts on; the others (leads, modifiers, stop words) are only read
# around an expression that starts elsewhere, so a token like على (على مدى) triggers nothing.
STARTING_KINDS = frozenset({"deictic", "period", "demonstrative", "unit", "part", "daypart", "season", "decade",
                            "set"})
# Words the readers test by spelling before a table lookup (شهر آب، يوم الجمعة، الساعة 10، هذا العام).
STARTING_WORDS = ("الساعه", "عام", "العام", "سنه", "السنه", "عامي", "سنتي", "شهر", "يوم", "يومي", "هذا", "هذه",
                  "الايام", "الاسابيع", "الاشهر", "الشهور", "السنوات", "الاعوام", "السنين", "الساعات", "العقود")


@cache
def trigger_keys() -> frozenset[str]:
    """Keys that may start a time expression (without particles); digits trigger too."""
    from rasd.extract.numwords import number_words

    starting = {k for k, rows in relative().items() if any(e.kind in STARTING_KINDS for _, e in rows)}
    keys = set(months()) | set(weekdays()) | starting | set(STARTING_WORDS)
    keys |= {"ال" + k for k, ws in number_words().items() if any(w.kind == "tens" for w in ws)}
    keys |= set(number_words())
    return frozenset(keys)
