"""Reviews: people confirm, correct or reject what rasd extracted, and nothing they do is lost.

How an event is found again. Re-analysis (`rasd reanalyze`, a re-ingest) rebuilds an article's
event rows, and their ids (v1, v2, …) may change. A review is therefore keyed by the article id and
the event's *review key*: its evidence spans as character offsets into the article text, which
an analysis of the same text reproduces, and the machine's event type
(`"412-417;430-436#Battles"`; `"id:v3#…"` when an event has no evidence). On re-analysis each
review is matched to the new machine events: the same key; else the same first evidence span
(the trigger), whatever the type; else overlapping evidence with the same machine type. A review
that matches nothing is kept and flagged `missing`; its event stays in the outputs with the
values the reviewer left (a rejected one stays out).

What is stored. `event_reviews` holds the reviewer's values of every reviewed field (`reviewed`),
the machine's values the reviewer saw at the first review (`machine`, what `rasd evaluate reviews`
scores), the machine's values now (`current`) and `flags` where the machine now disagrees with what
the reviewer judged. `review_changes` is the history: who, when, field, before, after, comment.
The `events` table holds the reviewed values (what exports and the API give by default), the
machine's row in `events.machine` when it differs, and `review_status`; a save re-fuses the
event's incidents (`rasd.store.incidents`) from the reviewed values, and a rejected report takes
no part in any incident.

Two reviewers cannot overwrite each other: every save names the review version it was made
from; a stale version (or a race between two first reviews) is refused with `ReviewConflict`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, DateTime, Integer, String, Text, UniqueConstraint, func, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.orm.exc import StaleDataError

from rasd import taxonomy
from rasd.rows import REVIEW_STATUSES, EventRow, as_dict, event_row_from, notes
from rasd.store import incidents
from rasd.store.models import ArticleRow, Base, Event, Quote, Source

if TYPE_CHECKING:
    from rasd.store.db import Store

# The fields a reviewer sets, grouped as the form and the history show them.
FIELD_GROUPS: dict[str, tuple[str, ...]] = {
    "event_type": ("event_type",),
    "sub_event_type": ("sub_event_type",),
    "event_date": ("event_date",),
    "time_precision": ("time_precision",),
    "location": ("location", "location_ar", "geonameid", "latitude", "longitude", "geo_precision", "country",
                 "country_code", "iso", "region", "admin1", "admin2", "admin3", "admin1_pcode", "admin2_pcode",
                 "admin3_pcode", "location_pcode"),
    "actor1": ("actor1", "inter1"),
    "actor2": ("actor2", "inter2"),
    "fatalities": ("fatalities", "fatalities_known"),
    "injured": ("injured",),
    "reported_by": ("reported_by",),
}
REVIEWED_FIELDS = tuple(f for group in FIELD_GROUPS.values() for f in group)
ACTIONS = ("confirm", "edit", "reject")
ABSENT = "_absent"  # events.machine of a reviewed event the machine no longer finds


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class EventReview(Base):
    """The review of one event (see the module docstring for the key and the columns)."""

    __tablename__ = "event_reviews"
    __table_args__ = (UniqueConstraint("article_id", "key", name="uq_event_reviews_article_key"),)
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(String(300), index=True)
    key: Mapped[str] = mapped_column(String(300))
    event_id: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10), index=True)
    reviewed: Mapped[dict[str, Any]] = mapped_column(JSON)
    machine: Mapped[dict[str, Any]] = mapped_column(JSON)
    current: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    row: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    flags: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    reason: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(300))
    version: Mapped[int] = mapped_column(Integer)
    reviewer: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    # UPDATE ... WHERE version = the one read; only a reviewer's save counts a version (not re-analysis)
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}  # noqa: RUF012


class QuoteReview(Base):
    """A quote confirmed or rejected, keyed by its article and its span in the text."""

    __tablename__ = "quote_reviews"
    __table_args__ = (UniqueConstraint("article_id", "start", "end", name="uq_quote_reviews_article_span"),)
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(String(300), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    reviewer: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}  # noqa: RUF012


class ReviewChange(Base):
    """One line of history: who changed which field of which event or quote, from what to what."""

    __tablename__ = "review_changes"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # event | quote
    article_id: Mapped[str] = mapped_column(String(300), index=True)
    key: Mapped[str] = mapped_column(String(300))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, index=True)
    user: Mapped[str] = mapped_column(String(100))
    field: Mapped[str] = mapped_column(String(50))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    comment: Mapped[str | None] = mapped_column(Text)


class ReviewConflict(Exception):
    """Someone else saved this event (or quote) since the form was loaded: nothing was written."""


class ReviewError(ValueError):
    """A review that cannot be saved as given (a bad value, a rejection without a reason)."""


# --- keys, values, descriptions ----------------------------------------------------------------

def review_key(row: Mapping[str, Any]) -> str:
    """The review key of a machine row: evidence spans and machine event type (module docstring)."""
    where = row.get("evidence") or f"id:{row.get('event_id')}"
    return f"{where}#{row.get('event_type') or ''}"[:300]


def _spans(key: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in re.findall(r"(\d+)-(\d+)", key.split("#", 1)[0])]


def subset(row: Mapping[str, Any]) -> dict[str, Any]:
    """The reviewed fields of a row."""
    return {f: row.get(f) for f in REVIEWED_FIELDS}


def describe(group: str, row: Mapping[str, Any]) -> str:
    """One field group of a row as the history writes it ('' for nothing)."""
    if group == "location":
        name = row.get("location") or ""
        where = " · ".join(str(x) for x in (row.get("admin1"), row.get("country")) if x)
        gid = f" [{row['geonameid']}]" if row.get("geonameid") else ""
        return f"{name}{' (' + where + ')' if where else ''}{gid}".strip()
    if group == "fatalities":
        return str(row.get("fatalities")) if row.get("fatalities_known") else ""
    value = row.get(FIELD_GROUPS[group][0])
    return "" if value is None else str(value)


def apply(machine: EventRow, reviewed: Mapping[str, Any]) -> EventRow:
    """The machine's row with the reviewer's values, and the columns derived from them redone."""
    r = dataclasses.replace(machine)
    for name, value in reviewed.items():
        if name in REVIEWED_FIELDS:
            setattr(r, name, value)
    r.year = int(r.event_date[:4]) if r.event_date else None
    r.disorder_type = taxonomy.disorder_type(r.event_type, r.sub_event_type) or None
    codes = sorted(c for c in (r.inter1, r.inter2) if c)
    r.interaction = codes[0] * 10 + (codes[1] if len(codes) > 1 else 0) if codes else None
    r.civilian_targeting = "Civilian targeting" if r.inter2 == 7 else None
    if not r.fatalities_known:
        r.fatalities = 0
    r.notes = notes(r)
    return r


def _same(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    return {k: v for k, v in a.items() if k != "review_status"} == {k: v for k, v in b.items() if k != "review_status"}


def _flags(judged: Mapping[str, Any], now: Mapping[str, Any]) -> dict[str, Any]:
    """Field groups where the machine now says something else than what the reviewer judged."""
    return {g: {"judged": describe(g, judged), "machine_now": describe(g, now)}
            for g in FIELD_GROUPS if describe(g, judged) != describe(g, now)}


# --- re-analysis: keep what reviewers did ----------------------------------------------------

def overlay(s: Session, article_pk: int, rows: list[EventRow]) -> list[tuple[EventRow, str, dict[str, Any] | None]]:
    """(row to store, review key, machine row when it differs) for a fresh analysis of an article:
    reviewed events keep the reviewer's values and status, reviews whose event the machine no longer
    finds keep theirs (flagged), and every review records where the machine now disagrees."""
    keys = [review_key(as_dict(r)) for r in rows]
    aid = s.scalar(select(ArticleRow.id).where(ArticleRow.pk == article_pk))
    reviews = list(s.scalars(select(EventReview).where(EventReview.article_id == aid))) if aid else []
    for r in rows:
        r.review_status = "unreviewed"
    if not reviews:
        return [(r, k, None) for r, k in zip(rows, keys, strict=True)]
    found = _match(reviews, rows, keys)
    taken = {rv.key for rv in reviews}
    out: list[tuple[EventRow, str, dict[str, Any] | None]] = []
    for i, (r, k) in enumerate(zip(rows, keys, strict=True)):
        rv = found.get(i)
        if rv is None:
            out.append((r, k, None))
            continue
        machine = as_dict(r)
        if rv.key != k and k not in taken:
            _rekey(s, rv, k)
        rv.event_id, rv.current, rv.flags = r.event_id, subset(machine), _flags(rv.machine, machine) or None
        eff = _effective(r, rv)
        rv.row = as_dict(eff)
        out.append((eff, rv.key, None if _same(rv.row, machine) else machine))
    matched = {id(rv) for rv in found.values()}
    for rv in reviews:
        if id(rv) in matched:
            continue
        rv.flags = {"missing": {"judged": rv.event_id or "", "machine_now": ""}}
        if rv.status != "rejected" and rv.row:
            eff = event_row_from(rv.row)
            eff.review_status = rv.status
            out.append((eff, rv.key, {ABSENT: True}))
    return out


def _effective(machine: EventRow, rv: EventReview) -> EventRow:
    eff = dataclasses.replace(machine) if rv.status == "rejected" else apply(machine, rv.reviewed)
    eff.review_status = rv.status
    return eff


def _rekey(s: Session, rv: EventReview, key: str) -> None:
    """The event's evidence moved: the review (and its history) follow it."""
    s.execute(update(ReviewChange).where(ReviewChange.article_id == rv.article_id, ReviewChange.key == rv.key)
              .values(key=key))
    rv.key = key


