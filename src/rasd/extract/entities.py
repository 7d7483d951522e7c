"""The `entities` component: the trained NER model plus the actor ruler.

Items in `doc._.entities` (text order, ids e1, e2, ...):
`{id, start, end, text, label, canonical, link, actor}` with canonical offsets; `canonical` is
`fold(text)`; `link` is `rasd:actor/<slug>` for actor-lexicon matches, else None; `actor` is
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
- `actor_for(phrase) -> Actor | None`: the actor a phrase names (`طائرات النظام السوري` ->
  Military Forces of Syria): an exact variant or title first, else the longest mention inside.
- `actors() -> tuple[Actor, ...]`: the whole table.
"""

from __future__ import annotations

import contextlib
import re
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
from rasd.text.chars import fold, fold_loose

# Clitic sequences that may stand before an actor name (`وبقوات`, `لقوات`, `وللجيش`).
PREFIXES = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")
LAM_PREFIXES = ("لل", "ولل", "فلل")  # ل + ال: the alef of the article is dropped
STRIP_PREFIXES = frozenset(("و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل"))


@dataclass(frozen=True, slots=True)
class Actor:
    """One row of `actors.tsv`."""

    name: str
    kind: str
    inter: int | None
    country: str
    label: str  # ORG, PER, NORP, or "-" (an actor for events, not a name)
    slug: str

    @property
    def link(self) -> str:
        return f"rasd:actor/{self.slug}"

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "inter": self.inter, "country": self.country}


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


def key(phrase: str) -> str:
    """Matching key: folded (alef/hamza, ى, ة/ه), whitespace collapsed."""
    return " ".join(fold_loose(phrase).split())


def _clitic_forms(form: str) -> list[tuple[str, int]]:
    """(key, prefix length) for a form and its clitic-prefixed spellings."""
    out = [(form, 0)] + [(p + form, len(p)) for p in PREFIXES]
    if form.startswith("ال"):
        out += [(p + form[2:], len(p) - 2) for p in LAM_PREFIXES]  # للجيش: span starts at the لل
    return out


@cache
def _automaton() -> tuple[ahocorasick.Automaton, dict[str, tuple[int, bool]]]:
    """The matcher over every variant and title (built once per process) and the exact-key index."""
    auto = ahocorasick.Automaton()
    exact: dict[str, tuple[int, bool]] = {}
    for i, row in enumerate(load_table("actors")):
        for is_title, cell in ((False, row["variants"]), (True, row.get("titles", ""))):
            for form in variants(cell):
                k = key(form)
                exact.setdefault(k, (i, is_title))
                for kk, plen in _clitic_forms(k):
                    if kk not in auto:
                        auto.add_word(kk, (len(kk), plen, i, is_title))
    auto.make_automaton()
    return auto, exact


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def match_actors(text: str, *, titles: bool = False) -> list[ActorMatch]:
    """Actor mentions in text order; whole words only, the longest match wins overlaps."""
    if not text:
        return []
    auto, _ = _automaton()
    folded = fold_loose(text)
    if len(folded) != len(text):  # fold is length-preserving on cleaned text; be safe on raw input
        folded = text
    candidates = []
    for end_idx, (length, plen, row, is_title) in auto.iter(folded):
        if is_title and not titles:
            continue
        start, end = end_idx - length + 1, end_idx + 1
        if (start > 0 and _is_word_char(folded[start - 1])) or (end < len(folded) and _is_word_char(folded[end])):
            continue
        candidates.append((start, end, plen, row, is_title))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int]] = []
    out = []
    table = actors()
    for start, end, plen, row, is_title in candidates:
        if any(start < e and end > s for s, e in taken):
            continue
        taken.append((start, end))
        out.append(ActorMatch(start + max(plen, 0), end, table[row], is_title))
    return sorted(out, key=lambda m: m.start)


def actor_for(phrase: str) -> Actor | None:
    """The actor a phrase names: exact variant/title (clitics allowed), else its longest mention."""
    if not phrase or not phrase.strip():
        return None
    _, exact = _automaton()
    k = key(phrase)
    keys = [k] + [k[len(p):] for p in PREFIXES if k.startswith(p)]
    keys += ["ال" + k[len(p):] for p in LAM_PREFIXES if k.startswith(p)]
    for kk in keys:
        if hit := exact.get(kk):
            return actors()[hit[0]]
    matches = match_actors(" ".join(phrase.split()), titles=True)
    if not matches:
        return None
    return max(matches, key=lambda m: (m.end - m.start, -m.start)).actor


# --- NER features ------------------------------------------------------------------------------


def fold_norm(word: str) -> str:
    """The NORM of a word: its folded form, never empty (floret vectors fail on empty keys)."""
    return fold(word) or word


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
    for ent in doc.ents:
        s, e = ent.start_char, ent.end_char
        if any(s < a_end and e > a_start for a_start, a_end, _, _ in spans):
            continue  # only actor spans are in the list yet
        s = _strip_clitic(text, s, e)
        if s < e and any(ch.isalpha() for ch in text[s:e]):
            spans.append((s, e, ent.label_, None))
    spans.sort(key=lambda x: (x[0], x[1]))
    items = []
    for s, e, label, actor in spans:
        items.append({
            "start": s, "end": e, "text": text[s:e], "label": label, "canonical": fold(text[s:e]),
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
