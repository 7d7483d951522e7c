"""`rasd ingest`: inputs (files, folders, URLs, feeds, WARC) -> analysis -> the store.

Each article is analysed and committed on its own, so an interrupted run leaves a consistent
database and the next run skips what is already there (same text, same pipeline version)
without analysing it again.
"""

from __future__ import annotations

import gzip
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasd.article import Article
from rasd.errors import RasdError
from rasd.ingest import feeds
from rasd.ingest.fetch import Fetcher, NotModified
from rasd.ingest.pages import article_from_page
from rasd.ingest.warc import is_warc, read_warc
from rasd.store.db import Store

Item = Article | RasdError | NotModified
FEED_SUFFIXES = (".rss", ".atom", ".xml")
TEXT_SUFFIXES = (".txt", ".html", ".htm", ".xhtml", ".jsonl", ".jsonl.gz", ".ndjson")
INPUT_SUFFIXES = (*TEXT_SUFFIXES, ".warc", ".warc.gz", *FEED_SUFFIXES)


@dataclass
class Summary:
    """What a run did, by outcome, with the reason of every failure."""

    counts: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def add(self, status: str, reason: str | None = None) -> None:
        self.counts[status] += 1
        if reason:
            self.failures.append(reason)

    def to_dict(self) -> dict[str, Any]:
        return {k: self.counts[k] for k in ("ingested", "updated", "unchanged", "failed")} | {"failures": self.failures}


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def expand(inputs: list[str], fetcher: Fetcher) -> Iterator[Item]:
    """Every item of every input, in order; errors are items too."""
    for value in inputs:
        if is_url(value):
            yield from _from_url(value, fetcher)
        else:
            yield from _from_path(Path(value), fetcher)


def _from_url(url: str, fetcher: Fetcher) -> Iterator[Item]:
    try:
        page = fetcher.get(url, conditional=False)
        if feeds.is_feed(page.content):
            yield from feeds.items(fetcher, page.content, page.url)
        else:
            yield article_from_page(page.content, page.url)
    except RasdError as err:
        yield err


def _from_path(path: Path, fetcher: Fetcher) -> Iterator[Item]:
    from rasd.ingest.files import read_path

    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file() and str(p).lower().endswith(INPUT_SUFFIXES)):
            yield from _from_path(child, fetcher)
        return
    if not path.exists():
        yield RasdError("E008", "no such file or directory", where=str(path))
        return
    if is_warc(path):
        yield from read_warc(path)
        return
    if str(path).lower().endswith(FEED_SUFFIXES) or _feed_file(path):
        from rasd.ingest.files import read_capped

        try:  # a feed file is capped like any other file (a 100 MB .rss is an error, not a stall)
            data = read_capped(path)
        except RasdError as err:
            yield err
            return
        yield from feeds.items(fetcher, data)
        return
    yield from read_path(path)


def _feed_file(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return feeds.is_feed(fh.read(1000))
    except OSError:
        return False


def estimate(inputs: list[str]) -> int | None:
    """How many items the inputs hold, when that is cheap to know (None for URLs, feeds, WARC)."""
    total = 0
    for value in inputs:
        path = Path(value)
        if is_url(value) or is_warc(path) or str(path).lower().endswith(FEED_SUFFIXES):
            return None
        if path.is_dir():
            return None
        name = str(path)
        try:
            if name.endswith(".gz"):
                with gzip.open(path, "rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            elif name.endswith((".jsonl", ".ndjson")):
                with path.open("rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            else:
                total += 1
        except OSError:
            total += 1
    return total


def run(
    store: Store,
    inputs: list[str],
    *,
    pipeline: Any = None,
    fetcher: Fetcher | None = None,
    progress: Any = None,
    version: str | None = None,
) -> Summary:
    """Ingest every input into `store`; `progress` is a rich Progress (or None)."""
    from rasd.fingerprint import VERSION

    if pipeline is None:
        from rasd.pipeline import shared

        pipeline = shared()
    version = version or VERSION
    own_fetcher = fetcher is None
    fetcher = fetcher or Fetcher(validators=store)
    summary = Summary()
    task = progress.add_task("ingest", total=estimate(inputs)) if progress is not None else None

    def advance() -> None:
        if progress is not None:
            progress.advance(task)

    todo: deque[Article] = deque()

    def pending() -> Iterator[Article]:
        for item in expand(inputs, fetcher):
            if isinstance(item, RasdError):
                summary.add("failed", item.message)
            elif isinstance(item, NotModified) or store.status_of(item, version) == "unchanged":
                summary.add("unchanged")
            else:
                todo.append(item)
                yield item
                continue
            advance()

    try:
        for result in pipeline.analyze_many(pending()):
            article = todo.popleft()
            if isinstance(result, RasdError):
                summary.add("failed", result.message)
            else:
                try:
                    summary.add(store.ingest(article, result, version=version))
                except Exception as exc:  # a database error on one article is reported, the run goes on
                    summary.add("failed", f"{article.id}: could not store: {type(exc).__name__}: {exc}")
            advance()
    finally:
        if own_fetcher:
            fetcher.close()
    return summary
