"""The event tables compiled once per process into regex matchers over the matching key.

The key (`rasd.text.keys.same_length_key`) folds alef/hamza, ى/ي and ة/ه one character for one character, so match
offsets are canonical offsets. A table form may be preceded by the clitics و ف ب ل ك ال, and a
trailing `*` lets its last letters run on (اشتباك* = اشتباكات).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

import ahocorasick

from rasd.lexicon import load_table, variants
from rasd.text.chars import ARABIC_LETTERS, DIACRITICS_RE
from rasd.text.keys import same_length_key

_L = ARABIC_LETTERS
PREFIX = r"(?:[وف])?(?:[بك]?ال|لل|[بلك])?"
PREFIX_RE = re.compile(PREFIX)
LETTER_RE = re.compile(f"[{ARABIC_LETTERS}]")


def _form_key(form: str) -> str:
    return same_length_key(DIACRITICS_RE.sub("", form).replace("\u0640", ""))


def form_pattern(form: str, *, clitics: bool = True) -> str:
    """Regex for one table form: clitics before, whole words, `*` for a word that runs on."""
    body = _form_body(form)
    return f"(?<![{_L}]){PREFIX}{body}(?![{_L}])" if clitics else f"{body}(?![{_L}])"


def _form_body(form: str) -> str:
    """The regex of a form's words (without the clitics before or the word boundary after)."""
    words = []
    for word in _form_key(form).split():
        if word == "~" or re.fullmatch(r"~[1-9]", word):  # ~ up to 3 words between, ~5 up to 5
            words.append(r"(?:\S+\s+){0,%s}?" % (word[1:] or "3"))
            continue
        if word.endswith("*"):
            words.append(re.escape(word[:-1]) + f"[{_L}]*")
        else:
            words.append(re.escape(word))
    return r"\s+".join(words).replace("?\\s+", "?")


def compile_forms(forms: list[str], *, clitics: bool = True) -> re.Pattern[str]:
    """One alternation for many forms, longest first so the regex prefers the longer phrase; the
    clitics before and the word boundary after are shared by all forms (one small regex even
    for the hundreds of forms a lemma generates)."""
    ordered = sorted(set(forms), key=lambda f: -len(f))
    body = "|".join(_form_body(f) for f in ordered)
    return re.compile(f"(?<![{_L}]){PREFIX}(?:{body})(?![{_L}])" if clitics else f"(?:{body})(?![{_L}])")


@dataclass(frozen=True)
class Hit:
    """One table match: its canonical span and the row it came from."""

    start: int
    end: int
    row: int


@dataclass(frozen=True)
class Matcher:
    """Patterns of a table's rows, matched together; overlapping hits keep the longest.

    Every form starts with a literal anchor (the fixed letters of its first word). One
    Aho-Corasick pass finds the anchors; a row's word-final regex is then tried only where one of
    its anchors occurs, so a scan is linear in the text whatever the number of rows.
    """

    patterns: tuple[re.Pattern[str], ...]
    cores: tuple[re.Pattern[str], ...] = ()
    anchors: tuple[tuple[str, ...], ...] = ()
    _auto: Any = field(default=None, compare=False, hash=False, repr=False)

    def find(self, key: str, start: int = 0, end: int | None = None) -> list[Hit]:
        """Non-overlapping hits in key[start:end] (a doc's sentences use `events_index` instead)."""
        end = len(key) if end is None else end
        hits = self.scan(key) if (start, end) == (0, len(key)) else [
            Hit(h.start + start, h.end + start, h.row) for h in self.scan(key[start:end])]
        return longest_first(hits)

    def scan(self, key: str) -> list[Hit]:
        """All hits of all rows, overlapping ones included. The letters before a form's match must
        be exactly a clitic prefix (at most 4 letters), and a letter may not precede them."""
        out: set[Hit] = set()
        if not key:
            return []
        for last, (length, rows) in self._automaton().iter(key):
            at = last - length + 1
            for i in rows:
                m = self.cores[i].match(key, at)
                if m is None:
                    continue
                for j in range(at, max(at - 5, -1), -1):
                    if (j == 0 or not LETTER_RE.match(key, j - 1)) and PREFIX_RE.fullmatch(key, j, at):
                        out.add(Hit(j, m.end(), i))
                        break
        return sorted(out, key=lambda h: (h.start, h.end, h.row))

    def _automaton(self) -> Any:
        if self._auto is None:
            by_anchor: dict[str, set[int]] = {}
            for i, anchors in enumerate(self.anchors):
                for a in anchors:
                    by_anchor.setdefault(a, set()).add(i)
            auto = ahocorasick.Automaton()
            for a, rows in by_anchor.items():
                auto.add_word(a, (len(a), tuple(sorted(rows))))
            auto.make_automaton()
            object.__setattr__(self, "_auto", auto)
        return self._auto

    def core_start(self, key: str, hit: Hit) -> int:
        """Where the table form itself starts inside a hit, after its clitics (لرتل -> رتل)."""
        core = self.cores[hit.row] if self.cores else None
        for k in range(4):
            if core is not None and core.match(key, hit.start + k, hit.end) and core.match(
                    key, hit.start + k, hit.end).end() == hit.end:
                return hit.start + k
        return hit.start


