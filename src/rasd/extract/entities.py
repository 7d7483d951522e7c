"""The `entities` component: the trained NER model plus the actor ruler.

Items in `doc._.entities` (text order, ids e1, e2, ...):
`{id, start, end, text, label, canonical, link, actor}` with canonical offsets; `canonical` is
`canonical_key(text)`; `link` is `rasd:actor/<slug>` for actor-lexicon matches, else None; `actor` is
`{"name", "kind", "inter", "country"}` for actors, else None.

How a span is chosen: the NER model (`rasd/data/ner`, built by `make model`) tags the canonical
text; the actor ruler (`lexicon/actors.tsv`) matches known actors on folded text, clitic-aware
(و ب ل ف ك and لل), whole words only, longest match first. An actor match overrides every NER
span it overlaps, since the reviewed table is more precise than the model. NER spans that are
not actors keep the model's label and lose a leading conjunction/preposition clitic
(`وموسكو` -> `موسكو`) when the lexicon knows the stem.

Public API for other components (quotes, events):

- `match_actors(text, titles=False) -> list[ActorMatch]`: every actor mention in a (canonical)
  text, offsets without the clitic; `titles=True` also finds role descriptions such as
  `الرئيس الروسي` (-> Vladimir Putin), which are never entities on their own.
- `actor_for(phrase, country=None) -> Actor | None`: the actor a phrase names (`طائرات النظام
  السوري` -> Military Forces of Syria): a description's object first ("عناصر تابعة لتنظيم القاعدة",
  "مسلحون يشتبه في انتمائهم إلى X" -> X, suspected), then an exact variant or title, else the
  longest mention inside. With the event's `country` (ISO alpha-2) it also reads generic
  descriptions ("مسلحون مجهولون" -> Unidentified Armed Group (Yemen), `actor_generic.tsv`), names
  that depend on the country (`actor_context.tsv`: "الجيش الوطني" in Libya is the LNA, the
  Islamic State in Iraq is "Islamic State (Iraq)"), and recodes a state's forces 1 at home, 8 abroad.
- `actors() -> tuple[Actor, ...]`: the whole table.

National and group adjectives are read by composition: a force noun of `actor_heads.tsv`, optional
modifiers, then an adjective of `actor_countries.tsv` or `actor_groups.tsv` in the same
definiteness ("الطائرات الحربية الإسرائيلية", "متظاهرون يمنيون", "الميليشيات الحوثية").
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import ahocorasick
import spacy
from spacy.attrs import NORM, PREFIX
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from rasd.extract.base import next_id
from rasd.lexicon import load_table, variants
from rasd.text import clitics
from rasd.text import tokenizer as _tokenizer  # noqa: F401  (the model's config names rasd.tokenizer.v1)
from rasd.text.keys import canonical_key, loose_key, phrase_key

# Clitic sequences that may stand before an actor name (`وبقوات`, `لقوات`, `وللجيش`).
PREFIXES = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")
LAM_PREFIXES = ("لل", "ولل", "فلل")  # ل + ال: the alef of the article is dropped
STRIP_PREFIXES = frozenset(("و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل"))
_PREFIXES_LONGEST = tuple(sorted(PREFIXES, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class Actor:
    """One row of `actors.tsv`."""

    name: str
    kind: str
    inter: int | None
    country: str
    label: str  # ORG, PER, NORP, or "-" (an actor for events, not a name)
    slug: str
    suspected: bool = False  # named as a suspicion ("يشتبه في انتمائهم إلى ..."), not as a fact

    @property
    def link(self) -> str:
        return f"rasd:actor/{self.slug}"

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "kind": self.kind, "inter": self.inter, "country": self.country}
        if self.suspected:
            out["suspected"] = True
        return out


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """An actor mention: [start, end) in the matched text, without its clitic prefix."""

    start: int
    end: int
    actor: Actor
    title: bool = False  # matched a role description (الرئيس الروسي), not a name


def slugify(name: str) -> str:
    """`Military Forces of Syria` -> `military-forces-of-syria`."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


@cache
def actors() -> tuple[Actor, ...]:
    """The actor table, one `Actor` per row."""
    return tuple(
        Actor(r["name"], r["kind"], int(r["inter"]) if r["inter"] else None, r["country"], r["label"] or "ORG",
              slugify(r["name"]))
        for r in load_table("actors")
    )