def _match(reviews: list[EventReview], rows: list[EventRow], keys: list[str]) -> dict[int, EventReview]:
    """Row index -> its review: same key, else same first evidence span, else overlapping evidence
    with the same machine type; one review per row."""
    spans = [_spans(k) for k in keys]
    rules = [
        lambda rv, i: keys[i] == rv.key,
        lambda rv, i: bool(_spans(rv.key)) and bool(spans[i]) and _spans(rv.key)[0] == spans[i][0],
        lambda rv, i: rows[i].event_type == (rv.machine or {}).get("event_type") and any(
            a < d and c < b for a, b in _spans(rv.key) for c, d in spans[i]),
    ]
    out: dict[int, EventReview] = {}
    left = list(reviews)
    for rule in rules:
        for rv in list(left):
            i = next((i for i in range(len(rows)) if i not in out and rule(rv, i)), None)
            if i is not None:
                out[i] = rv
                left.remove(rv)
    return out


# --- saving a review ---------------------------------------------------------------------------

def save_event(store: Store, event_pk: int, *, user: str, action: str, version: int,
               updates: Mapping[str, Any] | None = None, comment: str | None = None) -> dict[str, Any]:
    """Confirm, edit or reject one event as `user`, from review `version` (0: never reviewed).

    Raises `ReviewConflict` when the version is stale (nothing is written) and `ReviewError` for a
    bad value. Returns {"status", "version", "changes"}."""
    if action not in ACTIONS:
        raise ReviewError(f"action must be one of {', '.join(ACTIONS)}")
    comment = (comment or "").strip() or None
    if action == "reject" and not comment:
        raise ReviewError("a rejection needs a reason")
    if action == "edit":
        updates = validate(updates or {})
    try:
        with store.session() as s:
            return _save_event(store, s, event_pk, user, action, version, updates or {}, comment)
    except (StaleDataError, IntegrityError):
        raise ReviewConflict("another reviewer saved this event first") from None
    except OperationalError as exc:  # SQLite: a write from a snapshot another writer made stale
        if "locked" in str(exc).lower():
            raise ReviewConflict("another reviewer is saving this event") from None
        raise


