"""Search keys: folded, clitic-aware word forms for the full-text index and for queries.

Every word of the canonical text is folded (`loose_key`: alef/hamza forms, ى, ة) and indexed
with each form left after stripping one clitic prefix (`rasd.text.lexicon.PREFIXES`), so
`والإرهابيين`, `الإرهابيين` and `إرهابيين` all index `ارهابيين`. A query word matches when any
of its forms does. Obfuscated spellings (`الإرهـ.ابيين`) are restored by `clean` before this.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rasd.text.clean import clean
from rasd.text.keys import loose_key
from rasd.text.lexicon import PREFIXES

MIN_STEM = 3
SNIPPET_CHARS = 220
WINDOW = 600
_WORD_RE = re.compile(r"[^\W_]+")


@lru_cache(maxsize=200_000)
def forms(word: str) -> tuple[str, ...]:
    """The folded word and its stems after one clitic prefix (each at least MIN_STEM letters)."""
    key = loose_key(word).lower()
    out = [key]
    for prefix in PREFIXES:
        if key.startswith(prefix) and len(key) - len(prefix) >= MIN_STEM:
            stem = key[len(prefix) :]
            if stem not in out:
                out.append(stem)
    return tuple(out)


def index_text(canonical: str) -> str:
    """What the full-text index stores for an article: every form of every word."""
    return " ".join(f for word in _WORD_RE.findall(canonical) for f in forms(word))


def query_terms(query: str) -> list[tuple[str, ...]]:
    """Query words, each as the tuple of forms any of which may match."""
    canonical = clean(query or "").text
    return [forms(w) for w in _WORD_RE.findall(canonical)]


def fts5_query(terms: list[tuple[str, ...]]) -> str:
    """SQLite FTS5 MATCH expression: all words, each by any of its forms."""
    return " AND ".join("(" + " OR ".join(f'"{f}"' for f in alts) + ")" for alts in terms)


def tsquery(terms: list[tuple[str, ...]]) -> str:
    """PostgreSQL `to_tsquery('simple', …)` expression with the same meaning."""
    return " & ".join("(" + " | ".join(f"'{f}'" for f in alts) + ")" for alts in terms)


def snippet(
    text: str, terms: list[tuple[str, ...]], width: int = SNIPPET_CHARS, *, canonical: str | None = None
) -> tuple[str, list[list[int]]]:
    """A window of the original text around the first match, with match offsets inside it.

    Matching runs on the canonical copy and is mapped back, so a hit on an obfuscated spelling
    is highlighted where it stands in the original. With the stored `canonical` text, only a
    window of the original around the first hit is cleaned (ten times faster on long articles).
    """
    wanted = {f for alts in terms for f in alts}
    hits: list[tuple[int, int]] = []
    if canonical is not None and len(text) > 2 * WINDOW:
        hits = _window_hits(text, canonical, wanted)
    if not hits:
        cleaned = clean(text)
        for m in _WORD_RE.finditer(cleaned.text):
            if wanted.intersection(forms(m.group())):
                hits.append(cleaned.span(m.start(), m.end()))
    if not hits:
        return _trim(text[: width + 40], width), []
    first = hits[0][0]
    start = max(0, first - width // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + width)
    window = text[start:end]
    marks = [[s - start, e - start] for s, e in hits if s >= start and e <= end]
    lead = "…" if start else ""
    tail = "…" if end < len(text) else ""
    shift = len(lead)
    return (lead + window.replace("\n", " ") + tail), [[s + shift, e + shift] for s, e in marks]


def _window_hits(text: str, canonical: str, wanted: set[str]) -> list[tuple[int, int]]:
    """Hits in the original text near the first canonical hit (canonical is never longer)."""
    first = next((m.start() for m in _WORD_RE.finditer(canonical) if wanted.intersection(forms(m.group()))), None)
    if first is None:
        return []
    lo = max(0, first - 50)
    lo = text.rfind(" ", 0, lo) + 1 if lo else 0  # start at a word boundary
    part = text[lo : first + WINDOW + (len(text) - len(canonical))]
    cleaned = clean(part)
    return [
        (lo + s, lo + e)
        for m in _WORD_RE.finditer(cleaned.text)
        if wanted.intersection(forms(m.group()))
        for s, e in [cleaned.span(m.start(), m.end())]
    ]


def _trim(text: str, width: int) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[:width].rsplit(" ", 1)[0] + "…"
