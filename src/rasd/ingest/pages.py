"""Bytes and pages -> `Article`: text files, HTML pages (main text, title and date), fetched or
archived pages. One module for it, used by the file readers, the WARC reader, the fetcher's
callers and the feeds, so none of those imports another to turn bytes into an article."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rasd.article import Article, detect_title_line, parse_date
from rasd.errors import RasdError
from rasd.ingest.decode import decode

_HTML_RE = re.compile(rb"^\s*(?:<!doctype html|<html|<head|<body|<\?xml[^>]*>\s*<html)", re.I)


def is_html(data: bytes, name: str = "") -> bool:
    """HTML by file name or by its first bytes."""
    return name.lower().endswith((".html", ".htm", ".xhtml")) or bool(_HTML_RE.match(data[:512]))


def html_to_text(html: str, *, where: str | None = None) -> tuple[str, str | None]:
    """Main text and title of an HTML page (trafilatura, main content only)."""
    import trafilatura

    _check_markup(html, where)
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text or not text.strip():
        # Pages trafilatura cannot segment (odd markup, deep nesting): its baseline extractor
        # still finds the paragraphs, which is better than losing the article.
        _, text, _ = trafilatura.baseline(html)
    if not text or not text.strip():
        raise RasdError("E007", where=where)
    meta = trafilatura.extract_metadata(html)
    title = meta.title if meta and meta.title else None
    return text, title


# Parsing time grows faster than linearly with the number of attributes and tags (an 80k-attribute
# page of 550 KB took 40 s): a page with more markup than any news page is refused before parsing.
MAX_ATTRIBUTES = 60_000
MAX_TAGS = 150_000


def _check_markup(html: str, where: str | None) -> None:
    """E003 for a page whose markup alone would make parsing take minutes."""
    tags, attributes = html.count("<"), html.count("=")
    if tags > MAX_TAGS or attributes > MAX_ATTRIBUTES:
        raise RasdError("E003", f"{tags:,} tags and {attributes:,} attributes: more markup than a page has",
                        where=where)


def article_from_bytes(data: bytes, *, name: str = "", **meta: Any) -> Article:
    """One article from the bytes of a text or HTML file."""
    text, warnings = decode(data, where=name or None)
    title = meta.pop("title", None)
    if is_html(data, name):
        text, html_title = html_to_text(text, where=name or None)
        title = title or html_title
    elif title is None:
        title = detect_title_line(text)
    meta.setdefault("id", Path(name).stem if name else None)
    return Article.build(text, title=title, warnings=warnings, detect_title=False, **meta)


def url_id(url: str) -> str:
    """A stable article id for a page known by its URL (so a changed page updates, not duplicates)."""
    return "url-" + hashlib.sha1(url.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def article_from_page(
    data: bytes,
    url: str,
    *,
    source: str | None = None,
    published: str | None = None,
    title: str | None = None,
) -> Article:
    """An article from a fetched or archived page: main text (trafilatura), title and date."""
    head = data[:4000].lower()
    if not (b"<html" in head or b"<body" in head or b"<p" in head or b"<!doctype" in head):
        return article_from_bytes(
            data,
            name="",
            id=url_id(url),
            url=url,
            title=title,
            source=source or urlsplit(url).hostname,
            published=_safe_date(published),
        )
    import trafilatura

    html, warnings = decode(data, where=url)
    body, html_title = html_to_text(html, where=url)
    meta = trafilatura.extract_metadata(html)
    if meta is not None:
        published = published or meta.date or None
        source = source or meta.sitename or None
    return Article.build(
        body,
        title=title or html_title,
        id=url_id(url),
        url=url,
        source=source or urlsplit(url).hostname,
        published=_safe_date(published),
        warnings=warnings,
        detect_title=False,
    )


def _safe_date(value: str | None) -> str | None:
    try:
        return parse_date(value).isoformat() if value and parse_date(value) else None
    except RasdError:
        return None
