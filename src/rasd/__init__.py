"""rasd: evidence-linked conflict data from Arabic news, offline and on the CPU.

    >>> import rasd
    >>> record = rasd.analyze("…", published="2019-08-19")

`analyze` returns a `rasd.analysis/1` record (a dict; see shared/spec/ANALYSIS.md) and reuses
one loaded pipeline across calls.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

__version__ = "0.1.0"

Analysis = dict[str, Any]


def analyze(
    text: str,
    *,
    published: str | dt.date | None = None,
    source: str | None = None,
    title: str | None = None,
    url: str | None = None,
    id: str | None = None,
) -> Analysis:
    """Analyse one article; raises `rasd.errors.RasdError` for input that cannot be analysed."""
    from rasd.article import Article
    from rasd.pipeline import shared

    article = Article.build(text, title=title, source=source, url=url, published=published, id=id)
    return shared().analyze(article)


__all__ = ["Analysis", "__version__", "analyze"]
