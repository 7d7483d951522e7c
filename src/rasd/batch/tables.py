"""Records -> flat Parquet tables, with fixed schemas so every shard's files concatenate.

Tables (one folder each under the output folder, one file per task):
`articles`, `entities`, `times`, `quotes`, `places`, `events` (one row per item, keyed by
`article_id`; articles, quotes, places and events are the `rasd.rows` rows every output
shares), `records` (the full `rasd.analysis/1` JSON per article) and `errors` (one row per
article that could not be analysed, with its `RasdError` code). Values are coerced to the
column type (None when impossible), so a surprising extractor value never loses a shard.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from rasd import rows as rowdefs
from rasd.errors import RasdError

S, I, F, B = pa.string(), pa.int64(), pa.float64(), pa.bool_()

_ARROW = {"string": S, "integer": I, "number": F, "boolean": B, "array": pa.list_(S)}


def _schema(cls: type, first: tuple[tuple[str, pa.DataType], ...] = ()) -> pa.Schema:
    """The Arrow schema of a `rasd.rows` row class (its columns, types and order)."""
    return pa.schema([*first, *[(c["name"], _ARROW[c["type"]]) for c in rowdefs.columns(cls)]])


SCHEMAS: dict[str, pa.Schema] = {
    "articles": _schema(rowdefs.ArticleRow).append(pa.field("shard", S)),
    "entities": pa.schema([
        ("article_id", S), ("id", S), ("start", I), ("end", I), ("text", S), ("label", S),
        ("canonical", S), ("link", S),
    ]),
    "times": pa.schema([
        ("article_id", S), ("id", S), ("start", I), ("end", I), ("text", S), ("type", S), ("value", S),
        ("anchored", B),
    ]),
    "quotes": _schema(rowdefs.QuoteRow),
    "places": _schema(rowdefs.PlaceRow),
    "events": _schema(rowdefs.EventRow),
    "records": pa.schema([("article_id", S), ("record", S)]),
    "errors": pa.schema([("shard", S), ("article_id", S), ("where", S), ("code", S), ("message", S)]),
}
TABLES = tuple(SCHEMAS)
FLUSH_EVERY = 100  # articles per Parquet row group: ~7 MB of rows held at a time (500 held ~36 MB)
Row = dict[str, Any]


def _item_rows(fields: tuple[str, ...]) -> Callable[[dict[str, Any]], Row]:
    return lambda item: {f: item.get(f) for f in fields}


ITEMS: dict[str, tuple[str, Callable[[dict[str, Any]], Row]]] = {
    "entities": ("entities", _item_rows(("id", "start", "end", "text", "label", "canonical", "link"))),
    "times": ("times", _item_rows(("id", "start", "end", "text", "type", "value", "anchored"))),
}


def rows_of(record: dict[str, Any], shard: str) -> dict[str, list[Row]]:
    """The rows one record adds to each table (except `errors`): articles, places, quotes and
    events are `rasd.rows` rows, the same the store and the exports write."""
    aid = (record.get("doc") or {}).get("id")
    out: dict[str, list[Row]] = {
        "articles": [{**rowdefs.as_dict(rowdefs.article_row(record)), "shard": shard}],
        "records": [{"article_id": aid, "record": json.dumps(record, ensure_ascii=False)}],
        "places": [rowdefs.as_dict(r) for r in rowdefs.place_rows(record)],
        "quotes": [rowdefs.as_dict(r) for r in rowdefs.quote_rows(record)],
        "events": [rowdefs.as_dict(r) for r in rowdefs.event_rows(record)],
    }
    for table, (key, flatten) in ITEMS.items():
        out[table] = [{"article_id": aid, **flatten(item)} for item in record.get(key) or [] if isinstance(item, dict)]
    return out


_ROW_CLASSES = {"articles": rowdefs.ArticleRow, "places": rowdefs.PlaceRow, "quotes": rowdefs.QuoteRow,
                "events": rowdefs.EventRow}
_FRICTIONLESS = {"string": "string", "int64": "integer", "double": "number", "bool": "boolean"}


def datapackage(out: Path) -> dict[str, Any]:
    """The data dictionary of a batch output folder (a Frictionless data package): one resource per
    table, its Parquet files, and every column with its type (and meaning, for the `rasd.rows` tables)."""
    from rasd.export.formats import FORMATS

    resources = []
    for name, schema in SCHEMAS.items():
        files = sorted(str(p.relative_to(out)) for p in (out / name).glob("*.parquet"))
        if not files:
            continue
        cls = _ROW_CLASSES.get(name)
        docs = {c["name"]: c["description"] for c in rowdefs.columns(cls)} if cls else {}
        fields = [{"name": f.name, "type": _FRICTIONLESS.get(str(f.type), "any"), **(
            {"description": docs[f.name]} if f.name in docs else {})} for f in schema]
        resources.append({"name": name, "path": files, "format": "parquet",
                          "mediatype": FORMATS["parquet"].media_type, "schema": {"fields": fields}})
    return {"name": "rasd-batch", "title": "rasd batch tables", "profile": "data-package", "resources": resources}


def error_row(err: RasdError, shard: str, article_id: str | None = None) -> Row:
    return {"shard": shard, "article_id": article_id, "where": err.where, "code": err.code, "message": err.message}


def _coerce(value: Any, typ: pa.DataType) -> Any:
    """The value as the column type, or None (never raises)."""
    if value is None:
        return None
    try:
        if pa.types.is_string(typ):
            return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
        if pa.types.is_boolean(typ):
            return bool(value)
        if pa.types.is_integer(typ):
            return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
        if pa.types.is_floating(typ):
            return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
        if pa.types.is_list(typ):
            return [_coerce(v, typ.value_type) for v in value] if isinstance(value, list) else None
        if pa.types.is_struct(typ):
            return {f.name: _coerce(value.get(f.name), f.type) for f in typ} if isinstance(value, dict) else None
    except (TypeError, ValueError, OverflowError):
        return None
    return None


def to_table(name: str, rows: list[Row]) -> pa.Table:
    schema = SCHEMAS[name]
    columns = {f.name: [_coerce(r.get(f.name), f.type) for r in rows] for f in schema}
    return pa.Table.from_pydict(columns, schema=schema)


class TaskWriter:
    """Streams one task's rows into one Parquet file per table; files appear only on `commit`.

    Rows are flushed as row groups every `flush_every` articles, so a big shard is never held in
    memory whole. Each file is written under a dot-name (ignored by Parquet dataset readers) and
    renamed into place on commit; the caller writes the done-marker after that.
    """

    def __init__(self, out: Path, key: str, *, flush_every: int = FLUSH_EVERY) -> None:
        self.out, self.key, self.flush_every = out, key, flush_every
        self.buffers: dict[str, list[Row]] = {name: [] for name in TABLES}
        self.writers: dict[str, pq.ParquetWriter] = {}
        self.pending = 0
        self.counts = dict.fromkeys(TABLES, 0)

    def add_record(self, record: dict[str, Any]) -> None:
        for name, rows in rows_of(record, self.key).items():
            self.buffers[name].extend(rows)
        self._tick()

    def add_error(self, err: RasdError, article_id: str | None = None) -> None:
        self.buffers["errors"].append(error_row(err, self.key, article_id))
        self._tick()

    def _tick(self) -> None:
        self.pending += 1
        if self.pending >= self.flush_every:
            self.flush()

    def _tmp(self, name: str) -> Path:
        return self.out / name / f".{self.key}.parquet.tmp"

    def final(self, name: str) -> Path:
        return self.out / name / f"{self.key}.parquet"

    def flush(self) -> None:
        for name, rows in self.buffers.items():
            if not rows and name in self.writers:
                continue
            writer = self.writers.get(name)
            if writer is None:
                self._tmp(name).parent.mkdir(parents=True, exist_ok=True)
                writer = self.writers[name] = pq.ParquetWriter(self._tmp(name), SCHEMAS[name], compression="zstd")
            if rows:
                writer.write_table(to_table(name, rows))
                self.counts[name] += len(rows)
            rows.clear()
        self.pending = 0

    def commit(self) -> dict[str, int]:
        """Close every file and move it into place; returns the row count of each table."""
        self.flush()
        for name, writer in self.writers.items():
            writer.close()
            os.replace(self._tmp(name), self.final(name))
        self.writers.clear()
        return dict(self.counts)

    def abort(self) -> None:
        for name, writer in self.writers.items():
            try:
                writer.close()
            finally:
                self._tmp(name).unlink(missing_ok=True)
        self.writers.clear()
