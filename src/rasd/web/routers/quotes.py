"""Quotes: who said what, filterable by speaker, stance and source."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse

from rasd.web.deps import ERRORS, PAGE_SIZE, LangDep, Page, StoreDep, invalid, pages, render, require_read
from rasd.web.i18n import STANCES
from rasd.web.routers.articles import ItemList

router = APIRouter(dependencies=[Depends(require_read)], responses={401: ERRORS[401]})
Text = Annotated[str | None, Query(max_length=200)]
Stance = Annotated[str | None, Query(max_length=20, description="one of: " + ", ".join(STANCES))]


def _clean(value: str | None) -> str | None:
    return (value or "").strip() or None


@router.get("/api/quotes", response_model=ItemList, tags=["quotes"])
def api_quotes(store: StoreDep, speaker: Text = None, stance: Stance = None, source: Text = None,
               review_status: Annotated[str | None, Query(
                   max_length=60, pattern=r"^[a-z, ]*$",
                   description="review statuses, comma-separated, or all; unset: all but rejected")] = None,
               limit: Annotated[int, Query(ge=1, le=500)] = 50,
               offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> dict[str, Any]:
    """Quotes with speaker, stance, via chain, review status and the article they come from."""
    from rasd.filters import UnknownFilterValue

    try:
        items, total = store.quotes(speaker=_clean(speaker), stance=_clean(stance), source=_clean(source),
                                    review_status=_clean(review_status), limit=limit, offset=offset)
    except UnknownFilterValue as exc:
        raise invalid(("query", "review_status"), str(exc)) from None
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.get("/quotes", response_class=HTMLResponse, include_in_schema=False)
def quotes_page(request: Request, store: StoreDep, lang: LangDep, speaker: Text = None, stance: Stance = None,
                source: Text = None, page: Page = 1) -> Response:
    chosen = {"speaker": _clean(speaker), "stance": _clean(stance), "source": _clean(source)}
    items, total = store.quotes(**chosen, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    params = {k: v for k, v in chosen.items() if v}
    return render(request, "quotes.html", lang, items=items, pager=pages(total, page), chosen=chosen, params=params)