def _save_event(store: Store, s: Session, event_pk: int, user: str, action: str, version: int,
                 updates: Mapping[str, Any], comment: str | None) -> dict[str, Any]:
    ev = s.get(Event, event_pk)
    if ev is None:
        raise ReviewConflict("this event was re-analysed since the page was loaded: reload it")
    aid, source = s.execute(select(ArticleRow.id, Source.name).outerjoin(Source, Source.pk == ArticleRow.source_pk)
                            .where(ArticleRow.pk == ev.article_pk)).one()
    absent = bool(ev.machine and ev.machine.get(ABSENT))
    machine_d = ev.row if absent or not ev.machine else ev.machine
    key = ev.review_key or review_key(machine_d or {})
    rv = s.scalar(select(EventReview).where(EventReview.article_id == aid, EventReview.key == key))
    if version != (rv.version if rv else 0):
        raise ReviewConflict("another reviewer saved this event since the form was loaded")
    before = dict(ev.row or {})
    before_status = ev.review_status or "unreviewed"
    fused = incidents.blocks_of_article(s, ev.article_pk)  # re-fused below with the reviewed values
    if rv is None:
        rv = EventReview(article_id=aid, key=key, event_id=ev.vid, status="unreviewed", reviewed={},
                         machine=subset(machine_d or {}), source=source)
        s.add(rv)
    reviewed = subset(before)
    reviewed.update(updates)
    parent = _parent(reviewed.get("sub_event_type"))
    if parent and reviewed.get("event_type") and parent != reviewed["event_type"]:
        raise ReviewError(f"{reviewed['sub_event_type']} is not a sub-event type of {reviewed['event_type']}")
    machine_row = event_row_from(machine_d or {})
    after = apply(machine_row, reviewed)
    if action == "reject":
        status = "rejected"
    else:
        status = "confirmed" if subset(as_dict(after)) == subset(machine_d or {}) else "edited"
    eff = dataclasses.replace(machine_row) if status == "rejected" else after
    eff.review_status = status
    changes = [(g, describe(g, before), describe(g, as_dict(after))) for g in FIELD_GROUPS
               if status != "rejected" and describe(g, before) != describe(g, as_dict(after))]
    changes.append(("review_status", before_status, status))
    now = _now()
    for field, b, a in changes:
        s.add(ReviewChange(kind="event", article_id=aid, key=key, at=now, user=user, field=field,
                           before=b or None, after=a or None, comment=comment))
    rv.version = (rv.version or 0) + 1
    rv.status, rv.reviewed, rv.reason = status, reviewed, comment if status == "rejected" else None
    rv.reviewer, rv.updated_at, rv.event_id = user, now, ev.vid
    rv.row, rv.current = as_dict(eff), subset(machine_d or {})
    fresh = store.event_model(ev.article_pk, eff, ev.data or {})
    for column in Event.__table__.columns:
        if column.name not in {"pk", "article_pk", "merged_pk", "stored_at", "data"}:
            setattr(ev, column.key, getattr(fresh, column.key))
    ev.review_status, ev.review_key = status, key
    ev.machine = {ABSENT: True} if absent else (None if _same(as_dict(eff), machine_d or {}) else machine_d)
    incidents.on_article_written(s, ev.article_pk, fused)
    return {"status": status, "version": rv.version, "changes": len(changes)}


