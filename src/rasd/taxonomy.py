"""ACLED's event taxonomy, read from the one reviewed table `lexicon/acled_taxonomy.tsv`.

Exports (disorder type, note phrases), the web app (labels, colours) and the filters (Arabic or
English names of a type) all read it here, so the six types and 25 sub-types are spelled once.
"""

from __future__ import annotations

from functools import cache

from rasd.lexicon import load_table
from rasd.text.keys import name_filter_key


@cache
def rows() -> tuple[dict[str, str], ...]:
    """The table's rows, one per sub-event type, in ACLED's order."""
    return load_table("acled_taxonomy")


@cache
def event_types() -> tuple[str, ...]:
    """The six event types in table order."""
    return tuple(dict.fromkeys(r["event_type"] for r in rows()))


@cache
def sub_event_types() -> tuple[str, ...]:
    return tuple(r["sub_event_type"] for r in rows())


@cache
def _by_sub() -> dict[str, dict[str, str]]:
    return {r["sub_event_type"]: r for r in rows()}


@cache
def _by_type() -> dict[str, dict[str, str]]:
    return {r["event_type"]: r for r in reversed(rows())}


def disorder_type(event_type: str | None, sub_event_type: str | None) -> str:
    """ACLED's disorder type of an event ('' when the type is unknown)."""
    row = _by_sub().get(sub_event_type or "") or _by_type().get(event_type or "")
    return row["disorder_type"] if row else ""


def note_phrase(sub_event_type: str | None) -> str | None:
    row = _by_sub().get(sub_event_type or "")
    return row["note"] if row else None


def color(event_type: str | None) -> str:
    row = _by_type().get(event_type or "")
    return row["color"] if row else "#555555"


def event_type_label(value: str | None, lang: str) -> str:
    row = _by_type().get(value or "")
    return (row.get(f"event_type_{lang}") or value or "") if row else (value or "")


def sub_event_type_label(value: str | None, lang: str) -> str:
    row = _by_sub().get(value or "")
    return (row.get(f"sub_event_type_{lang}") or value or "") if row else (value or "")


@cache
def _names(column: str) -> dict[str, str]:
    """Folded Arabic or English label -> the ACLED spelling, for one column (event_type or sub)."""
    out: dict[str, str] = {}
    for r in rows():
        for lang in ("", "_ar", "_en"):
            out[name_filter_key(r[f"{column}{lang}"]) or ""] = r[column]
    return out


def event_type_of(value: str | None) -> str | None:
    """The ACLED event type named by `value` (ACLED, Arabic or English label), or None."""
    return _names("event_type").get(name_filter_key(value) or "") if value else None


def sub_event_type_of(value: str | None) -> str | None:
    return _names("sub_event_type").get(name_filter_key(value) or "") if value else None
