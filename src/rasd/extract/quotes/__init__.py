"""The `quotes` component: who said what, through whom, and how the reporter frames it.

A statement is read from its *frame*: a cue from `reporting_verbs.tsv` (قال، أكد، مضيفاً،
بحسب …), the speaker phrase after or before it, optional intermediaries (نقلت وكالة … عن),
an addressee (لنظيره …), and the content -- a quoted stretch (direct), an أن/إن clause up to
the end of the sentence (indirect; mixed when it holds a quoted fragment), a colon-introduced
sentence, or the object of اتهم/نفى/دعا. Headlines `فلان: …` are read from the title line.
Nothing is read inside boilerplate. The frame logic lives in `quotes.frame`; this module runs it
over the article and shapes the spec items.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from rasd.extract.quotes.frame import Article, find_quotes


def extract(doc: Doc) -> list[dict[str, Any]]:
    """The spec's quote items of a document, ids q1, q2, … in text order."""
    art = Article(doc)
    if not art.text.strip():
        return []
    # a statement nobody can be named for is not attributed: it is left out, not guessed
    items = [q for q in find_quotes(art) if q["speaker"] and not art.in_boilerplate(q["start"], q["end"])]
    items.sort(key=lambda q: (q["start"], q["end"]))
    out: list[dict[str, Any]] = []
    seen: set[tuple[int, int]] = set()
    for q in items:
        if (q["start"], q["end"]) in seen or q["end"] <= q["start"]:
            continue
        seen.add((q["start"], q["end"]))
        out.append({"id": f"q{len(out) + 1}", **q})
    return out


@Language.component("rasd_quotes")
def quotes(doc: Doc) -> Doc:
    """Fill `doc._.quotes` (a failure is recorded once, by rasd.pipeline, as a numbered warning)."""
    doc._.quotes = extract(doc)
    return doc