def validate(updates: Mapping[str, Any]) -> dict[str, Any]:
    """The reviewed fields of an edit, checked: known fields, an ACLED type and sub-type that go
    together, a real date, precisions 1-3, counts >= 0."""
    out = {k: v for k, v in updates.items() if k in REVIEWED_FIELDS}
    if unknown := set(updates) - set(REVIEWED_FIELDS):
        raise ReviewError(f"not a reviewed field: {', '.join(sorted(unknown))}")
    if "event_type" in out:
        out["event_type"] = taxonomy.event_type_of(out["event_type"]) or _bad("event_type", out["event_type"])
    if out.get("sub_event_type"):
        out["sub_event_type"] = (taxonomy.sub_event_type_of(out["sub_event_type"])
                                 or _bad("sub_event_type", out["sub_event_type"]))
        parent = _parent(out["sub_event_type"])
        if out.get("event_type") and parent != out["event_type"]:
            raise ReviewError(f"{out['sub_event_type']} is not a sub-event type of {out['event_type']}")
    if "event_date" in out:
        try:
            out["event_date"] = dt.date.fromisoformat(str(out["event_date"])).isoformat()
        except ValueError:
            _bad("event_date", out["event_date"])
    for name in ("time_precision", "geo_precision"):
        if out.get(name) is not None and out[name] not in (1, 2, 3):
            _bad(name, out[name])
    for name in ("fatalities", "injured"):
        if out.get(name) is not None and (not isinstance(out[name], int) or out[name] < 0):
            _bad(name, out[name])
    if "fatalities" in out:
        out["fatalities_known"] = out["fatalities"] is not None
        out["fatalities"] = out["fatalities"] or 0
    return out


