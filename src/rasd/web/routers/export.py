"""Exports in every format of the registry (`rasd.export.formats`), their data dictionary, and
the database counts."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from rasd.export import formats
from rasd.web.deps import ERRORS, FiltersDep, StoreDep, require_read

router = APIRouter(dependencies=[Depends(require_read)], responses={401: ERRORS[401]})
FormatName = Literal[tuple(formats.FORMATS)]  # type: ignore[valid-type]


@router.get("/api/export", tags=["export"], response_class=FileResponse,
            responses={200: {"content": {f.media_type: {} for f in formats.FORMATS.values()},
                             "description": "the export file"}})
def export(store: StoreDep, filters: FiltersDep,
           format: Annotated[FormatName, Query()] = "acled-csv",
           excel: Annotated[bool, Query(description="CSV with a UTF-8 byte-order mark, for Excel")] = False,
           ) -> FileResponse:
    """Download the events matching the filters (ACLED CSV, GeoJSON, GeoParquet) or the records
    holding them (JSON Lines). An unknown filter value is a 422."""
    fmt = formats.get(format)
    flt = filters.event_filter(store)
    fd, name = tempfile.mkstemp(prefix="rasd-export-", suffix=f".{fmt.extension}")
    os.close(fd)
    path = Path(name)
    try:
        store.export(fmt.name, path, excel=excel, filter=flt, unit=filters.unit or "incident")
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return FileResponse(path, media_type=fmt.media_type, filename=f"rasd-events.{fmt.extension}",
                        background=BackgroundTask(path.unlink, missing_ok=True))


@router.get("/api/export/datapackage", tags=["export"])
def datapackage(store: StoreDep, filters: FiltersDep,
                format: Annotated[FormatName, Query()] = "acled-csv",
                excel: Annotated[bool, Query()] = False) -> dict[str, Any]:
    """The data dictionary of an export (a Frictionless data package: every column, its type and meaning)."""
    fmt = formats.get(format)
    flt = filters.event_filter(store)
    return formats.datapackage(fmt, f"rasd-events.{fmt.extension}", excel=excel, filters=flt.params() or None)


@router.get("/api/stats", tags=["export"])
def stats(store: StoreDep) -> dict[str, Any]:
    """Counts of articles, events, quotes, places and sources in the database (and stale analyses)."""
    return store.stats()
