"""Local inputs: plain text, HTML and JSON Lines files -> `Article`s or per-item errors."""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rasd.article import Article
from rasd.errors import RasdError
from rasd.ingest.pages import article_from_bytes
from rasd.ingest.warc import is_warc, read_warc

MAX_FILE_BYTES = 8_000_000
READ_BLOCK = 1 << 20
# A non-blank line from its first non-space byte: blank runs (a gzip of newlines) are skipped in C.
_NONBLANK = re.compile(rb"[^\s][^\n]*")
Item = Article | RasdError


def read_path(path: Path, **meta: Any) -> Iterator[Item]:
    """The articles of one file (JSONL gives many); errors are yielded, not raised."""
    name = str(path)
    if name.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
        yield from read_jsonl(path)
        return
    if is_warc(path):  # a web archive is many pages, never one article of WARC headers
        yield from read_warc(path, source=meta.get("source"))
        return
    try:
        data = read_capped(path)
    except RasdError as err:
        yield err
        return
    try:
        yield article_from_bytes(data, name=name, **meta)
    except RasdError as err:
        yield _named(err, name)
    except (RecursionError, MemoryError, ValueError) as exc:  # a parser giving up on hostile markup
        yield RasdError("E009", type(exc).__name__, where=name)


def read_capped(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a file, counted as read (a device or a pipe reports size 0): E003 past `limit`."""
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise RasdError("E008", exc.strerror or str(exc), where=str(path)) from None
    if len(data) > limit:
        raise RasdError("E003", f"more than {limit:,} bytes", where=str(path))
    return data


def _named(err: RasdError, where: str) -> RasdError:
    """The error with the item it belongs to, when the code that raised it did not know."""
    if not err.where:
        err.where = where
    return err


def read_jsonl(path: Path, start: int = 0, stop: int | None = None) -> Iterator[Item]:
    """One article per line; a bad line yields an error naming its line number.

    `start`/`stop` select items by index (non-blank lines): the lines before `start` are skipped
    without being parsed, and reading ends at `stop`, so a chunk of a large shard costs its own
    lines, not all the lines before it."""
    name = str(path)
    try:
        opener = gzip.open if name.endswith(".gz") else open
        fh = opener(path, "rb")
    except OSError as exc:
        yield RasdError("E008", exc.strerror or str(exc), where=name)
        return
    with fh:
        lines = nonblank_lines(fh, MAX_FILE_BYTES)
        lineno = index = 0
        while stop is None or index < stop:
            try:
                lineno, raw = next(lines)
            except StopIteration:
                return
            except (OSError, EOFError, zlib.error) as exc:
                yield RasdError("E008", f"{type(exc).__name__}: {exc}", where=f"{name}:{lineno + 1}")
                return
            index += 1
            if index <= start:
                continue
            if raw is None:
                yield RasdError("E003", f"line over {MAX_FILE_BYTES:,} bytes", where=f"{name}:{lineno}")
            else:
                yield article_from_json_line(raw, where=f"{name}:{lineno}")


def nonblank_lines(fh: Any, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) of every non-blank line, read in blocks; None for a line over `limit`.

    Reading by blocks keeps memory bounded by `limit` whatever the input, and blank lines cost
    no Python step each (a small gzip can hold hundreds of millions of newlines).
    """
    lineno, buf, skipping = 1, b"", False  # lineno: the line that starts at buf[0]
    while block := fh.read(READ_BLOCK):
        if skipping:  # inside a line already reported as too long
            nl = block.find(b"\n")
            if nl < 0:
                continue
            lineno, block, skipping = lineno + 1, block[nl + 1:], False
        buf += block
        end = buf.rfind(b"\n")
        if end >= 0:
            complete, buf = buf[: end + 1], buf[end + 1:]
            pos = 0
            for m in _NONBLANK.finditer(complete):
                lineno += complete.count(b"\n", pos, m.start())
                pos = m.start()
                yield lineno, (m.group() if m.end() - m.start() <= limit else None)
            lineno += complete.count(b"\n", pos)
        if len(buf) > limit:
            yield lineno, None
            buf, skipping = b"", True
    if buf.strip() and not skipping:
        yield lineno, buf


def article_from_json_line(raw: bytes | str, *, where: str) -> Item:
    """The article of one JSON line, or the error that says what is wrong with it."""
    try:
        obj = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        return RasdError("E005", str(exc)[:200], where=where)
    except RecursionError:  # nesting deeper than the parser's stack: one bad line, not a crashed run
        return RasdError("E005", "nested too deeply", where=where)
    except MemoryError:
        return RasdError("E005", "too large to parse", where=where)
    if not isinstance(obj, dict):
        return RasdError("E005", "a line must be a JSON object", where=where)
    try:
        return article_from_dict(obj, where=where)
    except RasdError as err:
        return _named(err, where)
    except RecursionError:  # a field holding deep nesting, turned into text
        return RasdError("E005", "nested too deeply", where=where)


def article_from_dict(obj: dict[str, Any], *, where: str | None = None) -> Article:
    """An article from the JSON fields `id, text, title, source, url, published` (or `date`)."""
    text = obj.get("text")
    if not isinstance(text, str):
        raise RasdError("E006", "'text' (a string) is required", where=where)
    if not text.strip() and not (_str(obj.get("title")) or "").strip():  # a title may be any JSON value
        raise RasdError("E001", where=where)
    published = obj.get("published") or obj.get("date")
    return Article.build(
        text,
        title=_str(obj.get("title")),
        source=_str(obj.get("source")),
        url=_str(obj.get("url")),
        published=_str(published),
        id=_str(obj.get("id")),
    )


def _str(value: Any) -> str | None:
    return None if value is None else str(value)