def _parent(sub_event_type: str | None) -> str | None:
    """The ACLED event type a sub-event type belongs to."""
    return next((r["event_type"] for r in taxonomy.rows() if r["sub_event_type"] == sub_event_type), None)


def _bad(name: str, value: Any) -> Any:
    raise ReviewError(f"bad {name}: {value!r}")


# --- quotes ------------------------------------------------------------------------------------

def save_quote(store: Store, article_id: str, start: int, end: int, *, user: str, action: str, version: int,
               comment: str | None = None) -> dict[str, Any]:
    """Confirm or reject one quote (by its span), from review `version` (0: never reviewed)."""
    if action not in ("confirm", "reject"):
        raise ReviewError("a quote is confirmed or rejected")
    comment = (comment or "").strip() or None
    if action == "reject" and not comment:
        raise ReviewError("a rejection needs a reason")
    status = "confirmed" if action == "confirm" else "rejected"
    try:
        with store.session() as s:
            exists = s.scalar(select(func.count()).select_from(Quote)
                              .join(ArticleRow, ArticleRow.pk == Quote.article_pk)
                              .where(ArticleRow.id == article_id, Quote.start == start, Quote.end == end))
            if not exists:
                raise ReviewConflict("this quote was re-analysed since the page was loaded: reload it")
            rv = s.scalar(select(QuoteReview).where(QuoteReview.article_id == article_id, QuoteReview.start == start,
                                                    QuoteReview.end == end))
            if version != (rv.version if rv else 0):
                raise ReviewConflict("another reviewer saved this quote since the page was loaded")
            before = rv.status if rv else "unreviewed"
            if rv is None:
                rv = QuoteReview(article_id=article_id, start=start, end=end)
                s.add(rv)
            now = _now()
            rv.version = (rv.version or 0) + 1
            rv.status, rv.reviewer, rv.updated_at = status, user, now
            rv.reason = comment if status == "rejected" else None
            s.add(ReviewChange(kind="quote", article_id=article_id, key=f"{start}-{end}", at=now, user=user,
                               field="review_status", before=before, after=status, comment=comment))
            s.flush()
            return {"status": status, "version": rv.version}
    except (StaleDataError, IntegrityError):
        raise ReviewConflict("another reviewer saved this quote first") from None


