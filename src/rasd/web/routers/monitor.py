"""Monitoring: watched sources and their health, saved searches with their alerts, Atom and JSON
feeds and delivery log, what is new since a time, and the changes API (`GET /api/changes`).

Reads follow the server's read token like every page; adding or removing a source or a saved
search needs the write token (`Authorization: Bearer $RASD_TOKEN`), as `POST /api/articles` does.
A webhook secret is shown once, in the answer that creates the search, never by a read.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from rasd.web import i18n
from rasd.web.deps import ERRORS, LangDep, StoreDep, invalid, render, require_read, require_write
from rasd.web.i18n import N_

router = APIRouter(dependencies=[Depends(require_read)], responses={401: ERRORS[401]})
write_router = APIRouter(dependencies=[Depends(require_write)], responses={401: ERRORS[401]})
FEED_LIMIT = 50
Name = Annotated[str, Field(min_length=1, max_length=100, pattern=r"\S")]
# What `since` accepts, exactly: a cursor from a previous answer, Unix seconds, or an ISO 8601 day or
# minute in UTC (February stops at the 28th: the pattern cannot tell leap years).
_DAY = (r"(000[1-9]|00[1-9]\d|0[1-9]\d{2}|[1-9]\d{3})-((0[13578]|1[02])-(0[1-9]|[12]\d|3[01])"
        r"|(0[469]|11)-(0[1-9]|[12]\d|30)|02-(0[1-9]|1\d|2[0-8]))")
_CURSOR = r"c\d{1,10}-\d{1,18}-\d{1,10}-\d{1,18}"
SINCE_PATTERN = rf"^({_CURSOR}|\d{{1,10}}|{_DAY}([T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?Z?)?)?$"

# The labels of these pages, in English; their Arabic is in the catalog (the shared table in
# rasd.web.i18n holds the navigation's).
LABELS: dict[str, str] = {
    "sources": N_("Watched sources"),
    "alerts": N_("Alerts"),
    "new": N_("What's new"),
    "url": N_("URL"),
    "kind": N_("Kind"),
    "interval": N_("Every (s)"),
    "country": N_("Country"),
    "last_success": N_("Last success"),
    "last_error": N_("Last error"),
    "streak": N_("Error streak"),
    "items_seen": N_("Items seen"),
    "pending": N_("Pending"),
    "next_due": N_("Next poll"),
    "no_sources": N_("No source is watched yet. Add one: rasd sources add URL"),
    "search": N_("Saved search"),
    "query": N_("Query"),
    "filters": N_("Filters"),
    "min_fatalities": N_("Minimum fatalities"),
    "webhook": N_("Webhook"),
    "count": N_("Alerts fired"),
    "no_searches": N_("No saved search yet. Add one: rasd alerts add NAME --place Idlib"),
    "fired_at": N_("Fired"),
    "event": N_("Event"),
    "article": N_("Article"),
    "delivery": N_("Delivery"),
    "delivery_log": N_("Delivery log"),
    "status": N_("Status"),
    "no_alerts": N_("No alert yet."),
    "since": N_("Since"),
    "first_seen": N_("First seen"),
    "show": N_("Show"),
    "new_events": N_("New events"),
    "new_articles": N_("New articles"),
    "bad_since": N_("Not a valid time"),
}


def labels(lang: str) -> dict[str, str]:
    return i18n.translated(LABELS, lang)


def _page(request: Request, name: str, lang: str, status_code: int = 200, **context: Any) -> Response:
    return render(request, name, lang, status_code=status_code, M=labels(lang), **context)


# -- sources -------------------------------------------------------------------------------------


class SourceIn(BaseModel):
    """A feed or page to watch."""

    model_config = ConfigDict(extra="forbid")
    url: str = Field(min_length=8, max_length=2000, pattern=r"^https?://")
    kind: str = Field("feed", pattern=r"^(feed|page)$")
    interval: int = Field(900, ge=1, le=7 * 24 * 3600, description="seconds between two polls")
    language: str | None = Field("ar", max_length=10)
    country: str | None = Field(None, max_length=100)
    name: str | None = Field(None, max_length=300, description="outlet name for its articles")


@router.get("/api/sources", tags=["monitoring"])
def api_sources(store: StoreDep) -> list[dict[str, Any]]:
    """Every watched source with its health (last success, last error, error streak, items seen)."""
    from rasd.store.sources import list_sources

    return list_sources(store)


@write_router.post("/api/sources", status_code=201, tags=["monitoring"],
                   responses={409: {"model": dict, "description": "already watched"}})
def api_add_source(body: SourceIn, store: StoreDep) -> dict[str, Any]:
    """Watch a feed or a page (write token)."""
    from rasd import admin
    from rasd.store.sources import SourceExists, add_source

    country = admin.country_code(body.country) if body.country and body.country.strip() else None
    if body.country and body.country.strip() and country is None:
        raise invalid(("body", "country"), f"unknown country: {body.country!r}")
    try:
        return add_source(store, body.url, kind=body.kind, interval=body.interval, language=body.language,
                          country=country, name=body.name)
    except SourceExists as exc:
        raise HTTPException(409, str(exc)) from None
    except ValueError as exc:
        raise invalid(("body", "url"), str(exc)) from None


@write_router.delete("/api/sources/{source_id}", status_code=204, tags=["monitoring"],
                     responses={404: {"description": "no such source"}})
def api_remove_source(source_id: Annotated[int, Path(ge=1, le=2**31 - 1)], store: StoreDep) -> Response:
    """Stop watching a source (its stored articles stay)."""
    from rasd.store.sources import remove_source

    if not remove_source(store, source_id):
        raise HTTPException(404, "no such source")
    return Response(status_code=204)


@router.get("/sources", response_class=HTMLResponse, include_in_schema=False)
def sources_page(request: Request, store: StoreDep, lang: LangDep) -> Response:
    from rasd.store.sources import list_sources

    return _page(request, "sources.html", lang, items=list_sources(store))


# -- saved searches and alerts --------------------------------------------------------------------


class SearchFilters(BaseModel):
    """The event filters of `rasd.filters` (values in Arabic or English; one naming nothing is a 422)."""

    model_config = ConfigDict(extra="forbid")
    event_type: str | None = Field(None, max_length=200)
    sub_event_type: str | None = Field(None, max_length=200)
    admin1: str | None = Field(None, max_length=200, description="governorate / province")
    actor: str | None = Field(None, max_length=200)
    country: str | None = Field(None, max_length=200)
    source: str | None = Field(None, max_length=300)
    review_status: str | None = Field(None, max_length=100, description="comma-separated: unreviewed, "
                                      "confirmed, edited, rejected (unset: all but rejected)")


class SearchIn(BaseModel):
    """A saved search: a query and event filters."""

    model_config = ConfigDict(extra="forbid")
    name: Name
    query: str | None = Field(None, max_length=500)
    filters: SearchFilters = Field(default_factory=SearchFilters)
    min_fatalities: int | None = Field(None, ge=0, le=1_000_000)
    webhook: str | None = Field(None, max_length=2000, pattern=r"^https?://")
    secret: str | None = Field(None, min_length=16, max_length=128)


@router.get("/api/searches", tags=["monitoring"])
def api_searches(store: StoreDep) -> list[dict[str, Any]]:
    """The saved searches (never their webhook secrets) and how many alerts each fired."""
    from rasd.store.alerts import list_searches

    return list_searches(store)


@write_router.post("/api/searches", status_code=201, tags=["monitoring"],
                   responses={409: {"model": dict, "description": "the name is taken"}})
def api_add_search(body: SearchIn, store: StoreDep) -> dict[str, Any]:
    """Save a search; the answer holds the webhook secret (shown this once)."""
    from rasd.filters import UnknownFilterValue
    from rasd.store.alerts import SearchExists, add_search

    try:
        return add_search(store, body.name, query=body.query, filters=body.filters.model_dump(exclude_none=True),
                          min_fatalities=body.min_fatalities, webhook=body.webhook, secret=body.secret)
    except SearchExists as exc:
        raise HTTPException(409, str(exc)) from None
    except UnknownFilterValue as exc:
        raise invalid(("body", "filters", exc.name), str(exc)) from None
    except ValueError as exc:
        raise invalid(("body",), str(exc)) from None


@write_router.delete("/api/searches/{name}", status_code=204, tags=["monitoring"],
                     responses={404: {"description": "no such saved search"}})
def api_remove_search(name: str, store: StoreDep) -> Response:
    from rasd.store.alerts import remove_search

    if not remove_search(store, name):
        raise HTTPException(404, "no such saved search")
    return Response(status_code=204)


def _search(store: Any, name: str) -> dict[str, Any]:
    from rasd.store.alerts import get_search

    found = get_search(store, name) if len(name) <= 100 and "\x00" not in name else None
    if found is None:
        raise HTTPException(404, "no such saved search")
    return found


@router.get("/alerts", response_class=HTMLResponse, include_in_schema=False)
def alerts_page(request: Request, store: StoreDep, lang: LangDep) -> Response:
    from rasd.store.alerts import list_searches

    return _page(request, "alerts.html", lang, items=list_searches(store))


@router.get("/alerts/{name}", response_class=HTMLResponse, include_in_schema=False)
def alert_page(request: Request, name: str, store: StoreDep, lang: LangDep) -> Response:
    from rasd.store.alerts import alerts, delivery_log, entry_title

    search = _search(store, name)
    return _page(request, "alert.html", lang, search=search, items=alerts(store, name, limit=FEED_LIMIT),
                 log=delivery_log(store, name, limit=FEED_LIMIT), entry_title=entry_title)


@router.get("/api/alerts/{name}", tags=["monitoring"], responses={404: {"description": "no such saved search"}})
def api_alerts(name: str, store: StoreDep, limit: Annotated[int, Query(ge=1, le=500)] = FEED_LIMIT
               ) -> list[dict[str, Any]]:
    """The alerts of a saved search, newest first, with their webhook delivery state."""
    from rasd.store.alerts import alerts

    _search(store, name)
    return alerts(store, name, limit=limit)


@router.get("/alerts/{name}/atom.xml", tags=["monitoring"], response_class=Response,
            responses={200: {"content": {"application/atom+xml": {}}}, 404: {"description": "no such saved search"}})
def alerts_atom(request: Request, name: str, store: StoreDep) -> Response:
    """An Atom feed of the saved search's new matching events."""
    from rasd.store.alerts import alerts, atom_feed

    search = _search(store, name)
    body = atom_feed(search, alerts(store, name, limit=FEED_LIMIT), str(request.base_url))
    return Response(body, media_type="application/atom+xml")