def _clitic_forms(form: str) -> list[tuple[str, int]]:
    """(key, prefix length) for a form and its clitic-prefixed spellings (used by training.ner_corpus's
    lookup tables; the actor matchers accept clitics at match time instead, see `_hits`)."""
    out = [(form, 0)] + [(p + form, len(p)) for p in PREFIXES]
    if form.startswith("ال"):
        out += [(p + form[2:], len(p) - 2) for p in LAM_PREFIXES]  # للجيش: span starts at the لل
    return out


def _stored_forms(form: str) -> list[tuple[str, bool]]:
    """(key, is ل+ال form) stored for a form: the form itself and, for ال-forms, `للجيش`.

    Other clitics (و ف ب ل ك and their pairs) are not stored: `_hits` accepts them before a match,
    which keeps the automata small (the table has ~4,000 forms)."""
    out = [(form, False)]
    if form.startswith("ال"):
        out.append(("لل" + form[2:], True))  # للجيش: the alef of the article is dropped
    return out


def _add(auto: ahocorasick.Automaton, form: str, payload: Any) -> None:
    for kk, lam in _stored_forms(form):
        if kk not in auto:
            auto.add_word(kk, (len(kk), lam, payload))


_LAM_LEADS = ("و", "ف")  # before لل: وللجيش، فللجيش


def _hits(auto: ahocorasick.Automaton, folded: str) -> list[tuple[int, int, int, Any]]:
    """(start with clitic, start of the name, end, payload) of whole-word matches, a clitic prefix
    (PREFIXES; و/ف before a لل form) allowed; the span of a لل form starts at the لل."""
    out = []
    for end_idx, (length, lam, payload) in auto.iter(folded):
        start, end = end_idx - length + 1, end_idx + 1
        if end < len(folded) and _is_word_char(folded[end]):
            continue
        first = start
        if start > 0 and _is_word_char(folded[start - 1]):
            for p in (_LAM_LEADS if lam else _PREFIXES_LONGEST):
                s0 = start - len(p)
                if s0 >= 0 and folded.startswith(p, s0) and (s0 == 0 or not _is_word_char(folded[s0 - 1])):
                    first = s0
                    break
            else:
                continue
        out.append((first, start, end, payload))
    return out


@cache
def _automaton() -> tuple[ahocorasick.Automaton, dict[str, tuple[int, bool]]]:
    """The matcher over every variant and title (built once per process) and the exact-key index."""
    auto = ahocorasick.Automaton()
    exact: dict[str, tuple[int, bool]] = {}
    for i, row in enumerate(load_table("actors")):
        for is_title, cell in ((False, row["variants"]), (True, row.get("titles", ""))):
            for form in variants(cell):
                k = phrase_key(form)
                exact.setdefault(k, (i, is_title))
                _add(auto, k, (i, is_title))
    auto.make_automaton()
    return auto, exact


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _whole_word(folded: str, start: int, end: int) -> bool:
    return not ((start > 0 and _is_word_char(folded[start - 1])) or (end < len(folded) and _is_word_char(folded[end])))


# --- national and group adjectives ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Country:
    """One row of `actor_countries.tsv`."""

    iso: str
    name: str  # "United States" (in brackets)
    of: str  # "the United States" (after "of")
    home: frozenset[str]  # where its forces are state forces (inter 1)


@dataclass(frozen=True, slots=True)
class _Head:
    """One row of `actor_heads.tsv` (or of `actor_generic.tsv`): a noun and the name it builds."""

    template: str
    kind: str
    inter: int | None
    label: str
    groups: bool
    feminine: bool = False  # the adjective must be feminine ("وزير الخارجية الإيطالي" is a minister)
    plural: bool = False  # the adjective must be plural ("حزب العمال البريطاني" is a party)


@cache
def countries() -> dict[str, Country]:
    """ISO alpha-2 -> Country."""
    return {r["iso"]: Country(r["iso"], r["name"], r["of"], frozenset(variants(r["home"]) or [r["iso"]]))
            for r in load_table("actor_countries")}


def _adjective_forms(stem: str) -> list[str]:
    """The inflected forms of a nisba adjective, without ال: عراقي عراقية عراقيا عراقيون عراقيين ..."""
    return [stem + end for end in ("", "ة", "ا", "ون", "ين", "ان", "تان", "تين", "ات")]


