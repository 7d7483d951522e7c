"""ACLED rows of `rasd.analysis/1` records: a thin view over `rasd.rows` (ACLED's columns in
ACLED's order, then rasd's), kept for callers that want plain dicts or a CSV of records."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, Any

from rasd.export.formats import write_csv as _write_rows
from rasd.rows import ACLED_COLUMNS, EVENT_COLUMNS, RASD_COLUMNS, as_dict, event_rows, notes

COLUMNS = EVENT_COLUMNS


def rows(rec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The ACLED rows of one record, as dicts."""
    for row in event_rows(rec):
        yield as_dict(row)


def write_csv(records: Iterable[dict[str, Any]], out: IO[str], *, excel: bool = False) -> int:
    """Write the ACLED CSV of records; returns the number of event rows."""
    return _write_rows((r for rec in records for r in event_rows(rec)), out, excel=excel)


__all__ = ["ACLED_COLUMNS", "COLUMNS", "RASD_COLUMNS", "notes", "rows", "write_csv"]
