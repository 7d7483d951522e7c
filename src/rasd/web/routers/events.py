"""Events: the map, the timeline and the table, and their JSON twin."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse

from rasd.web.deps import ERRORS, PAGE_SIZE, FiltersDep, LangDep, Page, StoreDep, pages, render, require_read
from rasd.web.routers.articles import ItemList

router = APIRouter(dependencies=[Depends(require_read)], responses={401: ERRORS[401]})
MAP_LIMIT = 5000


@router.get("/api/events", response_model=ItemList, tags=["events"])
def api_events(store: StoreDep, filters: FiltersDep,
               limit: Annotated[int, Query(ge=1, le=MAP_LIMIT)] = 500,
               offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> dict[str, Any]:
    """ACLED-style events, each with its `article_id`, `lat`, `lon`, `admin1` and evidence spans."""
    items, total = store.events(**filters.for_events(), limit=limit, offset=offset)
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.get("/events", response_class=HTMLResponse, include_in_schema=False)
def events_page(request: Request, store: StoreDep, lang: LangDep, filters: FiltersDep, page: Page = 1) -> Response:
    items, total = store.events(**filters.for_events(), limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    params = filters.params()
    api = "/api/events?" + urlencode({**params, "limit": MAP_LIMIT})
    return render(request, "events.html", lang, items=items, pager=pages(total, page), filters=filters,
                  params=params, api=api)


def evidence_anchor(event: dict[str, Any]) -> str:
    """The fragment of the article page where an event's first evidence span sits."""
    return f"#span-{event.get('id')}-ev0" if event.get("evidence") else ""


def location_of(event: dict[str, Any]) -> dict[str, Any]:
    """Name, governorate and coordinates of an event, from the store's columns or the record's location."""
    loc = event.get("location") if isinstance(event.get("location"), dict) else {}
    return {
        "name": event.get("location_name") or loc.get("name") or "",
        "name_ar": loc.get("name_ar") or "",
        "admin1": event.get("admin1") or loc.get("admin1") or "",
        "lat": event.get("lat", loc.get("lat")),
        "lon": event.get("lon", loc.get("lon")),
    }
