"""WARC shards (web crawls, Common Crawl): HTML responses and WET text records -> `Article`s.

Used by `rasd batch` until `rasd.ingest.warc` exists (it is preferred when present). One pass of
trafilatura gives the main text, the title and the page's own publication date (the WARC-Date
is the crawl date, not the article's, so it is never used as `published`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from rasd.article import Article
from rasd.errors import RasdError
from rasd.ingest.decode import decode
from rasd.ingest.files import MAX_FILE_BYTES

Item = Article | RasdError
_HTML_TYPES = ("text/html", "application/xhtml")


def read_warc(path: Path) -> Iterator[Item]:
    """The articles of one WARC file; a bad record yields its error, a broken file ends the shard."""
    try:
        from rasd.ingest import warc as ingest_warc  # the store engineer's reader, when it lands

        reader = getattr(ingest_warc, "read_warc", None)
    except ImportError:
        reader = None
    if reader is not None:
        yield from reader(path)
        return
    yield from _read_warc(path)


def _read_warc(path: Path) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    name = str(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield RasdError("E008", exc.strerror or str(exc), where=name)
        return
    with fh:
        n = 0
        try:
            for record in ArchiveIterator(fh):
                n += 1
                item = _article(record, where=f"{name}#{n}")
                if item is not None:
                    yield item
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
            yield RasdError("E008", f"{type(exc).__name__}: {str(exc)[:200]}", where=f"{name}#{n + 1}")


def _article(record, *, where: str) -> Item | None:
    """The article of one record, None for records that are not pages (requests, metadata, 404s)."""
    url = record.rec_headers.get_header("WARC-Target-URI")
    where = url or where
    if record.rec_type == "response":
        if record.http_headers is None or record.http_headers.get_statuscode() != "200":
            return None
        ctype = (record.http_headers.get_header("Content-Type") or "").lower()
        if not ctype.startswith(_HTML_TYPES):
            return None
        html = True
    elif record.rec_type in ("conversion", "resource"):
        ctype = (record.rec_headers.get_header("Content-Type") or "").lower()
        html = ctype.startswith(_HTML_TYPES)
        if not html and not ctype.startswith("text/plain"):
            return None
    else:
        return None
    try:
        data = record.content_stream().read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise RasdError("E003", f"record larger than {MAX_FILE_BYTES:,} bytes", where=where)
        return _from_bytes(data, html=html, url=url, where=where)
    except RasdError as err:
        return err
    except Exception as exc:  # a malformed page must not end the shard
        return RasdError("E009", f"{type(exc).__name__}: {str(exc)[:200]}", where=where)


def _from_bytes(data: bytes, *, html: bool, url: str | None, where: str) -> Article:
    text, warnings = decode(data, where=where)
    if not html:
        return Article.build(text, url=url, warnings=warnings)
    import trafilatura

    doc = trafilatura.bare_extraction(
        text, url=url, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    if doc is None or not (doc.text or "").strip():
        raise RasdError("E007", where=where)
    published = doc.date if doc.date and len(doc.date) >= 10 else None
    return Article.build(doc.text, title=doc.title, url=url, published=published, warnings=warnings)