def longest_first(hits: list[Hit]) -> list[Hit]:
    """Non-overlapping hits, preferring longer spans, then earlier rows; in text order.

    The chosen spans never overlap, so one bisect over their starts checks a candidate."""
    starts: list[int] = []
    chosen: list[Hit] = []
    for h in sorted(hits, key=lambda h: (-(h.end - h.start), h.row, h.start)):
        i = bisect_left(starts, h.start)
        if (i > 0 and chosen[i - 1].end > h.start) or (i < len(chosen) and chosen[i].start < h.end):
            continue
        starts.insert(i, h.start)
        chosen.insert(i, h)
    return chosen


def _anchor(form: str) -> str:
    """The fixed letters of a form's first word (what must occur for the form to match)."""
    return _form_key(form).split()[0].rstrip("*")


def with_lam(forms: list[str]) -> list[str]:
    """The forms and, for each definite one, its spelling after the preposition ل, which drops the
    alef of the article: "الشرطة" -> "للشرطة" ("دورية للشرطة"، "تعرضت البلدة للقصف")."""
    return forms + ["لل" + f[2:] for f in forms if _form_key(f).startswith("ال") and len(f) > 3]


def _matcher(rows: tuple[dict[str, str], ...], *, lam: bool = False) -> Matcher:
    forms = [with_lam(variants(r["forms"])) if lam else variants(r["forms"]) for r in rows]
    return Matcher(tuple(compile_forms(f) for f in forms),
                   tuple(compile_forms(f, clitics=False) for f in forms),
                   tuple(tuple({_anchor(x) for x in f}) for f in forms))


# Inflection of a lemma row (`event_lemmas.tsv`): suffixes of the past, prefixes and suffixes of the
# imperfect, the passive, verbal nouns and participles. Object pronouns attach to verbs and nouns.
PAST_SUFFIXES = ("", "ت", "وا", "ا", "تا", "ن", "نا")
OBJECTS = ("ه", "ها", "هم", "هما")
PRESENT_PREFIXES = ("ي", "ت")
PRESENT_SUFFIXES = ("", "ون", "ان")
PASSIVE_SUFFIXES = ("", "ت", "وا", "ا", "تا")
NOUN_SUFFIXES = ("", "ا", "ات", "ين", "ان", "ه", "ها", "هم", "هما")
FEMININE_SUFFIXES = ("", "ات", "تين", "تان", "ته", "تها", "تهم", "اتها")
PARTICIPLE_SUFFIXES = ("", "ون", "ين", "ا", "ة", "ات", "ان", "و")


