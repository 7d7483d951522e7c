"""What an article says about where it is: its countries' shares and its dateline.

A homonym (عمان Amman / Oman, طرابلس Lebanon / Libya, صور Tyre / Sur, a Yemeni village named like
an Iraqi one) is decided by the article: each place name with candidates in one country only
counts 1 for that country (when one of them is more than a village: `telling`), each national
adjective (اليمنية، الليبي; places_nisba.tsv) counts `NISBA_WEIGHT`, and the dateline's place
(الخليل 26 شوال ... واس / عين اليوم – بيروت / صنعاء - ) counts `DATELINE_WEIGHT`.
`context` gives each country its share of that evidence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from rasd.geo.index import Place
from rasd.geo.match import Mention, Word, clitic_forms, words
from rasd.lexicon import load_table, variants
from rasd.text.keys import place_key

NISBA_WEIGHT = 0.5
TELLING_POPULATION = 10_000
DATELINE_WEIGHT = 3.0
DATELINE_CHARS = 80  # a first line this short that names a place is a dateline
DATELINE_SEP = re.compile(r"\s*[-–—:/]")
NISBA_ENDINGS = ("", "ه", "ون", "ين", "ان", "تان", "تين")


@dataclass(slots=True)
class Context:
    share: dict[str, float] = field(default_factory=dict)  # country -> share of the evidence
    dateline: frozenset[int] = frozenset()  # indexes of the dateline's mentions
    dateline_city: frozenset[int] = frozenset()  # ... those written as a dateline's city ("عمان -")
    evidence: dict[str, float] = field(default_factory=dict)  # country -> evidence (unnormalised)
    own: dict[int, tuple[str, float]] = field(default_factory=dict)  # mention -> what it added

    same_name: dict[int, tuple[str, float]] = field(default_factory=dict)  # mention -> what its name added

    def elsewhere(self, country: str, i: int) -> float:
        """The evidence for `country` from everything but mention `i` and the other mentions of
        its name (ضمير twice in a slogan does not make an Iraqi story Syrian)."""
        own_cc, own_n = self.same_name.get(i, self.own.get(i, ("", 0.0)))
        return self.evidence.get(country, 0.0) - (own_n if own_cc == country else 0.0)


@cache
def nisba_forms() -> dict[str, str]:
    """Folded national-adjective form (اليمنيه, الليبيين ...) -> country."""
    out: dict[str, str] = {}
    for row in load_table("places_nisba"):
        for stem in variants(row["nisba"]):
            key = place_key(stem)
            for ending in NISBA_ENDINGS:
                out[key + ending] = row["country"]
                out["ال" + key + ending] = row["country"]
    return out


def mark_nisbas(text: str, ws: list[Word], mentions: list[Mention]) -> None:
    """`nisba` = the country of the national adjective right after a name ("البيضاء الليبية",
    "المنصورة المصرية"): it says which homonym is meant."""
    forms = nisba_forms()
    for m in mentions:
        k = m.last + 1
        if k < len(ws) and not text[ws[m.last].end:ws[k].start].strip():
            m.nisba = forms.get(ws[k].key)


def dateline_mentions(text: str, mentions: list[Mention]) -> frozenset[int]:
    """The mentions of the dateline: a short first line that names a place ("بغداد 26 شوال ...
    واس", "عين اليوم – بيروت"), or a place that opens the text before a dash or colon ("صنعاء -")."""
    if not text or not mentions:
        return frozenset()
    stripped = len(text) - len(text.lstrip())
    line_end = text.find("\n", stripped)
    out = set()
    if 0 <= line_end - stripped <= DATELINE_CHARS:
        out = {i for i, m in enumerate(mentions) if m.end <= line_end}
    first = mentions[0]
    if not out and first.start - stripped <= 1 and DATELINE_SEP.match(text, first.end):
        out = {0}
    return frozenset(out)


DATELINE_AFTER = re.compile(r"[ \u00a0]*(?:[-–—/(]|[0-9٠-٩]|$)")  # not ":": "الجزائر: مقتل ..." is a title
DATELINE_BEFORE = re.compile(r"[-–—:/)][ \u00a0]*$")


def dateline_cities(text: str, mentions: list[Mention], dateline: frozenset[int]) -> frozenset[int]:
    """The dateline mentions that stand where a dateline names its city: before a dash,
    bracket or date, at the line's end, or after a dash ("الخليل 26 شوال"، "عين اليوم – بيروت") --
    not a title that opens on a country ("الكويت تضبط شبكة إرهابية")."""
    out = set()
    for i in dateline:
        m = mentions[i]
        line_end = text.find("\n", m.end)
        line_end = len(text) if line_end < 0 else line_end
        if DATELINE_AFTER.match(text[m.end:line_end]) or DATELINE_BEFORE.search(text[max(0, m.start - 4):m.start]):
            out.add(i)
    return frozenset(out)


def telling(p: Place) -> bool:
    """A place whose name says something of the article's country: not a village of the regional
    sources (a Yemeni hamlet named like a Syrian word must not vote for Yemen)."""
    if p.minor:
        return False
    return (p.population >= TELLING_POPULATION or p.feature in ("PCLI", "ADM1", "ADM2", "PPLA", "PPLC")
            or "supplement" in p.source or "opensyria" in p.source)


def context(text: str, mentions: list[Mention], cands: dict[int, list[Place]],
            ws: list[Word] | None = None) -> Context:
    """The article's countries (see the module docstring) and dateline (`ws`: the text's words,
    when the matcher already cut them)."""
    evidence: Counter[str] = Counter()
    own: dict[int, tuple[str, float]] = {}
    dateline = dateline_mentions(text, mentions)
    for i, places in cands.items():
        m = mentions[i]
        if m.local or m.agreement or m.actor or m.in_name:
            continue
        found = {p.country for p in places}
        if len(found) == 1 and any(telling(p) for p in places):
            own[i] = (places[0].country, DATELINE_WEIGHT if i in dateline else 1.0)
            evidence[places[0].country] += own[i][1]
    forms = nisba_forms()
    for w in ws if ws is not None else words(text):
        if "ي" not in w.key:
            continue  # every national adjective has its nisba ي (a cheap test for most words)
        for form, _ in clitic_forms(w.key):
            cc = forms.get(form)
            if cc:
                evidence[cc] += NISBA_WEIGHT
                break
    by_key: dict[str, tuple[str, float]] = {}
    for i, (cc, n) in own.items():
        key_cc, key_n = by_key.get(mentions[i].key, (cc, 0.0))
        by_key[mentions[i].key] = (cc, key_n + n) if key_cc == cc else (key_cc, key_n)
    same_name = {i: by_key[m.key] for i, m in enumerate(mentions) if m.key in by_key}
    total = sum(evidence.values())
    share = {cc: n / total for cc, n in evidence.items()} if total else {}
    return Context(share=share, dateline=dateline, evidence=dict(evidence), own=own, same_name=same_name,
                   dateline_city=dateline_cities(text, mentions, dateline))
