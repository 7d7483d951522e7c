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
- `doc._.casualties`: {start, end, kind, count, approx, who, quantity}  (internal, not in the record)
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

from bisect import bisect_right
from typing import Any

from spacy.tokens import Doc, Span

# Attributes set before the components run (by rasd.pipeline) ...
CONTEXT_ATTRS = ("published", "title_span", "boilerplate", "clean", "warnings", "sentence_spans")
# ... and the lists the components fill, in pipeline order.
OUTPUT_ATTRS = ("entities", "times", "quantities", "casualties", "places", "quotes", "events")

for _name in CONTEXT_ATTRS + OUTPUT_ATTRS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


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


def sentence_of(doc: Doc, pos: int) -> tuple[int, int]:
    """The (start, end) of the sentence holding canonical offset `pos`."""
    spans = doc._.sentence_spans or [(0, len(text_of(doc)))]
    i = max(bisect_right([s for s, _ in spans], pos) - 1, 0)
    return spans[i]


def span_item(doc: Doc, start: int, end: int, **fields: Any) -> dict[str, Any]:
    """A spec item for the canonical span [start, end) with `text` filled from the doc."""
    return {"start": start, "end": end, "text": text_of(doc)[start:end], **fields}
