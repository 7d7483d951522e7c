"""Shared dependencies: the store, the language, access control, list filters, page rendering."""

from __future__ import annotations

import calendar
import datetime as dt
import hmac
import threading
import time
from dataclasses import asdict, dataclass
from typing import Annotated, Any, Literal

from fastapi import Depends, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from rasd.web import auth, i18n
from rasd.web.config import Settings

# YYYY, YYYY-MM or YYYY-MM-DD with a real month and a day that month can have (Feb 29 is checked in
# code): the OpenAPI spec then promises only what the server accepts (schemathesis checks that).
_YEAR = r"(000[1-9]|00[1-9]\d|0[1-9]\d{2}|[1-9]\d{3})"
_MONTH_DAY = (r"((0[13578]|1[02])(-(0[1-9]|[12]\d|3[01]))?|(0[469]|11)(-(0[1-9]|[12]\d|30))?"
              r"|02(-(0[1-9]|1\d|2\d))?)")
DATE_PATTERN = rf"^({_YEAR}(-{_MONTH_DAY})?)?$"
PAGE_SIZE = 20


class WebState:
    """Per-app state: settings and one store, opened on first use (opening migrates)."""

    def __init__(self, settings: Settings, store: Any = None) -> None:
        self.settings = settings
        self._store = store
        self._lock = threading.Lock()
        self._stats: tuple[float, dict[str, Any]] | None = None

    def stats(self, ttl: float = 30.0) -> dict[str, Any]:
        """The store's counts, cached for `ttl` seconds: the list page shows them on every request."""
        now = time.monotonic()
        cached = self._stats
        if cached is None or now - cached[0] > ttl:
            cached = self._stats = (now, self.store().stats())
        return cached[1]

    def store(self) -> Any:
        with self._lock:
            if self._store is None:
                from rasd.store import Store

                self._store = Store.open(self.settings.store_url)
            return self._store


def state(request: Request) -> WebState:
    return request.app.state.rasd


def get_store(request: Request) -> Any:
    """The app's `rasd.store.Store`."""
    return state(request).store()


def get_lang(request: Request) -> str:
    """`?lang=` first, then the `lang` cookie, else Arabic."""
    return i18n.pick(request.query_params.get("lang") or request.cookies.get("lang"))


def _bearer(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return (value.strip() or None) if scheme.lower() == "bearer" else None


def _matches(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def require_read(request: Request) -> None:
    """Reads are open unless a read token is configured (Bearer header or `rasd_token` cookie), or
    accounts exist (`rasd user add`: then a login, or a token for machines; see `rasd.web.auth`)."""
    if auth.login_needed(request):
        raise auth.to_login(request)
    if auth.account(request) is not None:
        return
    expected = state(request).settings.read_token
    if expected is None:
        return
    if not (_matches(_bearer(request), expected) or _matches(request.cookies.get("rasd_token"), expected)):
        raise HTTPException(401, "a read token is required", headers={"WWW-Authenticate": "Bearer"})


def require_write(request: Request) -> None:
    """Writes need `Authorization: Bearer $RASD_TOKEN`; with no token configured they are off."""
    expected = state(request).settings.token
    if expected is None:
        raise HTTPException(401, "writes are disabled on this server (no RASD_TOKEN)",
                            headers={"WWW-Authenticate": "Bearer"})
    if not _matches(_bearer(request), expected):
        raise HTTPException(401, "a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"})


@dataclass(slots=True)
class Filters:
    """The filters shared by the articles, events and export endpoints (empty means unset)."""

    date_from: str | None = None
    date_to: str | None = None
    governorate: str | None = None
    event_type: str | None = None
    actor: str | None = None
    source: str | None = None
    sub_event_type: str | None = None
    country: str | None = None
    background: bool = False
    unit: str | None = None  # "incident" (None: the default) or "report"
    review_status: str | None = None
    machine: bool = False

    def params(self) -> dict[str, str]:
        """The set filters, as query parameters for links."""
        return {k: ("true" if v is True else v) for k, v in asdict(self).items() if v}

    def for_articles(self) -> dict[str, Any]:
        return {"date_from": self.date_from, "date_to": self.date_to, "place": self.governorate,
                "event_type": self.event_type, "actor": self.actor, "source": self.source}

    def for_events(self) -> dict[str, Any]:
        """Raw values for `Store.event_filter` (Arabic or English; unknown ones raise there)."""
        return {"date_from": self.date_from, "date_to": self.date_to, "admin1": self.governorate,
                "event_type": self.event_type, "actor": self.actor, "source": self.source,
                "sub_event_type": self.sub_event_type, "country": self.country, "background": self.background,
                "review_status": self.review_status, "machine": self.machine}

    def event_filter(self, store: Any) -> Any:
        """The parsed `EventFilter`; an unknown value is a 422 naming the parameter."""
        from rasd.filters import UnknownFilterValue

        try:
            return store.event_filter(**self.for_events())
        except UnknownFilterValue as exc:
            name = {"admin1": "governorate"}.get(exc.name, exc.name)
            raise invalid(("query", name), str(exc)) from None


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


Text = Annotated[str | None, Query(max_length=200)]
Day = Annotated[str | None, Query(pattern=DATE_PATTERN, description="YYYY, YYYY-MM or YYYY-MM-DD")]


def invalid(loc: tuple[str, ...], message: str, kind: str = "value_error") -> RequestValidationError:
    """A 422 in FastAPI's own shape (`detail` is a list of errors), as the OpenAPI schema says."""
    return RequestValidationError([{"loc": list(loc), "msg": message, "type": kind}])


class Message(BaseModel):
    """An error answer: `detail` says what went wrong."""

    detail: str


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Message, "description": "the body is not valid JSON"},
    401: {"model": Message, "description": "a token is required"},
    413: {"model": Message, "description": "request body too large"},
}


