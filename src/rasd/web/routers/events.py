"""Events: the map, the timeline and the table, and their JSON twin."""

from __future__ import annotations

import dataclasses
import typing
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field, create_model

from rasd.rows import EventRow
from rasd.web.deps import (
    ERRORS,
    PAGE_SIZE,
    FiltersDep,
    LangDep,
    Page,
    StoreDep,
    checked_filters,
    pages,
    render,
    require_read,
)

router = APIRouter(dependencies=[Depends(require_read)], responses={401: ERRORS[401]})
MAP_LIMIT = 5000


def _event_item_model() -> type[BaseModel]:
    """The API's event item: `rasd.rows.EventRow` (its columns, types and descriptions: the data
    dictionary shows in /docs), plus the `id` (the record's event id, or the incident's id) and the
    evidence `spans` (of the incident's first report)."""
    hints = typing.get_type_hints(EventRow)
    fields: dict[str, Any] = {
        f.name: (hints[f.name], Field(f.default, description=f.metadata["doc"])) for f in dataclasses.fields(EventRow)
    }
    fields["id"] = (str | None, Field(None, description="Id of the event in its article's record."))
    fields["spans"] = (list[dict[str, int]], Field(default_factory=list, description="Evidence spans (start, end)."))
    return create_model("EventItem", __config__=ConfigDict(extra="forbid"), **fields)


EventItem = _event_item_model()


class EventList(BaseModel):
    """A page of events: `items` (event rows) and the `total` number of matches."""

    items: list[EventItem]  # type: ignore[valid-type]
    total: int
    limit: int
    offset: int


@router.get("/api/events", response_model=EventList, tags=["events"])
def api_events(store: StoreDep, filters: FiltersDep,
               limit: Annotated[int, Query(ge=1, le=MAP_LIMIT)] = 500,
               offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> dict[str, Any]:
    """ACLED-style events, each with its `article_id`, `lat`, `lon`, `admin1` and evidence spans: one
    per incident (its reports fused, every outlet in `source`), or per report with `unit=report`."""
    items, total = store.events(filters.event_filter(store), limit=limit, offset=offset,
                                unit=filters.unit or "incident")
    return {"items": items, "total": total, "limit": limit, "offset": offset}


def data_urls(request: Request, params: dict[str, str], notice: Any = None) -> dict[str, str]:
    """Where the page's scripts get their data, with the page's filters: the map (the server's
    aggregating `/api/map` when this app has it, else the newest events up to the map cap, which
    the page then says it capped) and the counts by period (`/api/counts`; the script bins the
    events itself when the app has no counts endpoint)."""
    if notice is not None:  # an unknown filter value: nothing to draw
        return {"map_api": "", "counts_api": "", "events_api": ""}
    paths = {r.path for r in request.app.state.api_routes}  # app.routes holds the included routers
    cap = request.app.state.rasd.settings.map_cap
    query = urlencode(params)
    events_api = "/api/events?" + urlencode({**params, "limit": min(cap, MAP_LIMIT)})
    return {
        "map_api": "/api/map?" + urlencode({**params, "cap": cap}) if "/api/map" in paths else events_api,
        "counts_api": f"/api/counts?{query}" if "/api/counts" in paths else "",
        "events_api": events_api,
    }


@router.get("/events", response_class=HTMLResponse, include_in_schema=False)
def events_page(request: Request, store: StoreDep, lang: LangDep, filters: FiltersDep, page: Page = 1) -> Response:
    flt, notice = checked_filters(store, filters)  # an unknown value is said on the page, never an empty table
    items, total = store.events(flt, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE,
                                unit=filters.unit or "incident") if notice is None else ([], 0)
    params = filters.params()
    return render(request, "events.html", lang, status_code=422 if notice else 200, items=items,
                  pager=pages(total, page), filters=filters, params=params, notice=notice,
                  **data_urls(request, params, notice))


def evidence_anchor(event: dict[str, Any]) -> str:
    """The fragment of the article page where an event's first evidence span sits."""
    return f"#span-{event.get('id')}-ev0" if event.get("evidence") else ""


def location_of(event: dict[str, Any]) -> dict[str, Any]:
    """Name, governorate and coordinates of a record's event (the article page reads records)."""
    loc = event.get("location") if isinstance(event.get("location"), dict) else {}
    return {
        "name": loc.get("name") or "",
        "name_ar": loc.get("name_ar") or "",
        "admin1": loc.get("admin1") or "",
        "lat": loc.get("lat"),
        "lon": loc.get("lon"),
    }
