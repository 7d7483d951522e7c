"""Local inputs: plain text, HTML and JSON Lines files -> `Article`s or per-item errors."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rasd.article import Article, detect_title_line
from rasd.errors import RasdError
from rasd.ingest.decode import decode

MAX_FILE_BYTES = 8_000_000
_HTML_RE = re.compile(rb"^\s*(?:<!doctype html|<html|<head|<body|<\?xml[^>]*>\s*<html)", re.I)
Item = Article | RasdError


def is_html(data: bytes, name: str = "") -> bool:
    """HTML by file name or by its first bytes."""
    return name.lower().endswith((".html", ".htm", ".xhtml")) or bool(_HTML_RE.match(data[:512]))


def html_to_text(html: str, *, where: str | None = None) -> tuple[str, str | None]:
    """Main text and title of an HTML page (trafilatura, main content only)."""
    import trafilatura

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


def read_path(path: Path, **meta: Any) -> Iterator[Item]:
    """The articles of one file (JSONL gives many); errors are yielded, not raised."""
    name = str(path)
    if name.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
        yield from read_jsonl(path)
        return
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise RasdError("E003", f"{size:,} bytes > limit {MAX_FILE_BYTES:,}", where=name)
        data = path.read_bytes()
    except OSError as exc:
        yield RasdError("E008", exc.strerror or str(exc), where=name)
        return
    except RasdError as err:
        yield err
        return
    try:
        yield article_from_bytes(data, name=name, **meta)
    except RasdError as err:
        yield err


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


def read_jsonl(path: Path) -> Iterator[Item]:
    """One article per line; a bad line yields an error naming its line number."""
    name = str(path)
    try:
        opener = gzip.open if name.endswith(".gz") else open
        fh = opener(path, "rb")
    except OSError as exc:
        yield RasdError("E008", exc.strerror or str(exc), where=name)
        return
    with fh:
        lineno = 0
        while True:
            try:
                raw = fh.readline(MAX_FILE_BYTES + 1)  # bounded: one huge line (or a gzip bomb) is an error
                too_long = len(raw) > MAX_FILE_BYTES
                while raw and too_long and not raw.endswith(b"\n"):  # skip the rest of that line
                    raw = fh.readline(1 << 20)
            except (OSError, EOFError) as exc:
                yield RasdError("E008", f"{type(exc).__name__}: {exc}", where=f"{name}:{lineno + 1}")
                return
            if not raw and not too_long:
                return
            lineno += 1
            if too_long:
                yield RasdError("E003", f"line over {MAX_FILE_BYTES:,} bytes", where=f"{name}:{lineno}")
            elif raw.strip():
                yield article_from_json_line(raw, where=f"{name}:{lineno}")


def article_from_json_line(raw: bytes | str, *, where: str) -> Item:
    """The article of one JSON line, or the error that says what is wrong with it."""
    try:
        obj = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        return RasdError("E005", str(exc)[:200], where=where)
    if not isinstance(obj, dict):
        return RasdError("E005", "a line must be a JSON object", where=where)
    try:
        return article_from_dict(obj, where=where)
    except RasdError as err:
        return err


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