@router.get("/alerts/{name}/feed.json", tags=["monitoring"], response_class=Response,
            responses={200: {"content": {"application/feed+json": {}}}, 404: {"description": "no such saved search"}})
def alerts_json_feed(request: Request, name: str, store: StoreDep) -> JSONResponse:
    """A JSON Feed 1.1 of the saved search's new matching events."""
    from rasd.store.alerts import alerts, json_feed

    search = _search(store, name)
    feed = json_feed(search, alerts(store, name, limit=FEED_LIMIT), str(request.base_url))
    return JSONResponse(feed, media_type="application/feed+json")


# -- what's new ------------------------------------------------------------------------------------


class Changes(BaseModel):
    """Events and articles first stored after the cursor, oldest first; ask again with `next`."""

    events: list[dict[str, Any]]
    articles: list[dict[str, Any]]
    next: str = Field(description="the cursor to pass as `since` next time")
    more: bool = Field(description="true when a page was full: ask again at once")


Since = Annotated[str | None, Query(max_length=60, pattern=SINCE_PATTERN,
                                    description="a cursor from a previous answer, Unix seconds or an ISO 8601 "
                                    "time (UTC); empty: from the beginning")]


@router.get("/api/changes", response_model=Changes, tags=["monitoring"])
def api_changes(store: StoreDep, since: Since = None,
                limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> dict[str, Any]:
    """What was stored since a cursor: new events (with `first_seen`) and new articles."""
    from rasd.store.changes import changes

    try:
        return changes(store, since, limit=limit)
    except (ValueError, OverflowError, OSError) as exc:
        raise invalid(("query", "since"), str(exc)) from None


@router.get("/new", response_class=HTMLResponse, include_in_schema=False)
def new_page(request: Request, store: StoreDep, lang: LangDep,
             since: Annotated[str | None, Query(max_length=60)] = None) -> Response:
    """What arrived since a time (default: the last 24 hours)."""
    from rasd.store.changes import changes

    since = (since or "").strip() or (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    notice = None
    try:
        found = changes(store, since, limit=500, settle=0)
    except (ValueError, OverflowError, OSError):
        notice, found = labels(lang)["bad_since"], {"events": [], "articles": []}
    return _page(request, "new.html", lang, status_code=422 if notice else 200, since=since, notice=notice,
                 events=list(reversed(found["events"])), articles=list(reversed(found["articles"])))