@cache
def _adjectives() -> dict[str, tuple[str, str, bool, bool, bool]]:
    """Folded adjective form -> ("country", iso | "group", actor name, definite, feminine, plural)."""
    out: dict[str, tuple[str, str, bool, bool, bool]] = {}
    rows = [("country", r["iso"], variants(r["nisba"]), variants(r["plurals"])) for r in load_table("actor_countries")]
    rows += [("group", r["name"], variants(r["nisba"]), []) for r in load_table("actor_groups")]
    for what, ref, stems, plurals in rows:
        forms = [f for st in stems for f in _adjective_forms(st)] + plurals
        for form in forms:
            feminine = form.endswith(("ة", "ات", "تان", "تين"))
            plural = form in plurals or form.endswith(("ون", "ين", "ات"))
            out.setdefault(phrase_key(form), (what, ref, False, feminine, plural))
            out.setdefault(phrase_key("ال" + form), (what, ref, True, feminine, plural))
    return out


def _head_of(row: dict[str, str]) -> _Head:
    return _Head(row["template"], row.get("kind", ""), int(row["inter"]) if row.get("inter") else None,
                 row.get("label") or "-", row.get("groups") == "yes", row.get("agree") == "f", row.get("agree") == "pl")


@cache
def _head_automaton() -> tuple[ahocorasick.Automaton, tuple[str, ...]]:
    """Matcher of the force nouns (clitic-aware) and the modifiers that may follow them."""
    auto = ahocorasick.Automaton()
    modifiers: list[str] = []
    for row in load_table("actor_heads"):
        if row["template"] == "modifier":
            modifiers += [phrase_key(f) for f in variants(row["forms"])]
            continue
        head = _head_of(row)
        for form in variants(row["forms"]):
            k = phrase_key(form)
            _add(auto, k, (head, k.split()[-1].startswith("ال")))
    auto.make_automaton()
    return auto, tuple(sorted(set(modifiers), key=len, reverse=True))


_WORD_RE = re.compile(r"\w+")


def _composed(folded: str) -> list[tuple[int, int, int, Actor]]:
    """(start with clitic, start, end, actor) of "noun [modifiers] adjective" phrases in folded text."""
    auto, modifiers = _head_automaton()
    adjectives = _adjectives()
    out = []
    for first, start, pos, (head, definite) in _hits(auto, folded):
        for _ in range(3):  # at most two modifiers, then the adjective
            ws = pos
            while ws < len(folded) and folded[ws] == " ":
                ws += 1
            if ws == pos:
                break
            mod = next((m for m in modifiers
                        if folded.startswith(m, ws) and _whole_word(folded, ws, ws + len(m))), None)
            if mod:
                pos = ws + len(mod)
                continue
            word = _WORD_RE.match(folded, ws)
            hit = adjectives.get(word.group()) if word else None
            agrees = (hit is not None and hit[2] == definite and (hit[3] or not head.feminine)
                      and (hit[4] or not head.plural))
            if hit and agrees and (actor := _composed_actor(head, hit[0], hit[1])):
                out.append((first, start, word.end(), actor))
            break
    return out


def _composed_actor(head: _Head, what: str, ref: str) -> Actor | None:
    if what == "group":
        return _by_name().get(ref) if head.groups else None
    country = countries().get(ref)
    if not head.template or country is None:
        return None
    return _named(head.template.format(of=country.of, name=country.name), head, country.iso)


@cache
def _by_name() -> dict[str, Actor]:
    return {a.name: a for a in actors()}


def _named(name: str, head: _Head, iso: str) -> Actor:
    """The table's row of that name, else an actor built from the noun's kind and code."""
    found = _by_name().get(name)
    if found is not None:
        return found
    return Actor(name, head.kind, head.inter, iso, head.label, slugify(name))


# --- the ruler ---------------------------------------------------------------------------------


