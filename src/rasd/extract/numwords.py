"""Word tokens with matching keys, and the reader of Arabic numbers (digits and words).

Shared by the `times` component (day ordinals, durations: "منذ ثلاثة أيام") and the `numbers`
component, so that both read "خمسة وعشرين" or "نحو مليون" the same way. Knowledge lives in the
tables `number_words.tsv`, `approximators.tsv`, `units.tsv` and `clitics.tsv`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from rasd.lexicon import load_table, variants
from rasd.text.keys import loose_key, phrase_key

TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|\S")
# Clitic sequences that may stand before a closed-class word (conj? prep? article?).
PARTICLES = ("و", "ف", "ب", "ل", "ك")


@dataclass(slots=True)
class Tok:
    """A token of the canonical text: offsets, surface text and its folded matching key.

    Not frozen: a frozen dataclass pays `object.__setattr__` per field, and tokens are made for
    every word of every article (treat them as read-only all the same)."""

    start: int
    end: int
    text: str
    key: str
    is_digit: bool


_KEYS: dict[str, str] = {}
# Word-form memo tables (here, times.words, times, casualties) are cleared at this size: new word forms
# never stop coming, and at 200k entries each they held ~100 MB per process; 20k costs no speed.
MEMO_LIMIT = 20_000


def _fold(word: str) -> str:
    k = _KEYS.get(word)
    if k is None:
        if len(_KEYS) > MEMO_LIMIT:
            _KEYS.clear()
        k = _KEYS[word] = loose_key(word)
    return k


@lru_cache(maxsize=4)
def tokenize(text: str) -> list[Tok]:
    """Words, digit groups and single marks of the canonical text (whitespace dropped).

    Cached for the last few texts: times, numbers and casualties read the same text in turn.
    Callers must not modify the list. One pass, keys memoised per word form."""
    out: list[Tok] = []
    append, known = out.append, _KEYS.get
    for m in TOKEN_RE.finditer(text):
        word = m.group()
        start = m.start()
        append(Tok(start, start + len(word), word, known(word) or _fold(word), word[0].isdecimal()))
    return out


@cache
def prefixes() -> tuple[str, ...]:
    """Proclitic sequences from `clitics.tsv` (conj, prep, article; no future س), longest first."""
    rows = load_table("clitics")
    conj = [""] + [loose_key(r["form"]) for r in rows if r["kind"] == "conj"]
    prep = [""] + [loose_key(r["form"]) for r in rows if r["kind"] == "prep"]
    art = [""] + [loose_key(r["form"]) for r in rows if r["kind"] == "article"]
    seqs = {c + p + a for c in conj for p in prep for a in art if not (a == "لل" and p)}
    seqs.discard("")
    return tuple(sorted(seqs, key=len, reverse=True))


def readings(word_key: str) -> Iterable[tuple[str, str]]:
    """(proclitics, stem) readings of a key, the whole word first; stems keep >= 2 letters."""
    yield "", word_key
    for p in prefixes():
        if word_key.startswith(p) and len(word_key) - len(p) >= 2:
            yield p, word_key[len(p):]


def particle_len(prefix: str) -> int:
    """How many leading letters of a clitic sequence are particles (و/ب/ل...), not the article.

    Spans start after the particles but keep the article ("والعشرين" -> "العشرين")."""
    n = 0
    while n < len(prefix) and prefix[n] in PARTICLES and not prefix[n:].startswith(("ال", "لل")):
        n += 1
    return n


# --- number words -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Word:
    value: float
    kind: str


@cache
def number_words() -> dict[str, tuple[Word, ...]]:
    """Folded form -> its readings (a form may be a unit and a teen: عشرة)."""
    out: dict[str, list[Word]] = {}
    for row in load_table("number_words"):
        for form in variants(row["forms"]):
            out.setdefault(phrase_key(form), []).append(Word(float(row["value"]), row["kind"]))
    return {k: tuple(v) for k, v in out.items()}


@cache
def approximators() -> dict[str, dict[str, tuple[tuple[tuple[str, ...], str], ...]]]:
    """position -> {indexing key: ((key tokens, meaning), ...) longest first}. "before" entries are
    indexed by their last token (the one touching the number), "after" ones by their first; a
    one-word approximator is also indexed with the particles و/ب/ف/ل glued to it."""
    out: dict[str, dict[str, list[tuple[tuple[str, ...], str]]]] = {"before": {}, "after": {}}
    for row in load_table("approximators"):
        for form in variants(row["forms"]):
            seq = tuple(phrase_key(w) for w in form.split())
            pos = row["position"]
            index = seq[-1] if pos == "before" else seq[0]
            out[pos].setdefault(index, []).append((seq, row["meaning"]))
            if pos == "before" and len(seq) == 1:
                for p in PARTICLES:
                    out[pos].setdefault(p + index, []).append(((p + seq[0],), row["meaning"]))
    return {pos: {k: tuple(sorted(v, key=lambda x: -len(x[0]))) for k, v in d.items()} for pos, d in out.items()}


@cache
def units() -> dict[str, tuple[tuple[tuple[str, ...], str, bool], ...]]:
    """First key (also with a glued ب) -> ((key tokens, unit, in_span), ...) longest first."""
    out: dict[str, list[tuple[tuple[str, ...], str, bool]]] = {}
    for row in load_table("units"):
        for form in variants(row["forms"]):
            seq = tuple(phrase_key(w) for w in form.split())
            entry = (seq, row["unit"], row["in_span"] == "1")
            out.setdefault(seq[0], []).append(entry)
            out.setdefault("ب" + seq[0], []).append((("ب" + seq[0], *seq[1:]), row["unit"], row["in_span"] == "1"))
    return {k: tuple(sorted(v, key=lambda x: -len(x[0]))) for k, v in out.items()}


def lookup_number(tok: Tok, allow: tuple[str, ...] = ("", "و")) -> tuple[str, tuple[Word, ...]] | None:
    """(proclitics, readings) of a number word; `allow` limits the proclitics accepted."""
    memo_key = (tok.key, allow)
    if memo_key in _LOOKUPS:
        return _LOOKUPS[memo_key]
    if len(_LOOKUPS) > MEMO_LIMIT:
        _LOOKUPS.clear()
    found = _LOOKUPS[memo_key] = _lookup_number(tok.key, allow)
    return found


_LOOKUPS: dict[tuple[str, tuple[str, ...]], tuple[str, tuple[Word, ...]] | None] = {}


def _lookup_number(word_key: str, allow: tuple[str, ...]) -> tuple[str, tuple[Word, ...]] | None:
    table = number_words()
    for prefix, stem in readings(word_key):
        if prefix not in allow:
            continue
        words = table.get(stem) or (table.get("ال" + stem) if prefix.endswith(("ال", "لل")) else None)
        if words:
            return prefix, words
    return None


def match_seq(toks: list[Tok], i: int, seq: tuple[str, ...], first_prefixes: tuple[str, ...] = ("",)) -> int:
    """Index after `seq` when the tokens from i spell it (first token may carry a prefix), else -1."""
    if i + len(seq) > len(toks):
        return -1
    first = toks[i].key
    if not any(first == p + seq[0] for p in first_prefixes):
        return -1
    for k, part in enumerate(seq[1:], start=1):
        if toks[i + k].key != part:
            return -1
    return i + len(seq)


def digits_value(text: str) -> float | None:
    """Value of a digit token: `1,000` and `1.000.000` group thousands; `2.5` / `2,5` are decimals."""
    if len(text) > 18:  # a code or a run of digits, not a quantity
        return None
    parts = re.split(r"[.,]", text)
    if len(parts) == 1:
        return float(text)
    seps = re.findall(r"[.,]", text)
    if all(len(p) == 3 for p in parts[1:]) and (len(parts) > 2 or seps[0] == ","):
        return float("".join(parts))
    if len(parts) == 2:
        return float(f"{parts[0]}.{parts[1]}")
    return None


@dataclass(slots=True)
class Number:
    """A number read at token i..j (exclusive): its span, value and approximation."""

    i: int
    j: int
    start: int
    end: int
    value: float
    approx: bool = False
    words: bool = False
    meaning: str | None = None


CARDINAL_PREFIXES = ("", "و", "ف", "ب", "ل", "ال", "وال", "بال", "لل", "ك", "وب", "ول", "فال")


def read_number(toks: list[Tok], i: int, *, approximator: bool = True) -> Number | None:
    """The number starting at token i (digits or words, with a following scale word and ونصف)."""
    tok = toks[i]
    if tok.is_digit:
        value = digits_value(tok.key)
        if value is None:
            return None
        num = Number(i, i + 1, tok.start, tok.end, value)
        _scale_after(toks, num)
    else:
        num = _read_words(toks, i)
        if num is None:
            return None
    if approximator:
        _approx_around(toks, num)
    return num


def _scale_after(toks: list[Tok], num: Number) -> None:
    """"5 آلاف", "2.5 مليون", "3 ملايين": a scale word right after digits multiplies them."""
    if num.j >= len(toks):
        return
    hit = lookup_number(toks[num.j], allow=("",))
    if not hit:
        return
    scale = next((w for w in hit[1] if w.kind in ("scale", "scale_plural")), None)
    if scale is None:
        return
    num.value *= scale.value
    num.end = toks[num.j].end
    num.j += 1
    _half_after(toks, num, scale.value)


def _half_after(toks: list[Tok], num: Number, scale: float) -> None:
    """"مليون ونصف" = 1.5 million."""
    if num.j < len(toks):
        hit = lookup_number(toks[num.j], allow=("و",))
        frac = hit and hit[0] == "و" and next((w for w in hit[1] if w.kind == "fraction"), None)
        if frac:
            num.value += frac.value * scale
            num.end = toks[num.j].end
            num.j += 1


def _read_words(toks: list[Tok], i: int) -> Number | None:
    hit = lookup_number(toks[i], allow=CARDINAL_PREFIXES)
    if not hit:
        return None
    prefix, words = hit
    kinds = {w.kind: w for w in words}
    if "ال" in prefix and "اثن" in toks[i].key:  # الاثنين: Monday or "the two", never a count
        return None
    start = toks[i].start + particle_len(prefix)
    total = current = 0.0
    approx = False
    last_scale = 0.0
    last_kind = ""
    if "unit" in kinds or "tens" in kinds or "hundred" in kinds:
        w = kinds.get("unit") or kinds.get("tens") or kinds["hundred"]
        current, last_kind = w.value, w.kind
    elif "teen_one" in kinds:
        current, last_kind = 1.0, "teen_one"
    elif "scale" in kinds:
        total, last_scale, last_kind = kinds["scale"].value, kinds["scale"].value, "scale"
    elif "scale_dual" in kinds:
        w = kinds["scale_dual"]
        total, last_scale, last_kind = w.value, w.value / 2, "scale"
    elif "scale_plural" in kinds:
        total, last_scale, last_kind, approx = kinds["scale_plural"].value, kinds["scale_plural"].value, "scale", True
    elif "vague" in kinds:
        current, last_kind, approx = kinds["vague"].value, "vague", True
    elif "fraction" in kinds:
        current, last_kind = kinds["fraction"].value, "fraction"
    else:
        return None
    j = i + 1
    while j < len(toks):
        step = _next_word(toks[j], current, total, last_kind, last_scale)
        if step is None:
            break
        current, total, last_kind, last_scale = step
        j += 1
    if last_kind == "teen_one":
        return None  # أحد alone is "one of", not a count
    value = total + current
    return Number(i, j, start, toks[j - 1].end, value, approx=approx, words=True)


def _next_word(tok: Tok, current: float, total: float, last: str, scale: float):
    """Extend a number-word sequence by one token, or None when the token does not continue it."""
    hit = lookup_number(tok, allow=("", "و", "ال"))
    if not hit:
        return None
    prefix, words = hit
    kinds = {w.kind: w for w in words}
    conj = prefix == "و"
    if not conj:
        if "teen" in kinds and last in ("unit", "teen_one") and 1 <= current <= 9:
            return current + 10, total, "teen", scale
        if "hundred" in kinds and kinds["hundred"].value == 100 and last == "unit" and 1 <= current <= 9:
            return current * 100, total, "hundred", scale
        if prefix == "ال":
            if last == "vague" and ("scale_plural" in kinds or "scale" in kinds):  # عشرات الآلاف
                s = (kinds.get("scale_plural") or kinds["scale"]).value
                return 0.0, total + current * s, "scale", s
            return None
        for kind in ("scale", "scale_plural"):
            if kind in kinds and (current > 0 or last == "vague"):
                s = kinds[kind].value
                if kind == "scale_plural" and not (3 <= current <= 10 or last == "vague"):
                    return None
                if scale and s >= scale and total:
                    return None
                return 0.0, total + current * s, "scale", s
        return None
    if "fraction" in kinds and last in ("scale", "unit", "tens", "teen", "hundred"):
        base = scale if last == "scale" else 1.0
        return current + kinds["fraction"].value * base, total, "fraction", scale
    rest = current % 100
    if "tens" in kinds and ((1 <= rest <= 9 and last in ("unit",)) or (rest == 0 and (current or total))):
        return current + kinds["tens"].value, total, "tens", scale
    if "unit" in kinds and rest == 0 and (current or total) and last in ("hundred", "scale"):
        return current + kinds["unit"].value, total, "unit", scale
    if "hundred" in kinds and current == 0 and total:
        return kinds["hundred"].value, total, "hundred", scale
    return None


def _approx_around(toks: list[Tok], num: Number) -> None:
    """Take an approximator before ("نحو", "أكثر من") or after ("تقريبا") into the span."""
    table = approximators()
    if num.i > 0:
        for seq, meaning in table["before"].get(toks[num.i - 1].key, ()):
            k = num.i - len(seq)
            if k >= 0 and match_seq(toks, k, seq, ("", "و", "ب", "ف", "ل")) == num.i:
                first = toks[k]
                num.start = first.start + len(first.key) - len(seq[0])
                num.i = k
                num.approx, num.meaning = True, meaning
                break
    if num.j < len(toks):
        for seq, meaning in table["after"].get(toks[num.j].key, ()):
            if match_seq(toks, num.j, seq) > 0:
                num.j += len(seq)
                num.end = toks[num.j - 1].end
                num.approx, num.meaning = True, num.meaning or meaning
                break
