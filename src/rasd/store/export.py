"""Exports from the database (or from record files): JSON Lines records, ACLED CSV, GeoJSON
events and Parquet event tables.

ACLED rows come from the events module's builder (`rasd.export.acled`) when it is installed,
so the CSV columns are defined in one place; the other formats are built here.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rasd.store.db import Store

FORMATS = ("jsonl", "acled-csv", "geojson", "parquet")
RECORD_FILTERS = ("date_from", "date_to", "place", "actor", "event_type", "source")
EVENT_FILTERS = ("date_from", "date_to", "admin1", "event_type", "actor", "source")
EVENT_COLUMNS = (
    "article_id",
    "id",
    "event_type",
    "sub_event_type",
    "date",
    "time_precision",
    "actor1",
    "actor2",
    "location_name",
    "admin1",
    "lat",
    "lon",
    "geo_precision",
    "fatalities",
    "injured",
    "confidence",
    "source_name",
    "url",
    "merged_id",
    "merged_articles",
    "merged_sources",
    "merged_fatalities",
    "disagreement",
)


def export(store: Store, fmt: str, out: Any, **filters: Any) -> int:
    """Export from the store; returns how many rows (records or events) were written."""
    if fmt == "jsonl":
        return _write_jsonl(store.records(**_only(filters, RECORD_FILTERS)), out)
    if fmt == "acled-csv":
        return _write_acled(store.records(**_only(filters, RECORD_FILTERS)), out)
    events, _ = store.events(limit=None, **_only(filters, EVENT_FILTERS))
    return _write_events(events, fmt, out)


def export_records(records: Iterable[dict[str, Any]], fmt: str, out: Any, **filters: Any) -> int:
    """Export from records already in hand (e.g. read from `rasd analyze` JSON Lines)."""
    if fmt == "jsonl":
        return _write_jsonl(records, out)
    if fmt == "acled-csv":
        return _write_acled(records, out)
    events = [e for rec in records for e in record_events(rec) if _event_ok(e, filters)]
    return _write_events(events, fmt, out)


def record_events(rec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """A record's events in the shape `Store.events` gives them (with place and article)."""
    doc = rec.get("doc") or {}
    places = {p.get("id"): p for p in rec.get("places") or [] if isinstance(p, dict)}
    for ev in rec.get("events") or []:
        if not isinstance(ev, dict):
            continue
        loc = ev.get("location") if isinstance(ev.get("location"), dict) else {}
        place = places.get(loc.get("place"), {})
        yield dict(
            ev,
            article_id=doc.get("id"),
            source_name=doc.get("source"),
            title=doc.get("title"),
            url=doc.get("url"),
            lat=loc.get("lat", place.get("lat")),
            lon=loc.get("lon", place.get("lon")),
            admin1=loc.get("admin1") or place.get("admin1"),
            location_name=loc.get("name") or place.get("name"),
            merged_id=None,
        )


def _event_ok(event: dict[str, Any], filters: dict[str, Any]) -> bool:
    date = event.get("date") or ""
    checks = (
        not filters.get("date_from") or date >= str(filters["date_from"]),
        not filters.get("date_to") or (date and date <= str(filters["date_to"])),
        not filters.get("event_type") or event.get("event_type") == filters["event_type"],
        not filters.get("admin1") or event.get("admin1") == filters["admin1"],
        not filters.get("source") or event.get("source_name") == filters["source"],
    )
    return all(checks)


def _only(filters: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in filters.items() if k in names and v}


