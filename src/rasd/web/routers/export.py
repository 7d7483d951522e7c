"""Exports (ACLED CSV, GeoJSON, JSON Lines) through the store's export, and the database counts."""

from __future__ import annotations

import os
import tempfile
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from rasd.web.deps import ERRORS, FiltersDep, StoreDep, require_read

router = APIRouter(dependencies=[Depends(require_read)], responses={401: ERRORS[401]})
FORMATS = {
    "acled-csv": ("text/csv; charset=utf-8", "csv"),
    "geojson": ("application/geo+json", "geojson"),
    "jsonl": ("application/x-ndjson; charset=utf-8", "jsonl"),
}


@router.get("/api/export", tags=["export"], response_class=FileResponse,
            responses={200: {"content": {m: {} for m, _ in FORMATS.values()}, "description": "the export file"}})
def export(store: StoreDep, filters: FiltersDep,
           format: Annotated[Literal["acled-csv", "geojson", "jsonl"], Query()] = "acled-csv") -> FileResponse:
    """Download the events (ACLED CSV, GeoJSON) or the records (JSON Lines) matching the filters."""
    media, ext = FORMATS[format]
    fd, path = tempfile.mkstemp(prefix="rasd-export-", suffix=f".{ext}")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:  # the store writes text streams
            store.export(format, out, **filters.for_export())
    except BaseException:
        os.unlink(path)
        raise
    return FileResponse(path, media_type=media, filename=f"rasd-events.{ext}",
                        background=BackgroundTask(os.unlink, path))


@router.get("/api/stats", tags=["export"])
def stats(store: StoreDep) -> dict[str, Any]:
    """Counts of articles, events, quotes, places and sources in the database."""
    return store.stats()
