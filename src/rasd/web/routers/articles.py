"""Articles: the list with search and filters, one article with its highlighted evidence, and writes."""

from __future__ import annotations

import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field

from rasd.models import Record
from rasd.web import highlight, i18n
from rasd.web.deps import (
    ERRORS,
    PAGE_SIZE,
    FiltersDep,
    LangDep,
    Message,
    Page,
    StoreDep,
    checked_filters,
    invalid,
    pages,
    render,
    require_read,
    require_write,
    state,
)

router = APIRouter(dependencies=[Depends(require_read)], responses={401: ERRORS[401]})
write_router = APIRouter()
Q = Annotated[str | None, Query(max_length=500, description="search over the canonical text (as `rasd search`)")]
MAX_TEXT = 1_000_000


class ItemList(BaseModel):
    """A page of results: `items` and the `total` number of matches."""

    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


class ArticleIn(BaseModel):
    """An article to analyse and store: its text and metadata, or only a URL to fetch."""

    # The schema says what the handler enforces: a text or a URL (a text of spaces only is
    # refused too, which a pattern could say, but patterns break schema-driven API testing).
    model_config = ConfigDict(extra="forbid", json_schema_extra={"anyOf": [
        {"required": ["text"], "properties": {"text": {"type": "string", "minLength": 1}}},
        {"required": ["url"], "properties": {"url": {"type": "string", "minLength": 1}}},
    ]})
    text: str | None = Field(None, max_length=MAX_TEXT)
    title: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=500)
    url: str | None = Field(None, max_length=2000)
    published: str | None = Field(None, max_length=40, description="YYYY-MM-DD")
    id: str | None = Field(None, max_length=200)


class Ingested(BaseModel):
    id: str
    status: str
    events: int
    quotes: int
    href: str


def find(store: Any, q: str | None, filters: dict[str, Any], limit: int, offset: int) -> tuple[list, int]:
    """Search when there is a query (the same search as the CLI), else the plain list."""
    q = (q or "").strip()
    if q:
        return store.search(q, **filters, limit=limit, offset=offset)
    return store.list_articles(**filters, limit=limit, offset=offset)


