"""OpenAPI docs at /docs, served from the vendored Swagger UI (no CDN, no inline script)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from rasd.web.deps import get_lang, render, state

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> Response:
    return render(request, "docs.html", get_lang(request), swagger=state(request).settings.has_swagger)


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}
