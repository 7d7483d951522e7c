"""WARC files (web archives, e.g. from a crawler): every HTML response becomes an `Article`.

Only successful (2xx) `response` records with an HTML content type are read, plus `resource`
records holding HTML; the URL is the record's target URI. The WARC date is the crawl time, not
the publication date, so the date comes from the page's own metadata when it has one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from rasd.article import Article
from rasd.errors import RasdError
from rasd.ingest.pages import article_from_page

HTML_TYPES = ("text/html", "application/xhtml+xml")
# A record whose Content-Length is too large reads on into the next record: its payload then
# holds that record's header line. Such a record is reported, never analysed as one page.
_SWALLOWED = (b"\r\nWARC/1.0\r\n", b"\r\nWARC/1.1\r\n", b"\nWARC/1.0\r\n", b"\nWARC/1.1\r\n")


def is_warc(path: Path) -> bool:
    """By name (`.warc`, `.warc.gz`, `.arc.gz`)."""
    return str(path).lower().endswith((".warc", ".warc.gz", ".arc", ".arc.gz"))


def read_warc(path: Path, *, source: str | None = None) -> Iterator[Article | RasdError]:
    """The articles of one WARC file; a bad record yields its error and the rest go on."""
    name = str(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield RasdError("E008", exc.strerror or str(exc), where=name)
        return
    with fh:
        try:
            for record in ArchiveIterator(fh, arc2warc=True):
                item = _article(record, source)
                if item is not None:
                    yield item
        except (ArchiveLoadFailed, OSError, ValueError) as exc:
            yield RasdError("E008", f"{type(exc).__name__}: {exc}", where=name)


def _article(record: object, source: str | None) -> Article | RasdError | None:
    kind = record.rec_type  # type: ignore[attr-defined]
    url = record.rec_headers.get_header("WARC-Target-URI") or ""  # type: ignore[attr-defined]
    if kind == "response":
        http = record.http_headers  # type: ignore[attr-defined]
        if http is None or not http.get_statuscode().startswith("2"):
            return None
        ctype = (http.get_header("Content-Type") or "").lower()
    elif kind == "resource":
        ctype = (record.rec_headers.get_header("Content-Type") or "").lower()  # type: ignore[attr-defined]
    else:
        return None
    if not ctype.startswith(HTML_TYPES):
        return None
    try:
        data = record.content_stream().read()  # type: ignore[attr-defined]
        if any(marker in data for marker in _SWALLOWED):
            return RasdError("E008", "the record's Content-Length runs into the next record (both lost)", where=url)
        return article_from_page(data, url, source=source)
    except RasdError as err:
        return err
    except Exception as exc:  # one broken record must not stop the archive
        return RasdError("E009", f"{type(exc).__name__}: {exc}", where=url)
