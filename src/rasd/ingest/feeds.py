"""RSS/Atom feeds: each item's page is fetched politely and becomes an `Article`.

The feed gives the link, and often the title and publication date (more reliable than what
the page says); the page gives the text. Items whose page answers 304 are reported as
`NotModified`, and a failing item yields its error while the others go on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

import feedparser

from rasd.article import Article
from rasd.errors import RasdError
from rasd.ingest.fetch import Fetcher, NotModified
from rasd.ingest.pages import article_from_page

FeedItem = Article | RasdError | NotModified


@dataclass(slots=True)
class Entry:
    """What a feed says about one item."""

    url: str
    title: str | None
    published: str | None


def is_feed(data: bytes) -> bool:
    """True when the bytes are an RSS or Atom document (by its root element)."""
    head = data[:1000].lstrip().lower()
    if head.startswith(b"<?xml"):
        head = head[head.find(b"?>") + 2 :].lstrip()
        while head.startswith(b"<!--"):
            head = head[head.find(b"-->") + 3 :].lstrip()
    return head.startswith((b"<rss", b"<feed", b"<rdf:rdf"))


def parse(data: bytes, base_url: str = "") -> tuple[str | None, list[Entry]]:
    """The feed's title and its entries (links made absolute)."""
    parsed = feedparser.parse(data)
    title = (parsed.feed.get("title") or "").strip() or None
    entries = []
    for e in parsed.entries:
        link = e.get("link") or e.get("id")
        if not link:
            continue
        entries.append(Entry(urljoin(base_url, link), (e.get("title") or "").strip() or None, _date(e)))
    return title, entries


def _date(entry: feedparser.FeedParserDict) -> str | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday).isoformat() if stamp else None


def items(fetcher: Fetcher, data: bytes, base_url: str = "") -> Iterator[FeedItem]:
    """The articles of a feed document, fetching each item's page."""
    title, entries = parse(data, base_url)
    for entry in entries:
        try:
            page = fetcher.get(entry.url)
            if page.not_modified:
                yield NotModified(entry.url)
                continue
            yield article_from_page(page.content, entry.url, source=title, published=entry.published, title=entry.title)
        except RasdError as err:
            yield err
        except Exception as exc:  # a broken page must not stop the feed
            yield RasdError("E012", f"{type(exc).__name__}: {exc}", where=entry.url)