def match_actors(text: str, *, titles: bool = False) -> list[ActorMatch]:
    """Actor mentions in text order; whole words only, the longest match wins overlaps.

    Table variants come first, so where a composed phrase ("الخارجية الأمريكية") spans exactly a
    listed variant the row's own actor (US Department of State) is kept."""
    if not text:
        return []
    auto, _ = _automaton()
    folded = loose_key(text)
    offsets: list[int] | None = None
    if len(folded) != len(text):  # tatweel or diacritics left in the text ("القــوات الصـومالية")
        folded, offsets = _fold_with_offsets(text)
    candidates: list[tuple[int, int, int, Actor, bool]] = []
    table = actors()
    for first, start, end, (row, is_title) in _hits(auto, folded):
        if titles or not is_title:
            candidates.append((first, end, start, table[row], is_title))
    candidates += [(first, end, start, actor, False) for first, start, end, actor in _composed(folded)]
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int]] = []
    out = []
    for first, end, start, actor, is_title in candidates:
        if any(first < e and end > s for s, e in taken):
            continue
        taken.append((first, end))
        if offsets is not None:  # back to the caller's text
            start, end = offsets[start], offsets[end - 1] + 1
        out.append(ActorMatch(start, end, actor, is_title))
    return sorted(out, key=lambda m: m.start)


def _fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """The folded text without the characters folding drops, and each kept character's index."""
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        for f in loose_key(ch):
            chars.append(f)
            offsets.append(i)
    return "".join(chars), offsets


# --- descriptions, generic phrases and the event's country ---------------------------------------


def _alternation(words: str) -> str:
    return "|".join(sorted({re.escape(phrase_key(w)) for w in words.split()}, key=len, reverse=True))


_TO = r"(?:(?:" + _alternation("إلى الى من في") + r")\s+)?"  # إلى folds to الي


# "عناصر تابعة لـX", "مسلحون موالون لـX", "مقاتلين ينتمون إلى X": the actor is X.
_LINK_RE = re.compile(
    r"(?<!\w)(?:" + _alternation(
        "تابعة تابعين تابعون تابع التابعة التابعين التابعون التابع موالية موالين موالون موال الموالية الموالين"
        " الموالون الموالي ينتمون ينتمي تنتمي المنتمين منتمين المنتمون منتمون محسوبين محسوبون محسوبة المحسوبين"
        " مرتبطة مرتبطين مرتبطون المرتبطة المرتبطين مقربة مقربين المقربة المقربين") + r")\s+" + _TO)
# "مسلحون يشتبه في انتمائهم إلى X", "يعتقد أنهم من X", "يرجح أنهم ينتمون لـX": X, as a suspicion.
_SUSPECT_RE = re.compile(
    r"(?<!\w)(?:" + _alternation("يشتبه يعتقد يرجح يظن مشتبه المشتبه المشتبه يشتبه") + r")\s+"
    r"(?:(?:في|ب)\s+)?(?:ب?(?:" + _alternation("انتمائهم انتمائه انتمائها انتمائهما انهم انه انها انهما كونهم") + r"))"
    r"\s+(?:(?:" + _alternation("ينتمون ينتمي تنتمي عناصر أعضاء") + r")\s+)?" + _TO)


def _object_actor(k: str) -> tuple[Actor, bool] | None:
    """The actor a description points to ("تابعة لـX", "يشتبه في انتمائهم إلى X") and whether it
    is a suspicion: the actor named right after the link word, when the words before the link
    name no actor themselves (they are a description: عناصر، مسلحون، قوات الأمن)."""
    for rx, suspected in ((_SUSPECT_RE, True), (_LINK_RE, False)):
        m = rx.search(k)
        if m is None or match_actors(k[: m.start()]):  # "مجلس الأمن التابع للأمم المتحدة" is a name
            continue
        tail = k[m.end():]
        first = match_actors(tail, titles=True)
        first_word_end = len(tail.split(" ", 1)[0])
        if first and first[0].start <= first_word_end and first[0].start < 4:
            return first[0].actor, suspected
    return None


@cache
def _generic() -> tuple[dict[str, _Head], ahocorasick.Automaton]:
    """Exact-key index and matcher of the generic descriptions (`actor_generic.tsv`)."""
    exact: dict[str, _Head] = {}
    auto = ahocorasick.Automaton()
    for row in load_table("actor_generic"):
        head = _head_of(row)
        for form in variants(row["forms"]):
            k = phrase_key(form)
            exact.setdefault(k, head)
            _add(auto, k, head)
    auto.make_automaton()
    return exact, auto


@cache
def _context() -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], str]]:
    """(form key, country) -> name and (actor name, country) -> name, from `actor_context.tsv`."""
    forms: dict[tuple[str, str], str] = {}
    names: dict[tuple[str, str], str] = {}
    for row in load_table("actor_context"):
        if row["form"]:
            forms[(phrase_key(row["form"]), row["country"])] = row["name"]
        else:
            names[(row["actor"], row["country"])] = row["name"]
    return forms, names


