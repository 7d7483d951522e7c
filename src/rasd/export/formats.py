"""The export formats, listed once (name -> media type, extension, writer), and their data dictionary.

Every event format writes the same `rasd.rows.EventRow` columns with the same types: the ACLED
CSV (optionally with a byte-order mark for Excel), GeoJSON (one Feature per event; events known
only to the country level have a null geometry) and GeoParquet (WKB point geometry, `geo`
metadata). `jsonl` writes whole `rasd.analysis/1` records. `datapackage(...)` is the Frictionless
data package describing an export, generated from the row class.

The CLI (`rasd export`), the web app (`/api/export`) and batch runs all take formats from here.
"""

from __future__ import annotations

import csv
import json
import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from rasd.rows import EVENT_COLUMNS, EventRow, as_dict, columns

Out = IO[str] | Path


@dataclass(frozen=True)
class Format:
    """One export format: what it holds (`events` rows or `records`), how it is served and written."""

    name: str
    media_type: str
    extension: str
    kind: str  # "events" | "records"
    binary: bool
    writer: Callable[..., int]
    label: str


def _open_text(out: Out, excel: bool = False) -> tuple[IO[str], bool]:
    if isinstance(out, Path | str):
        return open(out, "w", encoding="utf-8-sig" if excel else "utf-8", newline=""), True
    if excel:
        out.write("\ufeff")
    return out, False


# A text cell starting with one of these is a formula to a spreadsheet (OWASP "CSV injection"):
# sources and titles come from feeds and pages, so such a cell is prefixed with a quote.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_csv(rows: Iterable[EventRow], out: Out, *, excel: bool = False) -> int:
    """The ACLED CSV: ACLED's columns in ACLED's order, then rasd's; UTF-8 (with BOM for Excel)."""
    fh, close = _open_text(out, excel)
    try:
        writer = csv.writer(fh)
        writer.writerow(EVENT_COLUMNS)
        n = 0
        for row in rows:
            writer.writerow([_csv_value(v) for v in as_dict(row).values()])
            n += 1
        return n
    finally:
        if close:
            fh.close()


def write_geojson(rows: Iterable[EventRow], out: Out, **_: Any) -> int:
    """A FeatureCollection: one Feature per event, properties = the CSV's columns and types."""
    fh, close = _open_text(out)
    try:
        fh.write('{"type": "FeatureCollection", "features": [')
        n = 0
        for row in rows:
            d = as_dict(row)
            geometry = ({"type": "Point", "coordinates": [d["longitude"], d["latitude"]]}
                        if d["latitude"] is not None and d["longitude"] is not None else None)
            feature = {"type": "Feature", "id": d["event_id_cnty"], "geometry": geometry, "properties": d}
            fh.write(("," if n else "") + "\n" + json.dumps(feature, ensure_ascii=False))
            n += 1
        fh.write("\n]}\n")
        return n
    finally:
        if close:
            fh.close()


def arrow_schema() -> Any:
    import pyarrow as pa

    types = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_()}
    return pa.schema([(c["name"], types[c["type"]]) for c in columns(EventRow)] + [("geometry", pa.binary())])


def _wkb_point(lon: float, lat: float) -> bytes:
    """ISO WKB of a 2D point (little-endian): what GeoParquet's WKB encoding stores."""
    return struct.pack("<BIdd", 1, 1, lon, lat)


