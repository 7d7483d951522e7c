"""The analyst's dashboard (events per week by type, top places and actors, fatalities per month,
the newest deadly events) and the filters' autocomplete."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from rasd.web import tallies
from rasd.web.deps import ERRORS, FiltersDep, LangDep, StoreDep, checked_filters, render, require_read
from rasd.web.routers.events import data_urls

router = APIRouter(dependencies=[Depends(require_read)], responses={401: ERRORS[401]})


class Suggestion(BaseModel):
    value: str
    label: str
    count: int


class Suggestions(BaseModel):
    """Names for a filter field, most frequent first, in the requested language."""

    field: str
    items: list[Suggestion]


@router.get("/api/suggest", response_model=Suggestions, tags=["events"])
def api_suggest(store: StoreDep, field: Literal["actor", "place"],
                q: Annotated[str, Query(max_length=200)] = "",
                lang: Annotated[Literal["ar", "en"], Query()] = "ar",
                limit: Annotated[int, Query(ge=1, le=50)] = 10) -> dict[str, Any]:
    """Autocomplete for the `actor` and `governorate` filters: stored names containing `q`
    (Arabic or English, spelling-folded), each once; `value` is in the requested language."""
    return {"field": field, "items": tallies.suggest(store, field, q, lang, limit)}


@router.get("/dashboard", response_class=HTMLResponse, include_in_schema=False)
def dashboard_page(request: Request, store: StoreDep, lang: LangDep, filters: FiltersDep) -> Response:
    flt, notice = checked_filters(store, filters)
    places = actors = deadly = []
    if notice is None:
        places = tallies.top_places(store, flt, lang, unit=filters.unit)
        actors = tallies.top_actors(store, flt, lang, unit=filters.unit)
        deadly = tallies.deadliest(store, flt, unit=filters.unit)
    params = filters.params()
    return render(request, "dashboard.html", lang, status_code=422 if notice else 200, filters=filters,
                  params=params, notice=notice, places=places, actors=actors, deadly=deadly,
                  high=tallies.HIGH_FATALITIES, **data_urls(request, params, notice))
