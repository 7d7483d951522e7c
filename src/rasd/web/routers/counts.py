"""Counts for the timeline and the dashboard, and the map's data: computed in SQL (`rasd.store.counts`)
with the same filters as the events list."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, Field

from rasd.store.counts import MAP_CAP, breakdowns, map_data, newest, timeline, top
from rasd.web.deps import ERRORS, FiltersDep, StoreDep, require_read, state
from rasd.web.routers.events import EventItem

router = APIRouter(dependencies=[Depends(require_read)], responses={401: ERRORS[401]})
MAX_CAP = 20_000
_NUM = r"-?\d{1,3}(\.\d{1,12})?"
BBOX_PATTERN = rf"^{_NUM},{_NUM},{_NUM},{_NUM}$"


class Bucket(BaseModel):
    """One period: events per stacked value (`(none)`: the field is empty) and their fatalities."""

    period: str = Field(description="ISO date of the bucket's first day (weeks start on Monday).")
    counts: dict[str, int]
    fatalities: int
    events: int = Field(description="All events of the bucket (the sum of `counts`).")


class Counts(BaseModel):
    """Events per day, week or month; `total` = the events list's total (`undated` are in no bucket)."""

    by: str
    stack: str
    buckets: list[Bucket]
    total: int
    undated: int
    unit: str = Field("incident", description="What is counted: fused incidents (default) or reports (`unit=report`).")
    filters: dict[str, Any]


class TopItem(BaseModel):
    value: str | None
    label_ar: str | None = Field(None, description="Arabic name (as an article writes it, for actors and places).")
    count: int
    fatalities: int


class Top(BaseModel):
    """The most frequent values of a field among the matching events (`total`: the matching events)."""

    field: str
    items: list[TopItem]
    total: int
    unit: str = Field("incident", description="What is counted: fused incidents (default) or reports (`unit=report`).")
    filters: dict[str, Any]


class Newest(BaseModel):
    """The newest matching events with at least `min_fatalities` deaths."""

    items: list[EventItem]  # type: ignore[valid-type]
    total: int
    min_fatalities: int
    unit: str = Field("incident", description="What is counted: fused incidents (default) or reports (`unit=report`).")
    filters: dict[str, Any]


class MapData(BaseModel):
    """A GeoJSON FeatureCollection. `aggregated` false: one Point per event (`properties`: id,
    article_id, href to the evidence, type, date, fatalities, location, location_ar, admin1, actors).
    `aggregated` true (more than `cap` events): one Point per grid cell or governorate with its
    `count` and `fatalities`; nothing is dropped silently. `unlocated`: matching events without
    coordinates (not on the map)."""

    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[dict[str, Any]]
    aggregated: bool
    total: int = Field(description="Events drawn or counted on the map (with coordinates, in the bbox).")
    matching: int = Field(description="Events matching the filters, with or without coordinates.")
    unlocated: int
    cap: int
    aggregation: dict[str, Any] | None = None
    unit: str = Field("incident", description="What is counted: fused incidents (default) or reports (`unit=report`).")
    filters: dict[str, Any]


@router.get("/api/counts", response_model=Counts, tags=["events"])
def api_counts(store: StoreDep, filters: FiltersDep,
               by: Annotated[Literal["day", "week", "month"], Query()] = "week",
               stack: Annotated[Literal["event_type", "sub_event_type", "none"], Query()] = "event_type",
               ) -> dict[str, Any]:
    """Events (and fatalities) per day, week or month, stacked by type or sub-type, under every events filter."""
    return timeline(store, filters.event_filter(store), by=by, stack=stack, unit=filters.unit)


@router.get("/api/counts/top", response_model=Top, tags=["events"])
def api_counts_top(store: StoreDep, filters: FiltersDep,
                   field: Annotated[Literal["admin1", "actor", "place", "event_type", "sub_event_type", "country",
                                            "source"], Query()] = "admin1",
                   limit: Annotated[int, Query(ge=1, le=100)] = 10) -> dict[str, Any]:
    """Top governorates, actors (either side), places, types, countries or sources, with fatalities."""
    return top(store, filters.event_filter(store), field, limit=limit, unit=filters.unit)


@router.get("/api/counts/breakdowns", tags=["events"])
def api_breakdowns(store: StoreDep, filters: FiltersDep,
                   limit: Annotated[int, Query(ge=1, le=100)] = 10) -> dict[str, Any]:
    """What `rasd stats` prints: events by type, month (with fatalities), admin1 and actor."""
    return breakdowns(store, filters.event_filter(store), limit=limit, unit=filters.unit)


@router.get("/api/events/newest", response_model=Newest, tags=["events"])
def api_newest(store: StoreDep, filters: FiltersDep,
               min_fatalities: Annotated[int, Query(ge=0, le=1_000_000)] = 1,
               limit: Annotated[int, Query(ge=1, le=100)] = 10) -> dict[str, Any]:
    """The newest high-fatality events (event day, newest first), under every events filter."""
    return newest(store, filters.event_filter(store), min_fatalities=min_fatalities, limit=limit,
                  unit=filters.unit)


@router.get("/api/map", response_model=MapData, tags=["events"])
def api_map(request: Request, store: StoreDep, filters: FiltersDep,
            cap: Annotated[int | None, Query(ge=1, le=MAX_CAP, description=(
                "Most points drawn one by one; at most the server's map cap (RASD_MAP_CAP, "
                f"{MAP_CAP:,} by default), which is also the default."))] = None,
            zoom: Annotated[int, Query(ge=0, le=18, description="Map zoom: sets the grid cell past the cap.")] = 6,
            agg: Annotated[Literal["grid", "admin1"], Query(description="Aggregation past the cap.")] = "grid",
            bbox: Annotated[str | None, Query(max_length=100, pattern=BBOX_PATTERN,
                                              description="west,south,east,north (degrees)")] = None,
            ) -> Response:
    """The matching events as GeoJSON points, or aggregated counts past `cap` (`aggregated` says which;
    `cap` in the answer is the cap applied)."""
    limit = state(request).settings.map_cap  # the server's: a client asks for fewer points, never more
    data = map_data(store, filters.event_filter(store), cap=min(cap or limit, limit), zoom=zoom, agg=agg,
                    bbox=_bbox(bbox), unit=filters.unit)
    # encoded here: validating 3,000 features against the response model doubled the answer's time
    return Response(json.dumps(data, ensure_ascii=False, separators=(",", ":")), media_type="application/json")


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """west,south,east,north clamped to the globe; reversed edges are swapped (a view, not a claim)."""
    if not value:
        return None
    west, south, east, north = (float(v) for v in value.split(","))  # the pattern checked the shape
    west, east = sorted(max(-180.0, min(180.0, v)) for v in (west, east))
    south, north = sorted(max(-90.0, min(90.0, v)) for v in (south, north))
    return west, south, east, north
