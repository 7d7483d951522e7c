"""The unit of work: one article with its metadata, as every ingest path produces it."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from rasd.errors import RasdError

_DATE_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")
MAX_TITLE = 200
_SURROGATE_RE = re.compile("[\ud800-\udfff]")  # lone surrogates (a JSON "\ud800"): no encoder writes them
_NUL_RE = re.compile("\x00")  # a JSON "\u0000": PostgreSQL refuses it in text, so no store could keep it


@dataclass(slots=True)
class Article:
    """An article as given: `text` is the original (title first when there is one)."""

    text: str
    id: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: dt.date | None = None
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def build(
        cls,
        text: str,
        *,
        title: str | None = None,
        source: str | None = None,
        url: str | None = None,
        published: str | dt.date | None = None,
        id: str | None = None,
        detect_title: bool = True,
        warnings: list[str] | None = None,
    ) -> Article:
        """Compose the record text (title, blank line, body) and fill what is missing."""
        text = text or ""
        warnings = list(warnings or [])
        if any(_SURROGATE_RE.search(v) for v in (text, title, source, url, id) if isinstance(v, str)):
            text, title, source, url, id = (_SURROGATE_RE.sub("\ufffd", v) if isinstance(v, str) else v
                                            for v in (text, title, source, url, id))
            warnings.append("lone surrogate code points replaced by U+FFFD")
        if any("\x00" in v for v in (text, title, source, url, id) if isinstance(v, str)):
            # One character for one: offsets into the text stay those of the input.
            text, title, source, url, id = (_NUL_RE.sub("\ufffd", v) if isinstance(v, str) else v
                                            for v in (text, title, source, url, id))
            warnings.append("NUL characters replaced by U+FFFD")
        title = (title or "").strip() or None
        if title and not text.lstrip().startswith(title):
            text = f"{title}\n\n{text}" if text.strip() else title
        elif title is None and detect_title:
            title = detect_title_line(text)
        return cls(
            text=text,
            id=id or content_id(text),
            title=title,
            source=source or None,
            url=url or None,
            published=parse_date(published),
            warnings=warnings,
        )


def detect_title_line(text: str) -> str | None:
    """The first line, when it looks like a title (spec: followed by a blank line, or short and
    without a final full stop) and more text follows."""
    first, sep, rest = text.lstrip("\ufeff").partition("\n")
    first = first.strip()
    if not sep or not first or not rest.strip():
        return None
    if rest.startswith("\n") or rest.startswith("\r\n"):
        return first
    if len(first) < MAX_TITLE and not first.endswith((".", "。", "…")):
        return first
    return None


def content_id(text: str) -> str:
    """A stable id for an article without one: the hash of its text."""
    return "rasd-" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def content_hash(text: str) -> str:
    """Full content hash, used by the store to find an article ingested twice."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def parse_date(value: str | dt.date | None) -> dt.date | None:
    """`2019-08-19`, `2015-07-21 02:18:08` or a date -> date; None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = _DATE_RE.match(str(value))
    if not m:
        raise RasdError("E010", str(value))
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError as exc:
        raise RasdError("E010", str(value)) from exc
