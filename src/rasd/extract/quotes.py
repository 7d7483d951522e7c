"""The `quotes` component (placeholder: filled in by its issue)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("rasd_quotes")
def quotes(doc: Doc) -> Doc:
    """Placeholder: produces nothing yet."""
    return doc