def _day(value: str | None, *, end: bool) -> str | None:
    """A full YYYY-MM-DD from YYYY, YYYY-MM or YYYY-MM-DD: the first day, or the last for `end`."""
    value = _clean(value)
    if value is None:
        return None
    parts = [int(p) for p in value.split("-")]
    year, month = parts[0], parts[1] if len(parts) > 1 else (12 if end else 1)
    try:
        if len(parts) == 3:
            day = dt.date(year, month, parts[2])
        elif end:
            day = dt.date(year, month, calendar.monthrange(year, month)[1])
        else:
            day = dt.date(year, month, 1)
    except ValueError:
        raise invalid(("query", "date_to" if end else "date_from"), f"not a date: {value!r} (use YYYY-MM-DD)") from None
    return day.isoformat()


def get_filters(
    date_from: Day = None,
    date_to: Day = None,
    governorate: Annotated[str | None, Query(max_length=200, description="admin1 name (governorate)")] = None,
    event_type: Annotated[str | None, Query(max_length=200, description="ACLED event type")] = None,
    actor: Text = None,
    source: Text = None,
    sub_event_type: Annotated[str | None, Query(max_length=200, description="ACLED sub-event type")] = None,
    country: Annotated[str | None, Query(max_length=200, description="country (name or ISO code)")] = None,
    background: Annotated[bool, Query(description="include background events (older than the report)")] = False,
    unit: Annotated[Literal["incident", "report"] | None, Query(
        description="incident (default): one row per incident, its reports fused; report: one row per "
                    "reported event")] = None,
    review_status: Annotated[str | None, Query(
        max_length=60, description="review statuses, comma-separated (unreviewed, confirmed, edited, rejected) "
        "or all; unset: every status but rejected")] = None,
    machine: Annotated[bool, Query(description="the machine's values, reviews ignored (one row per report)")
                       ] = False,
) -> Filters:
    return Filters(_day(date_from, end=False), _day(date_to, end=True), _clean(governorate), _clean(event_type),
                   _clean(actor), _clean(source), _clean(sub_event_type), _clean(country), background,
                   None if unit in (None, "incident") else unit, _clean(review_status), machine)


FiltersDep = Annotated[Filters, Depends(get_filters)]


def checked_filters(store: Any, filters: Filters) -> tuple[Any, Any]:
    """(EventFilter, None), or (None, the UnknownFilterValue) for a value that names nothing: pages
    say so in a visible notice instead of showing an empty list without a reason."""
    from rasd.filters import UnknownFilterValue

    try:
        return store.event_filter(**filters.for_events()), None
    except UnknownFilterValue as exc:
        return None, exc
StoreDep = Annotated[Any, Depends(get_store)]
LangDep = Annotated[str, Depends(get_lang)]
Page = Annotated[int, Query(ge=1, le=100_000)]


def get_digits(request: Request) -> str:
    """`?digits=arab|latn` first, then the `digits` cookie, else Latin digits."""
    return i18n.pick_digits(request.query_params.get("digits") or request.cookies.get("digits"))


def render(request: Request, name: str, lang: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page in the chosen language and digits; `?lang=` and `?digits=` are remembered in cookies."""
    templates = request.app.state.templates
    style = get_digits(request)
    ctx = {**i18n.context(lang, style), "settings": state(request).settings, "account": auth.account(request),
           **context}
    response = templates.TemplateResponse(request, name, ctx, status_code=status_code)
    for key, allowed in (("lang", i18n.LANGS), ("digits", i18n.DIGITS)):
        asked = request.query_params.get(key)
        if asked in allowed and asked != request.cookies.get(key):
            response.set_cookie(key, asked, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    return response


def pages(total: int, page: int, size: int = PAGE_SIZE) -> dict[str, int | None]:
    """Pagination numbers for a template."""
    last = max(1, -(-total // size))
    return {"page": page, "last": last, "prev": page - 1 if page > 1 else None,
            "next": page + 1 if page < last else None, "total": total, "size": size}
