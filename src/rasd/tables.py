"""`rasd.frames(records)`: the records as pandas tables, for notebooks.

Events, places, quotes and articles are the rows of `rasd.rows` -- the very columns (names, order,
meaning) of the exports, the store and the batch tables -- so a DataFrame, an ACLED CSV and a
GeoParquet file of the same records agree. pandas (and GeoPandas, when installed) are imported
only when called: `pip install 'rasd[frames]'`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from rasd import rows

# Entities have no row class elsewhere (no export writes them): one row per mention.
ENTITY_COLUMNS = ("article_id", "id", "label", "start", "end", "text", "canonical", "link")
TABLES = ("articles", "entities", "quotes", "places", "events")


def _record(item: Any) -> Mapping[str, Any] | None:
    """A record dict from a dict or a typed model (anything with `to_dict`); errors are skipped."""
    if isinstance(item, Mapping):
        return item
    to_dict = getattr(item, "to_dict", None)
    if callable(to_dict) and not isinstance(item, Exception):
        return to_dict()
    return None


def entity_rows(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    aid = (record.get("doc") or {}).get("id")
    return [{"article_id": aid, **{c: e.get(c) for c in ENTITY_COLUMNS[1:]}}
            for e in record.get("entities") or [] if isinstance(e, dict)]


def frames(records: Iterable[Any], *, geo: bool | None = None) -> dict[str, Any]:
    """{"articles", "entities", "quotes", "places", "events"} -> pandas DataFrames.

    `records` may hold dicts, typed models and `RasdError`s (as `rasd.analyze_many` yields them; the
    errors are left out). "events" has exactly the export columns (`rasd.rows.EVENT_COLUMNS`, atomic
    events only, as the exports). With GeoPandas installed (or `geo=True`), "events" and "places"
    are GeoDataFrames of points in EPSG:4326 (no geometry where the coordinates are unknown);
    `geo=False` keeps plain DataFrames.
    """
    import pandas as pd

    acc: dict[str, list[Any]] = {name: [] for name in TABLES}
    for item in records:
        record = _record(item)
        if record is None:
            continue
        acc["articles"].append(rows.article_row(record))
        acc["entities"].extend(entity_rows(record))
        acc["quotes"].extend(rows.quote_rows(record))
        acc["places"].extend(rows.place_rows(record))
        acc["events"].extend(rows.event_rows(record))
    out = {
        "articles": _frame(pd, acc["articles"], rows.ArticleRow),
        "entities": pd.DataFrame(acc["entities"], columns=list(ENTITY_COLUMNS)),
        "quotes": _frame(pd, acc["quotes"], rows.QuoteRow),
        "places": _frame(pd, acc["places"], rows.PlaceRow),
        "events": _frame(pd, acc["events"], rows.EventRow),
    }
    if geo is not False:
        try:
            import geopandas as gpd
        except ImportError:
            if geo:
                raise
        else:
            out["events"] = _geo(gpd, out["events"], "longitude", "latitude")
            out["places"] = _geo(gpd, out["places"], "lon", "lat")
    return out


# Row types -> pandas dtypes that keep nulls (an event without a death toll stays <NA>, not 0.0).
_DTYPES = {rows.INTEGER: "Int64", rows.NUMBER: "Float64", rows.BOOLEAN: "boolean", rows.STRING: "string"}


def _frame(pd: Any, items: list[Any], cls: type) -> Any:
    names = [f.name for f in dataclasses.fields(cls)]
    frame = pd.DataFrame([rows.as_dict(r) for r in items], columns=names)
    for col in rows.columns(cls):
        dtype = _DTYPES.get(col["type"])
        if dtype:
            frame[col["name"]] = frame[col["name"]].astype(dtype)
    return frame


def _geo(gpd: Any, frame: Any, lon: str, lat: str) -> Any:
    x = frame[lon].astype("float64")
    y = frame[lat].astype("float64")
    points = gpd.points_from_xy(x, y)
    points[(x.isna() | y.isna()).to_numpy()] = None
    return gpd.GeoDataFrame(frame, geometry=points, crs="EPSG:4326")
