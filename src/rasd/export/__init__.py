"""Exports of analysis records: `export_records(records, fmt, out)`.

`acled-csv` is built here (`rasd.export.acled`); the other formats (jsonl, geojson, parquet) and
the database side live with the store (`rasd.store.export`), so each format is defined once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMATS = ("jsonl", "acled-csv", "geojson", "parquet")


def export_records(records: Iterable[dict[str, Any]], fmt: str, out: Any, **filters: Any) -> int:
    """Write records in one format to `out` (a text stream; a path for parquet); returns rows written."""
    if fmt == "acled-csv" and not filters:
        from rasd.export.acled import write_csv

        return write_csv(records, out)
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    from rasd.store.export import export_records as store_export

    return store_export(records, fmt, out, **filters)


__all__ = ["FORMATS", "export_records"]
