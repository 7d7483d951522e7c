"""The target side (actor2) of a violent event read from who was hurt.

A wire sentence often names its victims only in the casualty figure ("أسفر الانفجار عن إصابة
ضابطين ومجند"، "خطف مسلحون أربعة عمال أتراك") or by a person's name right after the killing verb
("قتلت قوات الاحتلال الشاب محمد عودة"). ACLED codes them as actor2 (the victims' side), never
as the attacker: these readers are used only when the clause gave no actor2, or to widen an
actor2 that is a bare word of a figure ("أشخاص" of "عشرة أشخاص") to the whole counted phrase.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc

from rasd.extract import casualties
from rasd.extract.events.args import CLAUSE_BREAK_RE, actor_item, count_words, text_of, words
from rasd.extract.events.index import index_of
from rasd.text.keys import phrase_key

HURT = ("killed", "injured", "captured")
TRAILING = ".،,؛;:!?؟)]\"”»"
ONE_OF = frozenset(phrase_key(w) for w in ("أحد", "إحدى"))  # "أحد رجال المجاهدين": a genitive follows
PREPOSITIONS = frozenset(phrase_key(w) for w in ("في", "على", "من", "إلى", "عن", "مع", "قرب", "داخل", "أمام", "عند"))
MODIFIER_WORDS = 4  # words of nisba or genitive after the counted noun ("عمال أتراك"، "منتسبي وزارة الداخلية")
TITLE_WORDS = 6  # words of a victim's title between the counted noun and the name
PERSON_GAP = 8  # words between the verb and the named victim ("مدير منفذ بنغازي البحري العقيد ...")
OTHERS_RE = re.compile("(?:آخر|اخر|أخر)(?:ين|ون|ان|يين|ى)\\s*$")
PRONOUN_RE = re.compile("(?:ه|ها|هم|هما|هن)$")
AND_RE = re.compile(r"[\s،,]*و\s*")
NISBA_RE = re.compile("(?:ي|ية|يه|يين|يون|يان|يتين|يتان)$")
SAYING = frozenset(phrase_key(w) for w in ("قال", "قالت", "ذكر", "ذكرت", "أعلن", "أعلنت", "أكد", "أكدت", "أفاد",
                                           "أفادت", "أوضح", "أوضحت", "أضاف", "أضافت"))


@lru_cache(maxsize=1)
def _nouns() -> frozenset[str]:
    """First words of the counted nouns of `casualty_patterns.tsv` (who can be hurt): a noun joined by
    و to a figure's noun is more of its victims ("ضابطين ومجند")."""
    return frozenset(casualties.patterns()["noun"])


@lru_cache(maxsize=1)
def _verbs() -> frozenset[str]:
    """First words of the casualty words before or after a figure (أصيب، قتل، استشهد): after و they
    open the next clause, never more victims."""
    table = casualties.patterns()
    return frozenset(table["before"]) | frozenset(table["after"])


def _grow(doc: Doc, start: int, end: int, limit: int) -> int:
    """The counted phrase grown over its modifiers (nisba adjectives, definite genitives, a construct
    chain: "أحد منتسبي وزارة الداخلية") and over nouns joined to it by و ("ضابطين ومجند"); never
    over a time or a place ("جندي تركي الثلاثاء"، "مدنيين السبت")."""
    text, ix = text_of(doc), index_of(doc)
    pos, n = end, 0
    prev = text[start:end].split()[-1] if text[start:end].split() else ""
    for ws, we, word in words(text, end, min(limit, end + 120)):
        w = word.rstrip(TRAILING)  # "الحرس الوطني." ends the phrase with its word
        we, last = ws + len(w), w != word
        if not w or text[pos:ws].strip() or CLAUSE_BREAK_RE.search(w) or n >= MODIFIER_WORDS:
            break
        if any(sp.within(ws, we) or sp.holding(ws) for sp in (ix.times, ix.places)):
            break
        bare = w[1:] if w.startswith("و") and len(w) > 3 else None
        # منتسبي، مرافقي: a genitive follows (never a word with a pronoun: "لقي شرطي مصرعه")
        construct = ((prev.endswith(("ي", "و")) or phrase_key(prev) in ONE_OF) and not prev.startswith("ال")
                     and not PRONOUN_RE.search(w) and phrase_key(w) not in _verbs())
        if (bare is not None and phrase_key(bare) in _verbs()) or ix.triggers.find(ws, we):
            break  # "جندي صومالي وأصيب آخرون": و opens the next clause
        if bare is not None and phrase_key(bare) in _nouns():
            pass
        elif not (w.startswith("ال") or NISBA_RE.search(w) or construct) or phrase_key(w) in _stops():
            break
        prev, pos, n = w, we, n + 1
        if last:
            break
    return pos