def lemma_forms(row: dict[str, str]) -> list[str]:
    """Every word form of a lemma row, each followed by the row's tail when it has one, without the
    forms the row skips (they are other words: فجر = dawn)."""
    words: list[str] = []
    past, present, passive = row.get("past", ""), row.get("present", ""), row.get("passive", "")
    if past:
        words += [past + s for s in PAST_SUFFIXES]
        words += [past + v + o for v in ("", "و", "ت") for o in OBJECTS]
    if present:
        words += [p + present + s for p in PRESENT_PREFIXES for s in PRESENT_SUFFIXES]
        words += [p + present + v + o for p in PRESENT_PREFIXES for v in ("", "ون") for o in OBJECTS]
    if passive:
        words += [passive + s for s in PASSIVE_SUFFIXES]
    for masdar in variants(row.get("masdar", "")):
        *head, last = masdar.split()
        if head:  # a phrase: inflect nothing, it is listed as written
            words.append(masdar)
        elif last.endswith("ة"):
            words += [last[:-1] + s if s else last for s in FEMININE_SUFFIXES]
        else:
            words += [last + s for s in NOUN_SUFFIXES]
    for part in variants(row.get("participle", "")):
        words += [part + s for s in PARTICIPLE_SUFFIXES]
    skip = {_form_key(w) for w in variants(row.get("skip", ""))}
    tails = variants(row.get("tail", "")) or [""]
    out: list[str] = []
    for w in dict.fromkeys(words):
        if _form_key(w) in skip:
            continue
        # a verb form takes the tail; a verbal noun phrase or participle stands alone
        out += [f"{w} {t}".strip() for t in tails] if row.get("tail") else [w]
    return out


@cache
def lemma_rows() -> tuple[dict[str, str], ...]:
    """The rows of `event_lemmas.tsv` as trigger rows (sub_event_type, event_type, role, forms, notes)."""
    return tuple({"sub_event_type": r["sub_event_type"], "event_type": r["event_type"], "role": r["role"],
                  "forms": "|".join(lemma_forms(r)), "notes": r.get("notes", ""), "lemma": r.get("past") or
                  r.get("masdar", "")} for r in load_table("event_lemmas"))


@cache
def triggers() -> tuple[tuple[dict[str, str], ...], Matcher]:
    """Rows of `event_triggers.tsv` (phrases, cues, blocks), then the rows `event_lemmas.tsv`
    generates by morphology, and their matcher. The hand rows come first: where a phrase and a
    generated form match the same words, the phrase's row decides."""
    rows = load_table("event_triggers") + lemma_rows()
    return rows, _matcher(rows)


@cache
def onesided() -> re.Pattern[str]:
    """Trigger words of `event_onesided.tsv`: killings that stay violence against civilians even
    when the victims were soldiers or fighters (executions, massacres)."""
    forms = [f for r in load_table("event_onesided") for f in variants(r["forms"])]
    return compile_forms(forms)


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
    return rows, _matcher(rows, lam=True)


@cache
def clause_breaks() -> re.Pattern[str]:
    """Where a sentence opens a new incident: a comma, a semicolon or a stop the sentence splitter
    left inside ("جبل الزاوية.. وقتل 15 آخرون"), then a connector of `event_clauses.tsv`; the match
    starts at the connector."""
    forms = [f for r in load_table("event_clauses") for f in variants(r["forms"])]
    return re.compile(f"(?<=[،,؛;.…])\\s*(?:{compile_forms(forms).pattern})")


def warm() -> None:
    """Compile every table matcher now (once per process), not inside the first article."""
    for _, matcher in (triggers(), modality(), sources(), actor_types()):
        matcher._automaton()
    clause_breaks()
    onesided()


@lru_cache(maxsize=4096)
def inter_of(text: str) -> tuple[int | None, str | None]:
    """ACLED inter code and generic name of an actor phrase, from its first type word."""
    rows, matcher = actor_types()
    hits = matcher.find(same_length_key(text))
    if not hits:
        return None, None
    row = rows[hits[0].row]
    return int(row["inter"]), row.get("name") or None