@router.get("/api/articles", response_model=ItemList, tags=["articles"])
def api_articles(store: StoreDep, filters: FiltersDep, q: Q = None,
                 limit: Annotated[int, Query(ge=1, le=200)] = PAGE_SIZE,
                 offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> dict[str, Any]:
    """Articles, newest first; with `q`, ranked search results with snippets."""
    items, total = find(store, q, filters.for_articles(), limit, offset)
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.get("/api/articles/{article_id:path}", tags=["articles"],
            responses={200: {"model": Record, "description": "the rasd.analysis/1 record (rasd.models.Record)"},
                       404: {"model": Message, "description": "no such article"}})
def api_article(article_id: str, store: StoreDep) -> dict[str, Any]:
    """The `rasd.analysis/1` record of one article, documented by the typed models of `rasd.models`
    (the JSON Schema they mirror); returned as stored, not re-validated on every request."""
    record = store.get_record(article_id)
    if record is None:
        raise HTTPException(404, "no such article")
    return record


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def articles_page(request: Request, store: StoreDep, lang: LangDep, filters: FiltersDep, q: Q = None,
                  page: Page = 1) -> Response:
    _, notice = checked_filters(store, filters)  # an unknown value is said, not answered by an empty list
    items, total = find(store, q, filters.for_articles(), PAGE_SIZE, (page - 1) * PAGE_SIZE) if notice is None \
        else ([], 0)
    params = {**filters.params(), **({"q": q.strip()} if q and q.strip() else {})}
    return render(request, "articles.html", lang, status_code=422 if notice else 200, items=items,
                  pager=pages(total, page), q=q or "", filters=filters, params=params, stats=_stats(request),
                  notice=notice)


@router.get("/articles/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)
def article_page(article_id: str, request: Request, store: StoreDep, lang: LangDep) -> Response:
    record = store.get_record(article_id)
    if record is None:
        return render(request, "not_found.html", lang, status_code=404)
    text = record.get("text") or ""
    describe = Describer(record, lang)
    nodes = highlight.tree(text, highlight.marks(record, describe))
    return render(request, "article.html", lang, record=record, doc=record.get("doc") or {}, nodes=nodes,
                  places={p.get("id"): p for p in record.get("places") or []})


def _stats(request: Request) -> dict[str, Any]:
    try:
        return state(request).stats()
    except Exception:  # the counts are decoration; the list must show even if they fail
        return {}


class Describer:
    """Hover texts (title attributes) for highlighted spans, in the page's language."""

    def __init__(self, record: dict[str, Any], lang: str) -> None:
        self.lang = lang
        self.L = i18n.labels(lang)

    def __call__(self, kind: str, item: dict[str, Any]) -> str:
        return getattr(self, f"_{kind}", lambda item: "")(item)

    def _entity(self, e: dict[str, Any]) -> str:
        name = i18n.entity_label_name(e.get("label"), self.lang)
        return f"{name}: {e.get('canonical') or e.get('text') or ''}"

    def _place(self, p: dict[str, Any]) -> str:
        name = (p.get("name_ar") if self.lang == "ar" else p.get("name")) or p.get("name") or p.get("text") or ""
        parts = [f"{self.L['places']}: {name}"]
        if p.get("admin1"):
            parts.append(f"{self.L['governorate']}: {p['admin1']}")
        if isinstance(p.get("lat"), int | float) and isinstance(p.get("lon"), int | float):
            parts.append(f"{p['lat']:.3f}, {p['lon']:.3f}")
        return " · ".join(parts)

    def _time(self, t: dict[str, Any]) -> str:
        return f"{self.L['date']}: {t.get('value') or self.L['unresolved']}"

    def _number(self, n: dict[str, Any]) -> str:
        value = n.get("value")
        approx = "≈ " if n.get("approx") else ""
        unit = f" {n['unit']}" if n.get("unit") else ""
        return f"{self.L['numbers']}: {approx}{value if value is not None else '?'}{unit}"

    def _quote(self, q: dict[str, Any]) -> str:
        speaker = (q.get("speaker") or {}).get("text") or self.L["unknown"]
        stance = i18n.stance_name(q.get("stance"), self.lang)
        parts = [f"{self.L['speaker']}: {speaker}", f"{self.L['stance']}: {stance}"]
        via = [v.get("text", "") for v in q.get("via") or [] if isinstance(v, dict)]
        if via:
            parts.append(f"{self.L['via']}: {' ← '.join(via)}")
        return " · ".join(parts)

    def _speaker(self, s: dict[str, Any]) -> str:
        return f"{self.L['speaker']}: {s.get('canonical') or s.get('text') or ''}"

    def _cue(self, c: dict[str, Any]) -> str:
        return f"{self.L['stance']}: {i18n.stance_name((c.get('quote') or {}).get('stance'), self.lang)}"

    def _evidence(self, ev: dict[str, Any]) -> str:
        v = ev.get("event") or {}
        kind = i18n.event_type_name(v.get("event_type"), self.lang)
        return f"{self.L['evidence']}: {kind} / {v.get('sub_event_type') or ''} ({v.get('id')})"

    def _restored(self, c: dict[str, Any]) -> str:
        return f"{self.L['restored']}: {c.get('original', '')} → {c.get('canonical', '')}"

    def _boilerplate(self, b: dict[str, Any]) -> str:
        return f"{self.L['boilerplate']}: {b.get('kind', '')}"


_analyze_lock = threading.Lock()


@write_router.post("/api/articles", status_code=201, response_model=Ingested, tags=["articles"],
                   dependencies=[Depends(require_write)],
                   responses={200: {"model": Ingested, "description": "already stored: updated or unchanged"},
                              **ERRORS})
def create_article(body: ArticleIn, request: Request, response: Response, store: StoreDep) -> dict[str, Any]:
    """Analyse and store one article (`text` with metadata, or a `url` to fetch). Needs the write token."""
    from rasd.article import Article
    from rasd.errors import RasdError
    from rasd.pipeline import shared

    try:
        if body.text is not None and body.text.strip():
            article = Article.build(body.text, title=body.title, source=body.source, url=body.url,
                                    published=body.published, id=body.id)
        elif body.url:
            article = _fetch(body, state(request).settings.fetch_timeout, store)
        else:
            raise invalid(("body",), "give the article's text, or a url to fetch")
        with _analyze_lock:  # one spaCy pipeline per process; analyses run one at a time
            record = shared().analyze(article)
    except RasdError as err:
        raise invalid(("body", "url" if body.text is None else "text"), err.message, err.code) from None
    status = store.ingest(article, record)
    if status != "ingested":
        response.status_code = 200
    return {"id": record["doc"]["id"], "status": status, "events": len(record.get("events") or []),
            "quotes": len(record.get("quotes") or []), "href": f"/articles/{record['doc']['id']}"}


def _fetch(body: ArticleIn, timeout: float, store: Any) -> Any:
    """Fetch a URL with the ingest module's guarded fetcher, as `rasd ingest URL` does (address and
    robots.txt checks, one deadline, size caps; the page's validators recorded in the store). The
    stored article is then read like any other, under the app's read policy."""
    import httpx

    from rasd.ingest.fetch import Fetcher, fetch_slot
    from rasd.ingest.pages import article_from_page

    url = body.url or ""
    if not url.startswith(("http://", "https://")):
        raise invalid(("body", "url"), "url must be http(s)")
    with fetch_slot(url), Fetcher(delay=0, timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
                                  deadline=timeout, validators=store) as fetcher:
        page = fetcher.get(url, conditional=False)
    article = article_from_page(page.content, page.url, source=body.source, published=body.published,
                                title=body.title)
    if body.id:
        article.id = body.id
    return article
