"""Review: log in, the queue of events to check, one event beside its evidence with the form that
confirms, corrects or rejects it, quotes confirmed or rejected, the history, place and actor
suggestions, and the admin page with rasd's agreement with its reviewers.

Every POST here is a form with a CSRF token (`rasd.web.auth`); edits need the reviewer role.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from rasd import taxonomy
from rasd.rows import REVIEW_STATUSES
from rasd.store import accounts, review
from rasd.web import auth, highlight, i18n
from rasd.web.deps import ERRORS, PAGE_SIZE, LangDep, Message, Page, StoreDep, pages, render, require_read
from rasd.web.i18n import N_

router = APIRouter(responses={401: ERRORS[401]})
read_router = APIRouter(dependencies=[Depends(require_read)], responses={401: ERRORS[401]})

# The labels of the review pages, in English; their Arabic is in the catalog.
LABELS: dict[str, str] = {
    "review": N_("Review"),
    "login": N_("Log in"),
    "logout": N_("Log out"),
    "user": N_("User"),
    "password": N_("Password"),
    "bad_login": N_("Wrong user name or password"),
    "queue": N_("Review queue"),
    "status": N_("Review status"),
    "order": N_("Order"),
    "by_confidence": N_("Least confident first"),
    "by_date": N_("Newest first"),
    "confirm": N_("Confirm"),
    "save": N_("Save edits"),
    "reject": N_("Reject"),
    "reason": N_("Reason for rejecting"),
    "comment": N_("Comment"),
    "next": N_("Next"),
    "history": N_("History"),
    "field": N_("Field"),
    "before": N_("Before"),
    "after": N_("After"),
    "when": N_("When"),
    "who": N_("Who"),
    "machine": N_("Machine value"),
    "flags": N_("The machine now disagrees"),
    "missing": N_("The machine no longer finds this event"),
    "place": N_("Place (from the gazetteer)"),
    "geo_precision": N_("Geo precision"),
    "time_precision": N_("Time precision"),
    "unknown_blank": N_("blank = not reported"),
    "conflict": N_("Another reviewer saved this event before you: nothing of yours was saved. "
                   "Here are your values; apply them again to the current version."),
    "reader_only": N_("Your account can read only"),
    "shortcuts": N_("Keys: c confirm · s save · r reject · n next"),
    "agreement": N_("Agreement of rasd with its reviewers"),
    "reviewed": N_("Reviewed"),
    "rejected": N_("Rejected"),
    "users": N_("Accounts"),
    "role": N_("Role"),
    "quotes_to_review": N_("Quotes"),
    "saved": N_("Saved"),
    "all": N_("All"),
    "unreviewed": N_("unreviewed"),
    "confirmed": N_("confirmed"),
    "edited": N_("edited"),
    "flagged": N_("Reviews the machine now disagrees with"),
    "incident": N_("Incident (reports of the same event)"),
    "merge": N_("Merge with"),
    "merge_button": N_("Merge"),
    "split": N_("Split out"),
    "reference": N_("or an event or incident id"),
}
FIELD_NAMES = {"event_type": "event_type", "sub_event_type": "sub_event_type", "event_date": "date",
               "time_precision": "time_precision", "location": "location", "actor1": "actor1", "actor2": "actor2",
               "fatalities": "fatalities", "injured": "injured", "reported_by": "reported_by"}


def labels(lang: str) -> dict[str, str]:
    return i18n.translated(LABELS, lang)


def show(request: Request, name: str, lang: str, status_code: int = 200, **context: Any) -> Response:
    """A review page: the shared render, the review labels and the CSRF token (and its cookie)."""
    response = render(request, name, lang, status_code=status_code, R=labels(lang), csrf=auth.csrf_token(request),
                      statuses=REVIEW_STATUSES, **context)
    return auth.set_cookies(request, response)


# --- login -------------------------------------------------------------------------------------

def _local(target: str | None) -> str:
    """Only a path on this site may be a redirect target."""
    target = target or "/"
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, lang: LangDep, next: Annotated[str | None, Query(max_length=2000)] = None
               ) -> Response:
    return show(request, "login.html", lang, next=_local(next), failed=False)


@router.post("/login", include_in_schema=False)
def login(request: Request, store: StoreDep, lang: LangDep, name: Annotated[str, Form(max_length=100)],
          password: Annotated[str, Form(max_length=1000)], csrf_token: Annotated[str | None, Form()] = None,
          next: Annotated[str | None, Form(max_length=2000)] = None) -> Response:
    auth.check_csrf(request, csrf_token)
    token = accounts.login(store, name, password)
    if token is None:
        return show(request, "login.html", lang, status_code=401, next=_local(next), failed=True)
    return auth.set_cookies(request, RedirectResponse(_local(next), status_code=303), session=token)


@router.post("/logout", include_in_schema=False)
def logout(request: Request, store: StoreDep, csrf_token: Annotated[str | None, Form()] = None) -> Response:
    auth.check_csrf(request, csrf_token)
    accounts.logout(store, request.cookies.get(auth.SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(auth.SESSION_COOKIE, path="/")
    return response


# --- the queue and one event -------------------------------------------------------------------

Status = Annotated[str | None, Query(max_length=60, description="review statuses, comma-separated, or all")]


def _status(value: str | None) -> str | None:
    from rasd.filters import UnknownFilterValue, review_statuses

    if value in (None, ""):
        return "unreviewed"
    try:
        return review_statuses(value)
    except UnknownFilterValue as exc:
        raise HTTPException(422, str(exc)) from None


@router.get("/review", response_class=HTMLResponse, include_in_schema=False)
def queue_page(request: Request, store: StoreDep, lang: LangDep, status: Status = None,
               order: Annotated[str, Query(pattern="^(confidence|date)$")] = "confidence", page: Page = 1
               ) -> Response:
    who = auth.require_role(request, "reviewer")
    chosen = _status(status)
    items, total = review.queue(store, status=chosen, order=order, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    params = {"status": status or "unreviewed", "order": order}
    return show(request, "review_queue.html", lang, items=items, pager=pages(total, page), params=params,
                who=who, status=status or "unreviewed", order=order)


@router.get("/review/event/{pk}", response_class=HTMLResponse, include_in_schema=False)
def event_page(pk: int, request: Request, store: StoreDep, lang: LangDep, status: Status = None,
               order: Annotated[str, Query(pattern="^(confidence|date)$")] = "confidence",
               saved: Annotated[str | None, Query(max_length=20)] = None) -> Response:
    who = auth.require_role(request, "reader")
    item = review.event_item(store, pk)
    if item is None:
        return show(request, "not_found.html", lang, status_code=404)
    return _event_view(request, store, lang, item, who=who, status=status, order=order, saved=saved)


def _event_view(request: Request, store: Any, lang: str, item: dict[str, Any], *, who: Any,
                status: str | None = None, order: str = "confidence", status_code: int = 200,
                saved: str | None = None, attempt: dict[str, Any] | None = None, error: str | None = None
                ) -> Response:
    record = store.get_record(item["article_id"]) or {}
    focus = {"events": [e for e in [*(record.get("events") or []), *(record.get("background_events") or [])]
                        if str(e.get("id")) == str(item["id"])],
             "places": record.get("places") or [], "quotes": []}
    nodes = highlight.tree(record.get("text") or "", highlight.marks(focus))
    quotes = record.get("quotes") or []
    qstatus = review.quote_statuses(store, [item["article_id"]])
    for q in quotes:
        q["_review"] = qstatus.get((item["article_id"], q.get("start"), q.get("end")),
                                   {"status": "unreviewed", "version": 0})
    nxt = _next(store, item["pk"], status, order)
    incident = _incident(store, item)
    return show(request, "review_event.html", lang, status_code=status_code, item=item, row=item["row"],
                incident=incident, candidates=review.candidates(store, item["pk"]) if incident else [],
                doc=record.get("doc") or {}, nodes=nodes, quotes=quotes, who=who, next_pk=nxt,
                history=review.history(store, item["article_id"], item["key"]),
                quote_history=review.history(store, item["article_id"], kind="quote"),
                sub_types=_sub_types(), actors=_actor_names(), saved=saved, attempt=attempt or {}, error=error,
                field_names=FIELD_NAMES, back=urlencode({"status": status or "unreviewed", "order": order}),
                can_edit=who.can("reviewer"))


def _next(store: Any, pk: int, status: str | None, order: str) -> int | None:
    items, _ = review.queue(store, status=_status(status), order=order, limit=2)
    return next((i["pk"] for i in items if i["pk"] != pk), None)


@cache
def _sub_types() -> list[tuple[str, str]]:
    return [(r["event_type"], r["sub_event_type"]) for r in taxonomy.rows()]


@cache
def _actor_names() -> list[str]:
    return sorted({a for a, _ in _actor_inter().items()})


@cache
def _actor_inter() -> dict[str, int | None]:
    """ACLED names of the actor lexicon (lexicon/actors.tsv) -> their inter code."""
    from rasd.lexicon import load_table

    return {r["name"]: (int(r["inter"]) if r.get("inter") else None) for r in load_table("actors") if r.get("name")}


def _int(value: str | None, name: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise review.ReviewError(f"{name} must be a whole number") from None


def updates_from_form(row: dict[str, Any], form: dict[str, str]) -> dict[str, Any]:
    """The reviewed fields a form changes (only those that differ from the event's values)."""
    from rasd.geo.suggest import by_ref, row_fields

    out: dict[str, Any] = {}
    for name in ("event_type", "sub_event_type", "event_date", "reported_by"):
        if name not in form:  # a field the form does not carry is not changed
            continue
        value = (form.get(name) or "").strip() or None
        if value != row.get(name):
            out[name] = value
    for name in ("time_precision", "injured"):
        if name not in form:
            continue
        value = _int(form.get(name), name)
        if value != row.get(name):
            out[name] = value
    fatalities = _int(form.get("fatalities"), "fatalities")
    if "fatalities" in form and fatalities != (row.get("fatalities") if row.get("fatalities_known") else None):
        out["fatalities"] = fatalities
    for n in ("actor1", "actor2"):
        if n not in form:
            continue
        value = (form.get(n) or "").strip() or None
        if value != row.get(n):
            out[n], out[f"inter{n[-1]}"] = value, _actor_inter().get(value or "")
    ref = (form.get("place_ref") or "").strip()
    geo = _int(form.get("geo_precision"), "geo_precision")
    if ref and ref != str(row.get("geonameid") or ""):
        place = by_ref(ref)
        if place is None:
            raise review.ReviewError(f"no place {ref!r} in the gazetteer: choose one from the list")
        out.update(row_fields(place, geo or 1))
    elif geo is not None and geo != row.get("geo_precision"):
        out["geo_precision"] = geo
    return out


@router.post("/review/event/{pk}", include_in_schema=False)
async def save_event(pk: int, request: Request, store: StoreDep, lang: LangDep) -> Response:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    auth.check_csrf(request, form.get("csrf_token"))
    who = auth.require_role(request, "reviewer")
    action = form.get("action") or ""
    status, order = form.get("status") or None, form.get("order") or "confidence"
    item = review.event_item(store, pk)
    if item is None:
        return _refused(request, lang, 409, "this event was re-analysed since the page was loaded: reload it")
    try:
        version = int(form.get("version") or "-1")
        updates = updates_from_form(item["row"], form) if action == "edit" else None
        comment = form.get("reason") if action == "reject" else form.get("comment")
        review.save_event(store, pk, user=who.name, action=action, version=version, updates=updates,
                          comment=comment)
    except review.ReviewConflict:
        fresh = review.event_item(store, pk) or item
        return _event_view(request, store, lang, fresh, who=who, status=status, order=order, status_code=409,
                           attempt={"action": action, **{k: v for k, v in form.items() if k != "csrf_token"}})
    except review.ReviewError as exc:
        return _event_view(request, store, lang, item, who=who, status=status, order=order, status_code=422,
                           error=str(exc))
    query = urlencode({"status": status or "unreviewed", "order": order, "saved": action})
    target = pk if form.get("then") == "stay" else (_next(store, pk, status, order) or pk)
    return RedirectResponse(f"/review/event/{target}?{query}", status_code=303)


@router.post("/review/quote", include_in_schema=False)
async def save_quote(request: Request, store: StoreDep, lang: LangDep) -> Response:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    auth.check_csrf(request, form.get("csrf_token"))
    who = auth.require_role(request, "reviewer")
    try:
        review.save_quote(store, form.get("article_id") or "", int(form.get("start") or -1),
                          int(form.get("end") or -1), user=who.name, action=form.get("action") or "",
                          version=int(form.get("version") or "-1"), comment=form.get("reason"))
    except review.ReviewConflict as exc:
        return _refused(request, lang, 409, str(exc))
    except (review.ReviewError, ValueError) as exc:
        return _refused(request, lang, 422, str(exc))
    back = _local(form.get("back"))
    return RedirectResponse(back + ("" if "#" in back else "#quotes"), status_code=303)


@router.get("/review/quotes", response_class=HTMLResponse, include_in_schema=False)
def quotes_page(request: Request, store: StoreDep, lang: LangDep, status: Status = None, page: Page = 1
                ) -> Response:
    """Quotes to confirm or reject, newest article first."""
    who = auth.require_role(request, "reviewer")
    chosen = _status(status)
    items, total = store.quotes(review_status=chosen, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    known = review.quote_statuses(store, sorted({i["article_id"] for i in items}))
    for q in items:
        q["_review"] = known.get((q["article_id"], q.get("start"), q.get("end")),
                                 {"status": "unreviewed", "version": 0})
    params = {"status": status or "unreviewed"}
    back = "/review/quotes?" + urlencode({**params, "page": page})
    return show(request, "review_quotes.html", lang, items=items, pager=pages(total, page), params=params, who=who,
                status=status or "unreviewed", back=back)


# --- incidents: merge and split (rasd.store.incidents, when this build has incident fusion) --------

def _incidents() -> Any:
    """`rasd.store.incidents` (incident fusion, #22) when this build has it, else None."""
    try:
        from rasd.store import incidents
    except ImportError:
        return None
    return incidents


def _incident(store: Any, item: dict[str, Any]) -> dict[str, Any] | None:
    """The incident an event (a report) belongs to, as `incidents.show` gives it, or None."""
    inc = _incidents()
    if inc is None or not item.get("id"):
        return None
    try:
        return inc.show(store, f"{item['article_id']}/{item['id']}")
    except ValueError:
        return None


def _incident_label(found: dict[str, Any] | None) -> str | None:
    return f"{found['id']} ({len(found['reports'])} reports)" if found else None


@router.post("/review/event/{pk}/incident", include_in_schema=False)
async def incident_action(pk: int, request: Request, store: StoreDep, lang: LangDep) -> Response:
    """Merge this event with another report of the same incident, or split it out of its incident;
    the decision is pinned by `rasd.store.incidents` and written to the event's history."""
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    auth.check_csrf(request, form.get("csrf_token"))
    who = auth.require_role(request, "reviewer")
    inc = _incidents()
    if inc is None:
        return _refused(request, lang, 404, "this build has no incident fusion")
    item = review.event_item(store, pk)
    if item is None:
        return _refused(request, lang, 409, "this event was re-analysed since the page was loaded: reload it")
    me = f"{item['article_id']}/{item['id']}"
    comment = (form.get("comment") or "").strip() or None
    before = _incident_label(_incident(store, item))
    action = form.get("action")
    try:
        if action == "merge":
            other = (form.get("other") or "").strip()
            if not other:
                raise review.ReviewError("choose the event to merge with")
            inc.merge(store, [me, other], by=who.name, note=comment)
        elif action == "split":
            inc.split(store, me, by=who.name, note=comment)
        else:
            raise review.ReviewError("action must be merge or split")
    except (review.ReviewError, ValueError) as exc:
        return _refused(request, lang, 422, str(exc))
    review.log_change(store, item["article_id"], item["key"], user=who.name, field="incident", before=before,
                      after=_incident_label(_incident(store, item)), comment=comment)
    query = urlencode({"status": form.get("status") or "unreviewed", "order": form.get("order") or "confidence",
                       "saved": action})
    return RedirectResponse(f"/review/event/{pk}?{query}", status_code=303)


def _refused(request: Request, lang: str, code: int, message: str) -> Response:
    return show(request, "review_message.html", lang, status_code=code, message=message)


# --- JSON: suggestions and history -------------------------------------------------------------

@read_router.get("/api/places", tags=["review"])
def places(q: Annotated[str, Query(min_length=1, max_length=100)],
           limit: Annotated[int, Query(ge=1, le=50)] = 10) -> list[dict[str, Any]]:
    """Gazetteer places whose Arabic or English name begins with `q` (for the review form)."""
    from rasd.geo.suggest import suggest

    return suggest(q, limit=limit)


@read_router.get("/api/actors", tags=["review"])
def actors(q: Annotated[str, Query(max_length=100)] = "",
           limit: Annotated[int, Query(ge=1, le=100)] = 20) -> list[dict[str, Any]]:
    """Actor names of the lexicon containing `q`, with their ACLED inter code."""
    needle = q.strip().lower()
    hits = [n for n in _actor_names() if needle in n.lower()]
    return [{"name": n, "inter": _actor_inter()[n]} for n in hits[:limit]]


@read_router.get("/api/reviews/history/{article_id:path}", tags=["review"],
                 responses={404: {"model": Message, "description": "no such article"}})
def history(article_id: str, store: StoreDep) -> list[dict[str, Any]]:
    """Every review change of an article's events and quotes: who, when, field, before, after, comment."""
    if store.get_article(article_id) is None:
        raise HTTPException(404, "no such article")
    return review.history(store, article_id)


# --- admin -------------------------------------------------------------------------------------

@router.get("/admin/reviews", response_class=HTMLResponse, include_in_schema=False)
def admin_page(request: Request, store: StoreDep, lang: LangDep) -> Response:
    from rasd import evaluate_reviews

    who = auth.require_role(request, "admin")
    report = evaluate_reviews.evaluate(store)
    return show(request, "review_admin.html", lang, who=who, report=report, fields=evaluate_reviews.FIELDS,
                counts=review.counts(store), users=accounts.list_users(store), flagged=review.flagged(store))
