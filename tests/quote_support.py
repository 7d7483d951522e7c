"""Helpers shared by the quote tests: analyse one sentence and find the quote holding a phrase."""

from __future__ import annotations

from rasd.article import Article


def quotes(pipeline, text: str) -> list[dict]:
    """The quotes the whole pipeline finds in one short text."""
    return pipeline.analyze(Article(id="t", text=text))["quotes"]


def hit(pipeline, text: str, has: str) -> dict:
    """The quote whose text holds `has`; the test fails, listing what was found, if none does."""
    found = quotes(pipeline, text)
    q = next((q for q in found if has in q["text"]), None)
    assert q is not None, f"no quote holds {has!r}: {[x['text'] for x in found]}"
    return q


def speaker(q: dict) -> str:
    """The speaker's text and canonical name, for substring checks."""
    sp = q.get("speaker") or {}
    return f"{sp.get('text', '')} {sp.get('canonical', '')}"