def _keys(phrase: str) -> list[str]:
    """The phrase's key and its spellings without a clitic prefix (`وللجيش` -> `الجيش`)."""
    k = phrase_key(phrase)
    keys = [k] + [k[len(p):] for p in PREFIXES if k.startswith(p)]
    return keys + ["ال" + k[len(p):] for p in LAM_PREFIXES if k.startswith(p)]


def _in_country(actor: Actor, country: str | None) -> Actor:
    """ACLED's name and code of an actor in the event's country: "Islamic State" in Iraq is
    "Islamic State (Iraq)"; a state's forces are state forces (1) at home, External/Other (8) abroad."""
    if not country:
        return actor
    renamed = _context()[1].get((actor.name, country))
    if renamed and (row := _by_name().get(renamed)):
        actor = dataclasses.replace(row, suspected=actor.suspected)
    home = countries().get(actor.country)
    if home is not None and actor.kind in ("state forces", "external/other forces") and actor.inter in (1, 8):
        inter, kind = (1, "state forces") if country in home.home else (8, "external/other forces")
        if (inter, kind) != (actor.inter, actor.kind):
            actor = dataclasses.replace(actor, inter=inter, kind=kind)
    return actor


def _generic_actor(phrase: str, country: str) -> Actor | None:
    """A generic description named with the event's country: exact phrase first, else inside."""
    c = countries().get(country)
    if c is None:
        return None
    exact, auto = _generic()
    head = next((exact[k] for k in _keys(phrase) if k in exact), None)
    if head is None:
        folded = phrase_key(phrase)
        hits = [(start, end, h) for start, _, end, h in _hits(auto, folded)]
        if not hits:
            return None
        head = max(hits, key=lambda h: (h[1] - h[0], -h[0]))[2]
    return _named(head.template.format(of=c.of, name=c.name), head, c.iso)


def actor_for(phrase: str, country: str | None = None) -> Actor | None:
    """The actor a phrase names, or None.

    Order: a name that depends on the event's `country` (ISO alpha-2, optional); a generic
    description named with the country ("مسلحون مجهولون" -> Unidentified Armed Group (Yemen));
    an exact variant/title (clitics allowed); the object of a description ("عناصر تابعة لـX" -> X;
    "يشتبه في انتمائهم إلى X" -> X, suspected); the longest mention inside; a generic description
    inside the phrase. Without a country, generic descriptions name no one."""
    if not phrase or not phrase.strip():
        return None
    country = country.upper() if isinstance(country, str) and len(country) == 2 else None
    if country:
        forms = _context()[0]
        for kk in _keys(phrase):
            if (name := forms.get((kk, country))) and (row := _by_name().get(name)):
                return _in_country(row, country)
    # a generic phrase ("المتظاهرون") goes before the table, where "المدنيين" is listed for Syria
    if country and any(kk in _generic()[0] for kk in _keys(phrase)) and (g := _generic_actor(phrase, country)):
        return _in_country(g, country)
    _, exact = _automaton()
    for kk in _keys(phrase):
        if hit := exact.get(kk):
            return _in_country(actors()[hit[0]], country)
    if (described := _object_actor(phrase_key(phrase))) and described[0].kind != "person":  # loyal to a person: read on
        actor, suspected = described
        return _in_country(dataclasses.replace(actor, suspected=True) if suspected else actor, country)
    matches = match_actors(" ".join(phrase.split()), titles=True)
    if matches:
        return _in_country(max(matches, key=lambda m: (m.end - m.start, -m.start)).actor, country)
    if country:
        return _in_country(g, country) if (g := _generic_actor(phrase, country)) else None
    return None


# --- NER features ------------------------------------------------------------------------------


def fold_norm(word: str) -> str:
    """The NORM of a word: its folded form, never empty (floret vectors fail on empty keys)."""
    return canonical_key(word) or word


@spacy.registry.callbacks("rasd.fold_norms.v1")
def fold_norms() -> Callable[[Language], Language]:
    """NER features read NORM: make it the folded form, so أ/إ/ا and ى/ي spellings share rows.

    NewsFANE writes every alef bare while ANERcorp and the news keep hamzas; the model and its
    floret vectors (keyed by NORM) then see one spelling.
    """

    def apply(nlp: Language) -> Language:
        nlp.vocab.lex_attr_getters[NORM] = fold_norm
        return nlp

    return apply