def write_geoparquet(rows: Iterable[EventRow], out: Out, **_: Any) -> int:
    """GeoParquet 1.0: the CSV's columns with their types, and a WKB `geometry` (null when only the
    country is known)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if not isinstance(out, Path | str):
        raise ValueError("GeoParquet is written to a file: give an output path")
    schema = arrow_schema()
    data: dict[str, list[Any]] = {name: [] for name in schema.names}
    bbox = [float("inf"), float("inf"), float("-inf"), float("-inf")]
    for row in rows:
        d = as_dict(row)
        for k, v in d.items():
            data[k].append(v)
        lon, lat = d["longitude"], d["latitude"]
        located = lon is not None and lat is not None
        data["geometry"].append(_wkb_point(lon, lat) if located else None)
        if located:
            bbox = [min(bbox[0], lon), min(bbox[1], lat), max(bbox[2], lon), max(bbox[3], lat)]
    geo = {"version": "1.0.0", "primary_column": "geometry",
           "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Point"]}}}
    if bbox[0] != float("inf"):
        geo["columns"]["geometry"]["bbox"] = bbox
    table = pa.Table.from_pydict(data, schema=schema)
    table = table.replace_schema_metadata({b"geo": json.dumps(geo).encode()})
    pq.write_table(table, str(out))
    return table.num_rows


def write_jsonl(records: Iterable[dict[str, Any]], out: Out, **_: Any) -> int:
    """Whole `rasd.analysis/1` records, one per line."""
    fh, close = _open_text(out)
    try:
        n = 0
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
        return n
    finally:
        if close:
            fh.close()


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("acled-csv", "text/csv; charset=utf-8", "csv", "events", False, write_csv, "ACLED CSV"),
    Format("geojson", "application/geo+json", "geojson", "events", False, write_geojson, "GeoJSON"),
    Format("parquet", "application/vnd.apache.parquet", "parquet", "events", True, write_geoparquet, "GeoParquet"),
    Format("jsonl", "application/x-ndjson; charset=utf-8", "jsonl", "records", False, write_jsonl, "JSON Lines"),
)}
ALIASES = {"csv": "acled-csv", "geoparquet": "parquet", "ndjson": "jsonl"}


def get(name: str) -> Format:
    """The format called `name` (or an alias); ValueError names the choices otherwise."""
    fmt = FORMATS.get(ALIASES.get(name, name))
    if fmt is None:
        raise ValueError(f"unknown format {name!r}: use one of {', '.join(FORMATS)}")
    return fmt


def datapackage(fmt: Format, path: str, *, rows: int | None = None, excel: bool = False,
                filters: dict[str, Any] | None = None) -> dict[str, Any]:
    """A Frictionless data package describing one export file (`path`, relative to the descriptor)."""
    resource: dict[str, Any] = {"name": "events" if fmt.kind == "events" else "records", "path": path,
                                "format": fmt.extension, "mediatype": fmt.media_type.split(";")[0]}
    if fmt.kind == "events":
        fields = columns(EventRow)
        if fmt.name == "parquet":
            fields = [*fields, {"name": "geometry", "type": "geojson",
                                "description": "The event's point as WKB (GeoParquet 1.0, WGS84 / OGC:CRS84)."}]
        resource["schema"] = {"fields": fields, "primaryKey": ["event_id_cnty"]}
        if fmt.name == "acled-csv":
            resource.update(profile="tabular-data-resource", encoding="utf-8-sig" if excel else "utf-8",
                            dialect={"delimiter": ",", "header": True})
    else:
        resource["description"] = "rasd.analysis/1 records (JSON Schema: rasd/schema/analysis.schema.json)"
    if rows is not None:
        resource["rows"] = rows
    package: dict[str, Any] = {
        "name": "rasd-export", "title": "rasd events from Arabic news",
        "description": "Events coded with ACLED's taxonomy by rasd, one row per atomic event; empty cells "
                       "mean unknown. Columns after `timestamp` are rasd's own.",
        "profile": "data-package", "resources": [resource],
    }
    if filters:
        package["rasd_filters"] = filters
    return package


def write_datapackage(fmt: Format, out: Path, *, rows: int | None = None, excel: bool = False,
                      filters: dict[str, Any] | None = None) -> Path:
    """Write `<name>.datapackage.json` beside the export file `out`; returns its path."""
    target = out.with_name(out.name + ".datapackage.json")
    package = datapackage(fmt, out.name, rows=rows, excel=excel, filters=filters)
    target.write_text(json.dumps(package, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return target