def quote_statuses(store: Store, article_ids: list[str]) -> dict[tuple[str, int, int], dict[str, Any]]:
    """(article id, start, end) -> {"status", "version", "reason"} of the reviewed quotes."""
    if not article_ids:
        return {}
    with store.session() as s:
        return {(q.article_id, q.start, q.end): {"status": q.status, "version": q.version, "reason": q.reason}
                for q in s.scalars(select(QuoteReview).where(QuoteReview.article_id.in_(article_ids)))}


# --- reading -----------------------------------------------------------------------------------

ORDERS = ("confidence", "date")


def queue(store: Store, *, status: str | None = "unreviewed", order: str = "confidence", limit: int = 20,
          offset: int = 0, article_id: str | None = None) -> tuple[list[dict[str, Any]], int]:
    """Events to review: least confident first (or newest first), with what the form needs."""
    conds: list[Any] = []
    if status:
        conds.append(Event.review_status.in_(status.split(",")))
    if article_id:
        conds.append(ArticleRow.id == article_id)
    stmt = (select(Event, ArticleRow.id, ArticleRow.title)
            .join(ArticleRow, ArticleRow.pk == Event.article_pk).where(*conds))
    if order == "date":
        stmt = stmt.order_by(Event.date.desc().nulls_last(), Event.pk)
    else:
        stmt = stmt.order_by(Event.confidence.asc().nulls_first(), Event.pk)
    with store.session() as s:
        total = s.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        rows = s.execute(stmt.limit(limit).offset(offset)).all()
        items = [_queue_item(s, ev, aid, title) for ev, aid, title in rows]
    return items, total


def event_item(store: Store, event_pk: int) -> dict[str, Any] | None:
    """One event as the review page shows it (None when it no longer exists)."""
    with store.session() as s:
        hit = s.execute(select(Event, ArticleRow.id, ArticleRow.title)
                        .join(ArticleRow, ArticleRow.pk == Event.article_pk).where(Event.pk == event_pk)).first()
        return _queue_item(s, *hit) if hit else None


def _queue_item(s: Session, ev: Event, aid: str, title: str | None) -> dict[str, Any]:
    key = ev.review_key or review_key(ev.machine or ev.row or {})
    rv = s.scalar(select(EventReview).where(EventReview.article_id == aid, EventReview.key == key))
    machine = ev.machine if ev.machine and not ev.machine.get(ABSENT) else None
    return {"pk": ev.pk, "article_id": aid, "title": title, "id": ev.vid, "row": dict(ev.row or {}),
            "machine": machine, "status": ev.review_status, "version": rv.version if rv else 0, "key": key,
            "flags": (rv.flags if rv else None) or {}, "reason": rv.reason if rv else None,
            "reviewer": rv.reviewer if rv else None, "spans": [x for x in (ev.data or {}).get("evidence") or []
                                                              if isinstance(x, dict)]}


def candidates(store: Store, event_pk: int, *, days: int = 3, limit: int = 40) -> list[dict[str, Any]]:
    """Events of other articles that may be the same incident (same country, within `days` days):
    what the merge form offers. Each: {"ref" ("<article id>/<event id>"), "label"}."""
    with store.session() as s:
        ev = s.get(Event, event_pk)
        if ev is None or not ev.date:
            return []
        day = dt.date.fromisoformat(ev.date)
        lo, hi = (day - dt.timedelta(days=days)).isoformat(), (day + dt.timedelta(days=days)).isoformat()
        rows = s.execute(select(Event.vid, Event.row, ArticleRow.id, Source.name)
                         .join(ArticleRow, ArticleRow.pk == Event.article_pk)
                         .outerjoin(Source, Source.pk == ArticleRow.source_pk)
                         .where(Event.date >= lo, Event.date <= hi, Event.article_pk != ev.article_pk,
                                Event.review_status != "rejected",
                                func.coalesce(Event.country_code, "") == (ev.country_code or ""))
                         .order_by(Event.date, Event.pk).limit(limit)).all()
    return [{"ref": f"{aid}/{vid}", "label": " · ".join(str(x) for x in (
        (row or {}).get("event_date"), (row or {}).get("sub_event_type"), (row or {}).get("location"), src) if x)}
        for vid, row, aid, src in rows]