_PROCLITICS_RE = re.compile("^(?:[وف]?[بلك]?(?:ال|لل)|[وف]?[بلك]|[وف])(?=..)")


def light_stem(word: str) -> str:
    """The folded word without its proclitics (و ف ب ل ك ال لل), greedily: a feature, not a parse.

    `والأمم` and `الأمم` -> `امم`; `وبوتين` and `بوتين` -> `وتين` (wrong, but the same for both,
    which is all a hashed feature needs).
    """
    folded = fold_norm(word)
    return _PROCLITICS_RE.sub("", folded) if len(folded) > 3 else folded


@spacy.registry.callbacks("rasd.ner_attrs.v1")
def ner_attrs() -> Callable[[Language], Language]:
    """NORM = folded word (as `rasd.fold_norms.v1`) and PREFIX = its light stem.

    spaCy's PREFIX is the first letter, which in Arabic is mostly a clitic; the stem lets the
    model see `ولافروف` and `لافروف`, `للأمم` and `الأمم` as one word. Nothing else in rasd reads
    `token.prefix_`.
    """

    def apply(nlp: Language) -> Language:
        nlp.vocab.lex_attr_getters[NORM] = fold_norm
        nlp.vocab.lex_attr_getters[PREFIX] = light_stem
        return nlp

    return apply


# --- the component -------------------------------------------------------------------------------


def _strip_clitic(text: str, start: int, end: int) -> int:
    """New start of an NER span whose first word carries و/ب/ل/ف/ك (when the stem is known)."""
    first = text[start:end].split(" ", 1)[0]
    if len(first) < 5:
        return start
    analysis = clitics.split(first)
    stem = analysis.stem + analysis.suffix
    if analysis.prefix in STRIP_PREFIXES and len(analysis.stem) >= 3 and first.endswith(stem):
        return start + len(analysis.prefix)
    return start


def find_entities(doc: Doc) -> list[dict[str, Any]]:
    """NER spans and actor matches merged into spec items (without ids), in text order."""
    text = doc.text
    spans: list[tuple[int, int, str, Actor | None]] = []
    for m in match_actors(text):
        if m.actor.label != "-":
            spans.append((m.start, m.end, m.actor.label, m.actor))
    # An NER span overlapping an actor span gives way. Actor starts sorted, with the running
    # maximum of their ends: some actor overlaps [s, e) iff the largest end among the actors
    # starting before e passes s (a scan of every span per entity was quadratic: 40 s at 120k chars).
    actors = sorted(spans)
    starts = [a[0] for a in actors]
    reach = list(itertools.accumulate((a[1] for a in actors), max))
    for ent in doc.ents:
        s, e = ent.start_char, ent.end_char
        k = bisect_left(starts, e)
        if k and reach[k - 1] > s:
            continue
        s = _strip_clitic(text, s, e)
        if s < e and any(ch.isalpha() for ch in text[s:e]):
            spans.append((s, e, ent.label_, None))
    spans.sort(key=lambda x: (x[0], x[1]))
    items = []
    for s, e, label, actor in spans:
        items.append({
            "start": s, "end": e, "text": text[s:e], "label": label, "canonical": canonical_key(text[s:e]),
            "link": actor.link if actor else None, "actor": actor.as_dict() if actor else None,
        })
    return items


def _set_doc_ents(doc: Doc, items: list[dict[str, Any]]) -> None:
    """Mirror the merged entities on `doc.ents` (token-aligned) for components that read spaCy spans."""
    spans = []
    for it in items:
        span = doc.char_span(it["start"], it["end"], label=it["label"], alignment_mode="expand")
        if span is not None:
            spans.append(span)
    with contextlib.suppress(ValueError):
        doc.ents = filter_spans(spans)


@Language.component("rasd_entities")
def entities(doc: Doc) -> Doc:
    """Fill `doc._.entities` (see the module docstring)."""
    out = doc._.entities if doc._.entities is not None else []
    for item in find_entities(doc):
        out.append({"id": next_id(out, "e"), **item})
    doc._.entities = out
    _set_doc_ents(doc, out)
    return doc
