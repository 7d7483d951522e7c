"""The `rasd.analysis/1` record: extractor output mapped back to the original text.

Extractors work on canonical offsets. Here every dict with integer `start`/`end` -- an entity, a
quote's speaker, an event's evidence -- is mapped through the offset map, and its `text`
(when it has one) is re-read from the original, so `text[start:end] == span text` always holds.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from rasd.article import Article

SCHEMA = "rasd.analysis/1"
LISTS = ("entities", "times", "quantities", "places", "quotes", "events")
# Events the report tells as history go to their own list: `events` is what the article reports
# as news (what a monitor counts and maps); the history is kept, never dropped, next to it.
BACKGROUND = "background_events"


def empty(article: Article) -> dict[str, Any]:
    """The record of an article with nothing extracted yet: every list present and empty."""
    return {
        "schema": SCHEMA,
        "doc": {
            "id": article.id,
            "title": article.title,
            "source": article.source,
            "url": article.url,
            "published": article.published.isoformat() if article.published else None,
            "language": "ar",
        },
        "text": article.text,
        "sentences": [],
        "cleaned": [],
        "boilerplate": [],
        **{name: [] for name in LISTS},
        BACKGROUND: [],
        "warnings": [],
    }


def build(doc: Doc, article: Article) -> dict[str, Any]:
    """The record of an analysed `Doc`."""
    cleaned = doc._.clean
    original = article.text
    rec = empty(article)
    rec["sentences"] = [_span(cleaned, original, {"start": s, "end": e}) for s, e in doc._.sentence_spans]
    rec["cleaned"] = [dict(c) for c in cleaned.cleaned]
    rec["boilerplate"] = [dict(b["original"]) for b in doc._.boilerplate] if doc._.boilerplate else []
    for name in LISTS:
        rec[name] = [_map(cleaned, original, item) for item in getattr(doc._, name) or []]
    rec[BACKGROUND] = [ev for ev in rec["events"] if ev.get("background")]
    rec["events"] = [ev for ev in rec["events"] if not ev.get("background")]
    rec["warnings"] = list(doc._.warnings or [])
    return rec


def _map(cleaned: Any, original: str, value: Any) -> Any:
    if isinstance(value, dict):
        out = {k: _map(cleaned, original, v) for k, v in value.items()}
        if isinstance(value.get("start"), int) and isinstance(value.get("end"), int):
            out = _span(cleaned, original, out)
        return out
    if isinstance(value, list):
        return [_map(cleaned, original, v) for v in value]
    return value


def _span(cleaned: Any, original: str, item: dict[str, Any]) -> dict[str, Any]:
    start, end = cleaned.span(item["start"], item["end"])
    item["start"], item["end"] = start, end
    if "text" in item:
        item["text"] = original[start:end]
    return item


__all__ = ["BACKGROUND", "SCHEMA", "build"]