def log_change(store: Store, article_id: str, key: str, *, user: str, field: str, before: str | None,
               after: str | None, comment: str | None = None) -> None:
    """One history line for a change made elsewhere (an incident merge or split)."""
    with store.session() as s:
        s.add(ReviewChange(kind="event", article_id=article_id, key=key, at=_now(), user=user, field=field,
                           before=before, after=after, comment=(comment or "").strip() or None))


def history(store: Store, article_id: str, key: str | None = None, *, kind: str | None = None,
            limit: int = 500) -> list[dict[str, Any]]:
    """The changes of one article (or one event/quote of it), newest first."""
    conds = [ReviewChange.article_id == article_id]
    if key is not None:
        conds.append(ReviewChange.key == key)
    if kind:
        conds.append(ReviewChange.kind == kind)
    with store.session() as s:
        return [{"kind": c.kind, "key": c.key, "at": c.at.isoformat(timespec="seconds"), "user": c.user,
                 "field": c.field, "before": c.before, "after": c.after, "comment": c.comment}
                for c in s.scalars(select(ReviewChange).where(*conds)
                                   .order_by(ReviewChange.at.desc(), ReviewChange.pk.desc()).limit(limit))]


def reviews(store: Store) -> Iterator[dict[str, Any]]:
    """Every event review (for `rasd evaluate reviews`), oldest first."""
    with store.session() as s:
        rows = s.scalars(select(EventReview).order_by(EventReview.pk)).all()
        for rv in rows:
            yield {"article_id": rv.article_id, "key": rv.key, "event_id": rv.event_id, "status": rv.status,
                   "reviewed": rv.reviewed, "machine": rv.machine, "row": rv.row, "source": rv.source,
                   "reason": rv.reason, "reviewer": rv.reviewer, "flags": rv.flags}


def counts(store: Store) -> dict[str, int]:
    """Events by review status."""
    with store.session() as s:
        found = dict(s.execute(select(Event.review_status, func.count()).group_by(Event.review_status)).all())
    return {st: int(found.get(st, 0)) for st in REVIEW_STATUSES}


def flagged(store: Store, *, limit: int = 200) -> list[dict[str, Any]]:
    """Reviews where the machine, since re-analysis, disagrees with what the reviewer judged (or
    no longer finds the event): {"pk" (the event, when stored), "article_id", "status", "flags"}."""
    with store.session() as s:
        rows = s.execute(select(EventReview, Event.pk)
                         .outerjoin(ArticleRow, ArticleRow.id == EventReview.article_id)
                         .outerjoin(Event, (Event.article_pk == ArticleRow.pk) & (Event.review_key == EventReview.key))
                         .where(EventReview.flags.is_not(None)).order_by(EventReview.updated_at.desc())
                         .limit(limit)).all()
        return [{"pk": pk, "article_id": rv.article_id, "status": rv.status, "flags": rv.flags} for rv, pk in rows]


def annotate_records(store: Store, records: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Records for the JSON Lines export, each with a `review` list when reviewers touched its
    events: {"event_id", "review_status", "values" (the reviewed fields), "reason"} per event."""
    with store.session() as s:
        if not s.scalar(select(func.count()).select_from(EventReview)):
            yield from records  # nothing reviewed: no query per record
            return
    for rec in records:
        aid = str((rec.get("doc") or {}).get("id"))
        with store.session() as s:
            found = s.scalars(select(EventReview).where(EventReview.article_id == aid)).all()
            items = [{"event_id": rv.event_id, "review_status": rv.status, "values": rv.reviewed or rv.machine,
                      "reason": rv.reason} for rv in found]
        yield {**rec, "review": items} if items else rec
