"""The app factory: FastAPI with one router per area, Jinja2 pages and the security middleware."""

from __future__ import annotations

import functools
import gzip
import json
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from rasd import __version__
from rasd.web import names
from rasd.web.config import STATIC, TEMPLATES, Settings
from rasd.web.deps import WebState
from rasd.web.ratelimit import install as install_rate_limits
from rasd.web.routers import articles, counts, dashboard, docs, events, export, incidents, monitor, quotes, review
from rasd.web.security import BodyLimit, NoNulInQuery, SecurityHeaders, csp

# One router per area (read routes), and the routers of the write routes (token or account required).
AREAS = (articles, events, counts, dashboard, quotes, export, incidents, monitor, docs)
WRITE_ROUTERS = (articles.write_router, incidents.write_router, monitor.write_router)

DESCRIPTION = """Evidence-linked conflict data from Arabic news: articles with their `rasd.analysis/1`
records, ACLED-style events, quotes and exports. Reads are open unless the server sets a read
token; `POST /api/articles` needs `Authorization: Bearer <RASD_TOKEN>`."""


def templates() -> Jinja2Templates:
    """Jinja2 with autoescaping on for every template (article text is untrusted)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.ChainableUndefined,
                             extensions=["jinja2.ext.i18n"])
    # {% trans %} calls the per-request gettext/ngettext of rasd.web.i18n.context (newstyle: they
    # fill the placeholders themselves, with the chosen digits)
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(evidence_anchor=events.evidence_anchor, location_of=events.location_of,
                       speaker_text=speaker_text, snippet_parts=snippet_parts, shared_params=shared_params,
                       actor_display=names.actor_display)
    env.filters.update(urlencode_with=urlencode_with, pathquote=pathquote)
    return Jinja2Templates(env=env)


async def method_not_allowed(request: Request, exc: Exception) -> JSONResponse:
    """405 with every method the path accepts in `Allow` (Starlette names only the first route's)."""
    path = request.url.path
    routes = [r for r in request.app.state.api_routes if r.path_regex.match(path)]
    literal = [r for r in routes if "{" not in r.path]  # /api/incidents/merge, not /api/incidents/{ref}
    methods = sorted({m for r in literal or routes for m in r.methods or ()})
    return JSONResponse({"detail": "Method Not Allowed"}, status_code=405, headers={"Allow": ", ".join(methods)})


async def validation_error(request: Request, exc: Exception) -> Response:
    """FastAPI's 422, written as ASCII JSON: the echoed input may hold lone surrogates (a JSON
    `"\\ud800"`), which no UTF-8 encoder writes -- a 500 otherwise."""
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    return Response(json.dumps({"detail": jsonable_encoder(errors)}), status_code=422, media_type="application/json")


def urlencode_with(params: dict[str, Any], **more: Any) -> str:
    """Query string of the current filters with some values replaced (pagination, export format)."""
    return urlencode({**params, **more})


SHARED_FILTERS = ("date_from", "date_to", "governorate", "event_type", "actor", "source", "sub_event_type",
                  "country", "background", "unit")


def shared_params(request: Request) -> str:
    """`?…` with the shared event filters of the current URL (empty when none), for header links."""
    kept = {k: v for k, v in request.query_params.items() if k in SHARED_FILTERS and v}
    return "?" + urlencode(kept) if kept else ""


def pathquote(value: Any) -> str:
    """An article id as a URL path segment (ids are untrusted: `?`, `#`, spaces are quoted)."""
    return quote(str(value), safe="")


def snippet_parts(snippet: str, highlights: Any) -> list[tuple[str, bool]]:
    """A search snippet cut at its hit offsets: (text, is_hit) pieces, escaped by the template."""
    parts: list[tuple[str, bool]] = []
    pos = 0
    spans = sorted((s, e) for s, e in (highlights or []) if isinstance(s, int) and isinstance(e, int))
    for s, e in spans:
        s, e = max(s, pos), min(e, len(snippet))
        if s >= e:
            continue
        parts += [(snippet[pos:s], False), (snippet[s:e], True)]
        pos = e
    parts.append((snippet[pos:], False))
    return [p for p in parts if p[0]]


def speaker_text(value: Any, lang: str = "ar") -> str:
    """A speaker, actor or via item in the view's language: in Arabic the name as the article spells
    it (its fullest form, `name`, else the span's `text`; never the folded matching key), in English
    the actor's English name when known. Items may be span dicts or plain strings."""
    if isinstance(value, dict):
        english = value.get("actor") or next((v for v in (value.get("canonical"),) if v and str(v).isascii()), None)
        if lang == "en" and english:
            return str(english)
        return str(value.get("name") or value.get("text") or value.get("canonical") or "")
    return "" if value is None else str(value)


@functools.cache
def _region_gz() -> bytes:
    return (STATIC / "region.geojson.gz").read_bytes()


def region_layer(request: Request) -> Response:
    """The map's base layer, committed gzipped (0.2 MB instead of 0.7): sent as is to a client that
    accepts gzip (every browser), unpacked for one that does not."""
    headers = {"Cache-Control": "public, max-age=86400", "Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(_region_gz(), media_type="application/geo+json",
                        headers={**headers, "Content-Encoding": "gzip"})
    return Response(gzip.decompress(_region_gz()), media_type="application/geo+json", headers=headers)


def create_app(store_url: str | None = None, *, token: str | None = None, read_token: str | None = None,
               tiles_url: str | None = None, cors_origins: tuple[str, ...] | None = None,
               max_body: int | None = None, store: Any = None, settings: Settings | None = None) -> FastAPI:
    """The rasd web app. Unset arguments come from the environment (RASD_DB, RASD_TOKEN, …).

    `store` lets a caller pass an open `rasd.store.Store`; by default one is opened from
    `store_url` on the first request.
    """
    settings = settings or Settings.from_env(store_url=store_url, token=token, read_token=read_token,
                                             tiles_url=tiles_url, cors_origins=cors_origins, max_body=max_body)
    app = FastAPI(title="rasd", version=__version__, description=DESCRIPTION, docs_url=None, redoc_url=None)
    app.state.rasd = WebState(settings, store)
    app.state.templates = templates()
    app.add_api_route("/static/region.geojson", region_layer, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in AREAS:
        app.include_router(module.router)
    for router in WRITE_ROUTERS:
        app.include_router(router)
    app.include_router(review.router)  # pages and forms (session + CSRF), not part of the API
    app.include_router(review.read_router)
    app.state.api_routes = [r for router in (*(m.router for m in AREAS), *WRITE_ROUTERS, review.read_router)
                            for r in router.routes if isinstance(r, APIRoute)]
    app.add_exception_handler(405, method_not_allowed)
    app.add_exception_handler(RequestValidationError, validation_error)
    install_rate_limits(app)  # RASD_RATE_READ (off) / RASD_RATE_WRITE (30/60): 429 per client
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(BodyLimit, max_body=settings.max_body)
    app.add_middleware(NoNulInQuery)
    app.add_middleware(SecurityHeaders, policy=csp(settings.tiles_origin))  # outermost: 413s get them too
    return app
