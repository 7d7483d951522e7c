"""The `times` component (placeholder: filled in by its issue)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("rasd_times")
def times(doc: Doc) -> Doc:
    """Placeholder: produces nothing yet."""
    return doc
