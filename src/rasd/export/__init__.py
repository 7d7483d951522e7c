"""Exports: the formats (`rasd.export.formats`: ACLED CSV, GeoJSON, GeoParquet, JSON Lines) of the
event rows (`rasd.rows`), from records in hand (`export_records`) or the store (`Store.export`).

Both select events with one `rasd.filters.EventFilter`, so the same filters give the same events
in every format; `jsonl` writes the records of the articles holding a matching event (all
records when no filter is set).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rasd.export.formats import FORMATS
from rasd.export.formats import get as get_format
from rasd.filters import EventFilter
from rasd.rows import event_rows


def export_records(records: Iterable[dict[str, Any]], fmt: str, out: Any, *, excel: bool = False,
                   **filters: Any) -> int:
    """Write records' events (or the records, for jsonl) in one format to `out` (a text stream or a
    path); returns rows written. Raises `rasd.filters.UnknownFilterValue` for an unknown value."""
    f = get_format(fmt)
    records = list(records)
    rows = [(i, r) for i, rec in enumerate(records) for r in event_rows(rec)]
    flt = filters.pop("filter", None) or EventFilter.parse(known_admin1={r.admin1 for _, r in rows if r.admin1},
                                                           **filters)
    if f.kind == "records":
        if not flt.params():
            return f.writer(records, out)
        keep = {i for i, r in rows if flt.matches(r)}
        return f.writer((rec for i, rec in enumerate(records) if i in keep), out)
    return f.writer((r for _, r in rows if flt.matches(r)), out, excel=excel)


__all__ = ["FORMATS", "export_records"]