@lru_cache(maxsize=1)
def _stops() -> frozenset[str]:
    from rasd.extract.events.args import STOP_WORDS
    return frozenset(phrase_key(w) for w in STOP_WORDS)


def _counted(doc: Doc, items: list[dict[str, Any]], hit_start: int, limit: int) -> tuple[int, int] | None:
    """The span of the counted phrase nearest the trigger, grown over its modifiers."""
    text = text_of(doc)
    spans = [tuple(c["victims"]) for c in items if c.get("victims") and c.get("kind") in HURT]
    spans = [v for v in spans if not OTHERS_RE.search(text, v[0], v[1])]  # "وأصيب أربعة آخرون": told before
    if not spans:
        return None
    s, e = min(spans, key=lambda v: abs(v[0] - hit_start))
    for s2, e2 in sorted(spans):  # the figures of one list: "ضابطين ومجند"، "8 أطفال و3 نساء"
        if s2 > e and AND_RE.fullmatch(text[e:s2]):
            e = e2
    for s2, e2 in sorted(spans, reverse=True):
        if e2 < s and AND_RE.fullmatch(text[e2:s]):
            s = s2
    e = _grow(doc, s, e, limit)
    named = _person(doc, e, limit, gap=TITLE_WORDS)  # "مقتل مدير منفذ بنغازي البحري العقيد عبد الله السعيطي"
    return s, named[1] if named else e


def _person(doc: Doc, hit_end: int, limit: int, gap: int = PERSON_GAP) -> tuple[int, int] | None:
    """A person named after the verb, before any punctuation, preposition or verb of saying: the
    one it hit."""
    text = text_of(doc)
    for e in index_of(doc).persons.within(hit_end, limit):
        between = text[hit_end : e["start"]]
        if count_words(between) > gap or CLAUSE_BREAK_RE.search(between) or any(
                phrase_key(w) in SAYING or phrase_key(w) in PREPOSITIONS for w in between.split()):
            return None
        return e["start"], _family_name(doc, e["end"], limit)
    return None


def _family_name(doc: Doc, end: int, limit: int) -> int:
    """A person's span grown over a nisba family name the name tagger left out ("عبد الخالق الحوثي")."""
    text, ix = text_of(doc), index_of(doc)
    for ws, we, w in words(text, end, min(limit, end + 30))[:1]:
        if (text[end:ws] == " " and w.startswith("ال") and NISBA_RE.search(w) and phrase_key(w) not in _stops()
                and not any(sp.within(ws, we) or sp.holding(ws) for sp in (ix.times, ix.places))):
            return we
    return end


def _gap(span: tuple[int, int], hit_start: int, hit_end: int) -> int:
    """Characters between a span and the trigger."""
    return hit_start - span[1] if span[1] <= hit_start else max(0, span[0] - hit_end)


def _figure_before(doc: Doc, start: int) -> int | None:
    """The start of a number written right before a victim word ("عشرة أشخاص"), or None."""
    text = text_of(doc)
    for q in doc._.quantities or []:
        if q.get("end", -1) <= start and not text[q["end"] : start].strip() and not q.get("unit") and not q.get("time"):
            return q["start"]
    return None


def victims_side(doc: Doc, items: list[dict[str, Any]], actor2: dict[str, Any] | None,
                 actor1: dict[str, Any] | None, hit_start: int, hit_end: int, limit: int,
                 country: str | None, *, persons: bool = True) -> dict[str, Any] | None:
    """actor2 as the victims: the clause's own actor2 widened to its counted phrase when it is a
    word of it; else the counted phrase; else a person named right after the trigger."""
    span = _counted(doc, items, hit_start, limit)
    if actor2 is not None:
        own = (actor2["start"], actor2["end"])
        if span and span[0] <= own[0] and own[1] <= span[1] and span != own:
            return actor2 | {"text": text_of(doc)[span[0] : span[1]], "start": span[0], "end": span[1]}
        if span and actor2.get("inter") == 7 and _gap(span, hit_start, hit_end) < _gap(own, hit_start, hit_end):
            # "قتل طفلان في غارة ...، وامرأة وطفلها في قصف": the clause's own dead, not the next ones
            return actor_item(doc, *span, country=country)
        counted = _figure_before(doc, own[0])
        if counted is not None:  # "بحق عشرة أشخاص": the figure is part of who they were
            return actor2 | {"text": text_of(doc)[counted : own[1]], "start": counted}
        return actor2
    span = span or (_person(doc, hit_end, limit) if persons else None)
    if span is None or (actor1 and actor1.get("start", -1) <= span[0] < actor1.get("end", -1)):
        return None
    return actor_item(doc, *span, country=country)