def _write_jsonl(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for rec in records:
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n


def _write_acled(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    columns, rows = _acled_builder()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    n = 0
    for rec in records:
        for row in rows(rec):
            writer.writerow(row)
            n += 1
    return n


def _acled_builder() -> tuple[Any, Any]:
    """(columns, rows(record) -> iterable of dicts): the events module's, else a minimal one."""
    try:
        from rasd.export import acled  # type: ignore[attr-defined]

        columns = getattr(acled, "COLUMNS", None)
        rows = getattr(acled, "rows", None) or getattr(acled, "acled_rows", None) or getattr(acled, "record_rows", None)
        if columns and rows:
            return columns, rows
    except ImportError:
        pass
    return _MINIMAL_ACLED, _minimal_rows


_MINIMAL_ACLED = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
)


def _minimal_rows(rec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    text = rec.get("text") or ""
    for ev in record_events(rec):
        date = ev.get("date") or ""
        notes = " ".join(text[s["start"] : s["end"]] for s in ev.get("evidence") or [] if isinstance(s, dict))
        yield {
            "event_id_cnty": f"{ev.get('article_id')}-{ev.get('id')}",
            "event_date": date,
            "year": date[:4],
            "time_precision": ev.get("time_precision"),
            "event_type": ev.get("event_type"),
            "sub_event_type": ev.get("sub_event_type"),
            "actor1": _actor(ev.get("actor1")),
            "actor2": _actor(ev.get("actor2")),
            "country": "Syria" if ev.get("admin1") else None,
            "admin1": ev.get("admin1"),
            "location": ev.get("location_name"),
            "latitude": ev.get("lat"),
            "longitude": ev.get("lon"),
            "geo_precision": (ev.get("location") or {}).get("geo_precision"),
            "source": ev.get("source_name"),
            "notes": notes[:1000],
            "fatalities": ev.get("fatalities") or 0,
        }


def _actor(value: Any) -> str | None:
    return (value.get("canonical") or value.get("text")) if isinstance(value, dict) else value


def event_row(ev: dict[str, Any]) -> dict[str, Any]:
    """One flat row of an event (for Parquet and GeoJSON properties)."""
    merged = ev.get("merged") or {}
    row = {c: ev.get(c) for c in EVENT_COLUMNS}
    row.update(
        actor1=_actor(ev.get("actor1")),
        actor2=_actor(ev.get("actor2")),
        geo_precision=(ev.get("location") or {}).get("geo_precision") if isinstance(ev.get("location"), dict) else None,
        merged_articles=merged.get("articles"),
        merged_sources=merged.get("sources"),
        merged_fatalities=merged.get("fatalities"),
        disagreement=merged.get("disagreement"),
    )
    return row


def _write_events(events: list[dict[str, Any]], fmt: str, out: Any) -> int:
    rows = [event_row(e) for e in events]
    if fmt == "geojson":
        features = [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]}, "properties": r}
            for r in rows
            if r["lat"] is not None and r["lon"] is not None
        ]
        json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
        out.write("\n")
        return len(features)
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = pa.schema([(c, _ARROW.get(c, pa.string())) for c in EVENT_COLUMNS])
        table = pa.Table.from_pylist([_typed(r) for r in rows], schema=schema)
        pq.write_table(table, str(Path(out)))
        return len(rows)
    raise ValueError(f"unknown format {fmt!r}")


def _typed(row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in row.items():
        if k in _INTS:
            out[k] = int(v) if isinstance(v, int | float) and not isinstance(v, bool) else None
        elif k in _FLOATS:
            out[k] = float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None
        elif k == "disagreement":
            out[k] = bool(v) if v is not None else None
        else:
            out[k] = None if v is None else str(v)
    return out


_INTS = {
    "time_precision",
    "geo_precision",
    "fatalities",
    "injured",
    "merged_id",
    "merged_articles",
    "merged_sources",
    "merged_fatalities",
}
_FLOATS = {"lat", "lon", "confidence"}


def _arrow_types() -> dict[str, Any]:
    import pyarrow as pa

    return {c: pa.int64() for c in _INTS} | {c: pa.float64() for c in _FLOATS} | {"disagreement": pa.bool_()}


class _LazyTypes(dict):
    """Arrow types, built on first use so that importing this module does not load pyarrow."""

    def get(self, key: str, default: Any = None) -> Any:
        if not self:
            self.update(_arrow_types())
        return super().get(key, default)


_ARROW: dict[str, Any] = _LazyTypes()
