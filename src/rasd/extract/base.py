"""What every extractor shares: the `doc._` attributes and small span helpers.

Items are plain dicts shaped like the spec's items, with `start`/`end` offsets into the
canonical text. Any nested dict with integer `start` and `end` (a speaker, a cue, an evidence
span) is mapped back to the original text by `rasd.record`, which also fills its `text`.
Keys beyond the spec's are allowed (the spec lets fields be added) and are how later components
read earlier ones:

- `doc._.entities`:   {id, start, end, text, label, canonical, link, actor?}
                       actor = {name, kind, inter} for actor-lexicon matches (ACLED name, actor type).
- `doc._.times`:      {id, start, end, text, type, value, anchored, precision?}  precision: day|month|year.
- `doc._.quantities`: {id, start, end, text, value, approx, unit}
- `doc._.casualties`: {start, end, kind, count, approx, who, quantity, total}  (internal; `total`: a risen toll)
                       kind: killed|injured|displaced|captured|missing; who: civilians|fighters|children|
                       women|None; quantity: id of the number item or None.
- `doc._.places`:     {id, start, end, text, geonameid, name, name_ar, lat, lon, country, admin1,
                       feature, score, direction?, precision?, in_agreement?}
- `doc._.quotes`:     the spec's quote items.
- `doc._.events`:     the spec's event items.

Context set before the components run: `published` (date|None), `title_span` (canonical
(start, end) or None), `boilerplate` (canonical spans with kind), `sentence_spans`, `clean`
(the CleanText), `warnings` (list of str).
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span

# Attributes set before the components run (by rasd.pipeline) ...
CONTEXT_ATTRS = ("published", "title_span", "boilerplate", "clean", "warnings", "sentence_spans")
# ... and the lists the components fill, in pipeline order.
OUTPUT_ATTRS = ("entities", "times", "quantities", "casualties", "places", "quotes", "events")

for _name in CONTEXT_ATTRS + OUTPUT_ATTRS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


# What each component reads from and writes to the doc (spaCy's `requires` / `assigns`), checked by
# `nlp.analyze_pipes` in tests/test_pipeline_failures.py; `rasd.pipeline` declares them on the
# component metadata and uses `assigns` to undo a failed component's partial output. The context
# attributes (`published`, `clean`, ...) are set before any component and are not listed.
CONTRACTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "rasd_entities": (("doc.ents",), ("doc._.entities",)),
    "rasd_times": ((), ("doc._.times",)),
    "rasd_numbers": (("doc._.times",), ("doc._.quantities", "doc._.casualties")),
    "rasd_places": (("doc._.entities",), ("doc._.places",)),
    "rasd_quotes": (("doc._.entities", "doc._.times", "doc._.places", "doc._.casualties"), ("doc._.quotes",)),
    "rasd_events": (("doc._.entities", "doc._.times", "doc._.quantities", "doc._.casualties", "doc._.places",
                     "doc._.quotes"), ("doc._.events",)),
}
# The numbered warning of each component's failure (rasd.errors.MESSAGES names them).
FAILURE_CODES = {"tok2vec": "W100", "ner": "W100", "rasd_entities": "W101", "rasd_times": "W102",
                 "rasd_numbers": "W103", "rasd_places": "W104", "rasd_quotes": "W105", "rasd_events": "W106"}


def declare_contracts() -> None:
    """Put `CONTRACTS` on the registered components' metadata (the components are registered by
    their modules; the table lives here, beside the attributes it names)."""
    from spacy.language import Language

    for name, (requires, assigns) in CONTRACTS.items():
        if Language.has_factory(name):
            meta = Language.get_factory_meta(name)
            meta.requires, meta.assigns = list(requires), list(assigns)


def init_doc(doc: Doc) -> None:
    """Give every output list a fresh empty value (spaCy defaults are shared objects)."""
    for name in OUTPUT_ATTRS:
        if getattr(doc._, name) is None:
            setattr(doc._, name, [])
    if doc._.boilerplate is None:
        doc._.boilerplate = []
    if doc._.warnings is None:
        doc._.warnings = []


def in_boilerplate(doc: Doc, start: int, end: int) -> bool:
    """True when the canonical span overlaps a boilerplate line."""
    return any(b["start"] < end and b["end"] > start for b in doc._.boilerplate or [])


def in_title(doc: Doc, start: int) -> bool:
    """True when the canonical offset lies in the article's title line."""
    span = doc._.title_span
    return span is not None and span[0] <= start < span[1]


def next_id(items: list[dict[str, Any]], prefix: str) -> str:
    """The next id of a list (`e1`, `e2`, ...)."""
    return f"{prefix}{len(items) + 1}"


def char_span(doc: Doc, start: int, end: int) -> Span | None:
    """The token span covering [start, end), expanded to token boundaries."""
    return doc.char_span(start, end, alignment_mode="expand")


def text_of(doc: Doc) -> str:
    """`doc.text` without its cost: spaCy rebuilds `doc.text` from every token on each access
    (0.3 ms on a 4 KB article, paid per item), so the canonical string the doc was made from is
    returned instead when it is there."""
    clean = doc._.clean
    text = getattr(clean, "text", None)
    if isinstance(text, str) and len(doc) and doc[-1].idx + len(doc[-1].text_with_ws) == len(text):
        return text
    return doc.text


def span_item(doc: Doc, start: int, end: int, **fields: Any) -> dict[str, Any]:
    """A spec item for the canonical span [start, end) with `text` filled from the doc."""
    return {"start": start, "end": end, "text": text_of(doc)[start:end], **fields}
