"""Exports from the database in any format of `rasd.export.formats`.

Events are selected with one `rasd.filters.EventFilter` (the store's SQL of it) and written as
the stored `rasd.rows.EventRow`s, exactly as `rasd.export.export_records` writes them from files:
one row per incident (its reports fused, `rasd.store.incidents`), or per report on request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rasd.export import export_records, formats
from rasd.rows import event_row_from
from rasd.store import review

if TYPE_CHECKING:
    from rasd.store.db import Store

FORMATS = tuple(formats.FORMATS)


def export(store: Store, fmt: str, out: Any, *, excel: bool = False, unit: str = "incident", **filters: Any) -> int:
    """Export from the store; returns how many rows were written: incidents (the default), reported
    events with `unit="report"`, or records for jsonl."""
    f = formats.get(fmt)
    flt = filters.pop("filter", None) or store.event_filter(**filters)
    if f.kind == "records":  # whole records, with what reviewers said of their events
        return f.writer(review.annotate_records(store, store.event_records(flt)), out)
    return f.writer((event_row_from(i) for i in store.iter_events(flt, unit=unit)), out, excel=excel)


__all__ = ["FORMATS", "export", "export_records"]
