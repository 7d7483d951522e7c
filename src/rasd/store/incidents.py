"""Incidents: the events several reports describe, fused into one row each (issue #22).

Every stored event is one REPORT of an incident; `rasd.store.fusion` decides which reports are one
incident. Fusion is incremental and blocked: reports are compared only within their block (same
country and ISO week, `fusion.block_key`: a report dated only to "last week" may join an incident
of another day of that week), and storing an article re-fuses just the blocks its old and new
events fall in (`refuse`; a stored incident's `block` column names the country and day of its
first report, whose week is its fusion block), from the reports in canonical order -- so the incidents never depend
on the order articles arrived in, and a new article costs a few indexed queries whatever the size
of the store.

Reviewers correct fusion with `merge` and `split` (also `rasd incidents merge|split|show` and
`POST /api/incidents/merge|split`). A correction pins reports by their stable key
"<article id>/<event id>" (table `incident_pins`, every call logged in `incident_overrides`):
pinned reports stay together whatever the rules say, two pins never fuse, and pins outlive
re-fusion and re-analysis (an event keeps its id when the article is analysed again).

    merge(store, ["SYR-I-snn-1a2b-v1", "snn-9f8e/v3"], by="reviewer")  -> the merged incident (show)
    split(store, "snn-9f8e/v3", by="reviewer")                        -> the report's own incident

A reference is an incident id (its `event_id_cnty`, "SYR-I-…"), a report's `event_id_cnty`
("SYR-snn-…-v3") or a report key ("snn-…/v3"); `UnknownReference` (a ValueError) names the one
that matches nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    and_,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from rasd.filters import EventFilter, actor_keys
from rasd.rows import EventRow, as_dict, combined_review_status, event_row_from
from rasd.store import fusion
from rasd.store.models import ArticleRow, Base, Event, Source

if TYPE_CHECKING:
    from rasd.store.db import Store

NO_BLOCK = "-"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Incident(Base):
    """One incident: the fused row (`rasd.rows.EventRow` as JSON) and the columns filters use."""

    __tablename__ = "incidents"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    eid: Mapped[str] = mapped_column(String(400), unique=True)  # event_id_cnty of the incident
    block: Mapped[str] = mapped_column(String(400), index=True)  # "<country>|<day>" of its first report
    event_type: Mapped[str | None] = mapped_column(String(100), index=True)
    sub_event_type: Mapped[str | None] = mapped_column(String(100), index=True)
    date: Mapped[str | None] = mapped_column(String(10), index=True)
    country_code: Mapped[str | None] = mapped_column(String(10), index=True)
    admin1: Mapped[str | None] = mapped_column(String(200), index=True)
    background: Mapped[bool] = mapped_column(Boolean, default=False)
    actor_keys: Mapped[str | None] = mapped_column(Text)
    # the reconciled row's values that counts, the map and the dashboard group on (rasd.store.counts)
    actor1: Mapped[str | None] = mapped_column(Text)
    actor2: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(String(300))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    n_reports: Mapped[int] = mapped_column(Integer, default=1)
    fatalities_disputed: Mapped[bool] = mapped_column(Boolean, default=False)
    review_status: Mapped[str] = mapped_column(String(10), default="unreviewed", index=True)  # migration 0005
    row: Mapped[dict[str, Any]] = mapped_column(JSON)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)  # figures per report, evidence spans


class IncidentReport(Base):
    """Link: which stored event (and article, outlet) reports an incident."""

    __tablename__ = "incident_reports"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_pk: Mapped[int] = mapped_column(ForeignKey("incidents.pk", ondelete="CASCADE"), index=True)
    event_pk: Mapped[int] = mapped_column(ForeignKey("events.pk", ondelete="CASCADE"), unique=True)
    article_pk: Mapped[int] = mapped_column(ForeignKey("articles.pk", ondelete="CASCADE"), index=True)
    source: Mapped[str | None] = mapped_column(String(300), index=True)
    report: Mapped[str] = mapped_column(String(400), index=True)  # "<article id>/<event id>"


class IncidentPin(Base):
    """A reviewer's decision: reports with one label are one incident (see the module)."""

    __tablename__ = "incident_pins"
    report: Mapped[str] = mapped_column(String(400), primary_key=True)
    label: Mapped[str] = mapped_column(String(40), index=True)
    by: Mapped[str | None] = mapped_column(String(200))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class IncidentOverride(Base):
    """The log of merge and split calls (who, when, which reports)."""

    __tablename__ = "incident_overrides"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    reports: Mapped[list[str]] = mapped_column(JSON)
    by: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class UnknownReference(ValueError):
    """A merge/split/show reference that names no incident and no report."""


# --- reading reports -----------------------------------------------------------------------------

def block_of(row: EventRow, key: str) -> str:
    return _block(row.country_code, row.event_date, key)


def _block(country: str | None, day: str | None, key: str) -> str:
    """"<country>|<day>" (the fusion block), or "-|<report key>" for a report without a day."""
    return f"{country or ''}|{day}" if day else f"{NO_BLOCK}|{key}"


def _week_days(block: str) -> list[str]:
    """The day blocks of a day block's ISO week (the fusion block), or the block alone (no day)."""
    country, day = block.split("|", 1)
    if country == NO_BLOCK:
        return [block]
    monday = dt.date.fromisoformat(fusion.week_of(day))
    return [_block(country, (monday + dt.timedelta(days=i)).isoformat(), "") for i in range(7)]


def _weeks(blocks: Iterable[str]) -> set[str]:
    return {b for block in blocks for b in _week_days(block)}


def _report_query() -> Any:
    return (select(Event.pk, Event.article_pk, Event.row, Event.stored_at, Event.data, ArticleRow.id,
                   ArticleRow.published, Source.name)
            .join(ArticleRow, ArticleRow.pk == Event.article_pk)
            .outerjoin(Source, Source.pk == ArticleRow.source_pk))


def _reports(s: Session, conds: list[Any]) -> list[tuple[fusion.Report, dict[str, Any]]]:
    out = []
    # a report a reviewer rejected is not an event: it takes no part in any incident (rasd.store.review)
    found = s.execute(_report_query().where(Event.review_status != "rejected", *conds)).all()
    for pk, apk, row, stored, data, aid, published, source in found:
        r = event_row_from(row or {})
        rep = fusion.Report(fusion.report_key(aid, r.event_id), r, source=source,
                            published=published.isoformat() if published else r.published,
                            event_pk=pk, article_pk=apk, stored_at=stored)
        out.append((rep, data or {}))
    return out


def _load_blocks(s: Session, blocks: list[str], chunk: int = 100) -> list[tuple[fusion.Report, dict[str, Any]]]:
    """The reports of these blocks, in a few queries (indexed on the event's day)."""
    days: dict[str, set[str]] = {}
    lone: list[str] = []
    for block in blocks:
        country, rest = block.split("|", 1)
        if country == NO_BLOCK:
            lone.append(rest)
        else:
            days.setdefault(rest, set()).add(country)
    out = []
    dates = sorted(days)
    if len(blocks) <= 140:  # an article's few weeks: exactly those (country, week) ranges
        weeks = {(c, fusion.week_of(d)) for d in dates for c in days[d]}
        exact = [and_(Event.date >= m, Event.date <= (dt.date.fromisoformat(m) + dt.timedelta(days=6)).isoformat(),
                      func.coalesce(Event.country_code, "") == c) for c, m in sorted(weeks)]
        if exact:
            out += _reports(s, [or_(*exact)])
        dates = []
    for i in range(0, len(dates), chunk):
        part = dates[i:i + chunk]
        found = _reports(s, [Event.date.in_(part)] if len(part) > 1 else [Event.date == part[0]])
        out += [(r, d) for r, d in found if (r.row.country_code or "") in days[r.row.event_date or ""]]
    if lone:
        out += [(r, d) for r, d in _reports(s, [_key_in(lone), Event.date.is_(None)])]
    return out


def _key_in(keys: list[str]) -> Any:
    """SQL: the event's report key ("<article id>/<event id>") is one of `keys`."""
    return and_(ArticleRow.id.in_({k.rpartition("/")[0] for k in keys}),
                (ArticleRow.id + "/" + Event.vid).in_(keys))


def blocks_of_article(s: Session, article_pk: int) -> set[str]:
    """The blocks the article's stored events (and the incidents they are in) fall in."""
    found = {_block(c, d, fusion.report_key(aid, vid)) for c, d, aid, vid in s.execute(
        select(Event.country_code, Event.date, ArticleRow.id, Event.vid)
        .join(ArticleRow, ArticleRow.pk == Event.article_pk).where(Event.article_pk == article_pk)).all()}
    found |= set(s.scalars(select(Incident.block).join(IncidentReport, IncidentReport.incident_pk == Incident.pk)
                           .where(IncidentReport.article_pk == article_pk)))
    return found


def _blocks_of_keys(s: Session, keys: Iterable[str]) -> set[str]:
    keys = sorted(set(keys))
    out: set[str] = set()
    for i in range(0, len(keys), 500):
        part = keys[i:i + 500]
        out |= {_block(c, d, fusion.report_key(aid, vid)) for c, d, aid, vid in s.execute(
            select(Event.country_code, Event.date, ArticleRow.id, Event.vid)
            .join(ArticleRow, ArticleRow.pk == Event.article_pk).where(_key_in(part))).all()}
    return out


# --- fusing --------------------------------------------------------------------------------------

def refuse(s: Session, blocks: Iterable[str], dirty: Iterable[int] = ()) -> int:
    """Re-fuse the reports of these blocks (and of the incidents reaching into them across blocks:
    a reviewer's merge); returns how many incidents they now make. Incidents holding a `dirty` event
    (edited in place) are reconciled again even when their reports are the same."""
    todo, done = _weeks(blocks), set()
    reports: dict[str, tuple[fusion.Report, dict[str, Any]]] = {}
    labels: set[str] = set()
    postgres = s.get_bind().dialect.name == "postgresql"
    while todo:
        batch = sorted(todo)
        todo.clear()
        done.update(batch)
        if postgres:  # writers fusing one block take turns (in one order: no deadlock)
            for block in batch:
                s.execute(text("SELECT pg_advisory_xact_lock(7352, hashtext(:b))"), {"b": block})
        loaded = _load_blocks(s, batch)
        reports.update((r.key, (r, d)) for r, d in loaded)
        reach: set[str] = set()
        pks = [r.event_pk for r, _ in loaded]
        for i in range(0, len(pks), 500):  # fused across blocks now: those reports are re-fused too
            linked = select(IncidentReport.incident_pk).where(IncidentReport.event_pk.in_(pks[i:i + 500]))
            reach.update(s.scalars(select(IncidentReport.report).where(IncidentReport.incident_pk.in_(linked))))
        new = set(_pins(s, [r.key for r, _ in loaded]).values()) - labels
        labels |= new
        if new:  # pinned with these, wherever they are
            reach.update(s.scalars(select(IncidentPin.report).where(IncidentPin.label.in_(new))))
        todo = _weeks(_blocks_of_keys(s, [k for k in reach if k not in reports])) - done
    if not reports and not done:
        return 0
    pins = _pins(s, list(reports))
    reps = [dataclasses.replace(r, pin=pins.get(k)) for k, (r, _) in reports.items()]
    event_pks = [r.event_pk for r in reps]
    stale = {pk for i in range(0, len(event_pks), 500) for pk in s.scalars(
        select(IncidentReport.incident_pk).where(IncidentReport.event_pk.in_(event_pks[i:i + 500])))}
    current = set(stale)
    done_list = sorted(done)
    for i in range(0, len(done_list), 500):
        current.update(s.scalars(select(Incident.pk).where(Incident.block.in_(done_list[i:i + 500]))))
    groups = fusion.cluster(reps)
    _write_incidents(s, groups, {k: d for k, (_, d) in reports.items()}, sorted(current), frozenset(dirty))
    return len(groups)


def _pins(s: Session, keys: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for i in range(0, len(keys), 500):
        out.update({k: v for k, v in s.execute(select(IncidentPin.report, IncidentPin.label)
                                               .where(IncidentPin.report.in_(keys[i:i + 500])))})
    return out


def _write_incidents(s: Session, groups: list[list[fusion.Report]], data: dict[str, dict[str, Any]],
                     current: list[int], dirty: frozenset[int] = frozenset()) -> None:
    """Replace the `current` incidents by those of `groups`. An incident whose reports are the very
    same stored events is left as it is (stored events never change: a re-analysis replaces them,
    so the row would come out the same) is left as it is, unless one of them is `dirty` (edited in
    place: a review); the others are reconciled, and deleted or inserted in bulk."""
    same: dict[tuple[str, frozenset[tuple[str, int]]], int] = {}
    for i in range(0, len(current), 500):
        part = current[i:i + 500]
        links: dict[int, set[tuple[str, int]]] = {}
        for pk, key, event_pk in s.execute(select(IncidentReport.incident_pk, IncidentReport.report,
                                                  IncidentReport.event_pk).where(IncidentReport.incident_pk.in_(part))):
            links.setdefault(pk, set()).add((key, event_pk))
        for pk, eid in s.execute(select(Incident.pk, Incident.eid).where(Incident.pk.in_(part))):
            same[(eid, frozenset(links.get(pk, ())))] = pk
    keep: set[int] = set()
    todo: list[list[fusion.Report]] = []
    for group in groups:
        pk = same.get((fusion.incident_id(group), frozenset((r.key, r.event_pk or 0) for r in group)))
        if pk is None or any(r.event_pk in dirty for r in group):
            todo.append(group)
        else:
            keep.add(pk)
    gone = [pk for pk in current if pk not in keep]
    for i in range(0, len(gone), 500):
        s.execute(delete(Incident).where(Incident.pk.in_(gone[i:i + 500])))
    if not todo:
        return
    pks = list(s.scalars(insert(Incident).returning(Incident.pk, sort_by_parameter_order=True),
                         [_incident_values(group, data) for group in todo]))
    s.execute(insert(IncidentReport), [
        {"incident_pk": pk, "event_pk": r.event_pk, "article_pk": r.article_pk, "source": r.source, "report": r.key}
        for pk, group in zip(pks, todo, strict=True) for r in group])


def _incident_values(group: list[fusion.Report], data: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The `incidents` row of a group of reports: the reconciled row and the columns queries use."""
    row, figures = fusion.reconcile(group)
    row.review_status = combined_review_status([r.row.review_status for r in group])
    first = fusion.representative(group)
    return {
        "eid": row.event_id_cnty, "block": block_of(first.row, first.key), "event_type": row.event_type,
        "sub_event_type": row.sub_event_type, "date": row.event_date, "country_code": row.country_code,
        "admin1": row.admin1, "background": row.background, "n_reports": len(group),
        "actor1": row.actor1, "actor2": row.actor2, "location": row.location, "lat": row.latitude,
        "lon": row.longitude, "fatalities": row.fatalities,
        "fatalities_disputed": bool(row.fatalities_disputed), "review_status": row.review_status,
        "actor_keys": "|".join(dict.fromkeys(k for r in group for k in actor_keys(r.row).split("|") if k)) or None,
        "row": as_dict(row),
        "detail": {"figures": [dataclasses.asdict(f) for f in figures],
                   "pinned": sorted({r.pin for r in group if r.pin}),
                   "spans": [x for x in (data.get(first.key) or {}).get("evidence") or [] if isinstance(x, dict)]},
    }


def on_article_written(s: Session, article_pk: int, before: set[str]) -> None:
    """The ingest (and review) hook: re-fuse the blocks the article's events left (`before`) and
    entered; the article's events may have been edited in place, so their incidents are rebuilt."""
    s.flush()
    dirty = s.scalars(select(Event.pk).where(Event.article_pk == article_pk)).all()
    refuse(s, before | blocks_of_article(s, article_pk), dirty)


def rebuild(store: Store, *, page: int = 400) -> dict[str, int]:
    """Re-fuse the whole store, a page of blocks at a time (after an upgrade, or to check that
    nothing drifted); reviewers' pins are kept."""
    with store.session() as s:
        s.execute(delete(Incident))
        keys = s.execute(select(Event.date, func.coalesce(Event.country_code, "")).distinct()).all()
        lone = s.execute(select(ArticleRow.id, Event.vid).join(ArticleRow, ArticleRow.pk == Event.article_pk)
                         .where(Event.date.is_(None))).all()
    blocks = [_block(c, d, "") for d, c in sorted(keys, key=lambda x: (x[0] or "", x[1])) if d]
    blocks += [_block(None, None, fusion.report_key(a, v)) for a, v in lone]
    for i in range(0, len(blocks), page):
        with store.session() as s:
            refuse(s, blocks[i:i + page])
    return counts(store)


def fill(store: Store) -> bool:
    """Fuse a store whose events have no incident yet (upgraded in place); one query when none."""
    with store.session() as s:
        missing = s.scalar(select(Event.pk).where(~exists().where(IncidentReport.event_pk == Event.pk),
                                                  Event.review_status != "rejected").limit(1))
    if missing is None:
        return False
    rebuild(store)
    return True


def counts(store: Store) -> dict[str, int]:
    with store.session() as s:
        def n(*conds: Any) -> int:
            return s.scalar(select(func.count()).select_from(Incident).where(*conds)) or 0

        return {"incidents": n(), "multi_report_incidents": n(Incident.n_reports > 1),
                "disputed_incidents": n(Incident.fatalities_disputed.is_(True)),
                "reports": s.scalar(select(func.count()).select_from(IncidentReport)) or 0}


# --- reading incidents ---------------------------------------------------------------------------

def conditions(f: EventFilter) -> list[Any]:
    """The SQL of `EventFilter.matches` on incidents (a source matches when it reported the incident)."""
    conds: list[Any] = [] if f.background else [Incident.background.is_(False)]
    for column, value in ((Incident.event_type, f.event_type), (Incident.sub_event_type, f.sub_event_type),
                          (Incident.admin1, f.admin1), (Incident.country_code, f.country)):
        if value:
            conds.append(column == value)
    if f.date_from:
        conds.append(Incident.date >= f.date_from)
    if f.date_to:
        conds.append(Incident.date <= f.date_to)
    if f.source:
        conds.append(exists().where(IncidentReport.incident_pk == Incident.pk, IncidentReport.source == f.source))
    if f.actor:
        conds.append(Incident.actor_keys.contains(f.actor, autoescape=True))
    if f.review_status:
        conds.append(Incident.review_status.in_(f.review_status.split(",")))
    elif not f.machine:
        conds.append(Incident.review_status != "rejected")
    return conds


def item(inc: Incident) -> dict[str, Any]:
    """An API event item of an incident: its row, `id` (the incident id, as the map's features carry
    it) and the evidence `spans` of the report its row's article, location and date come from (that
    report's event id is the row's `event_id`)."""
    return dict(inc.row, id=inc.eid, spans=list((inc.detail or {}).get("spans") or []))


def events(store: Store, f: EventFilter, *, limit: int | None = 500, offset: int = 0) -> tuple[list[dict], int]:
    """Incidents matching the filters as event items, newest first, and how many match."""
    conds = conditions(f)
    with store.session() as s:
        total = s.scalar(select(func.count()).select_from(Incident).where(*conds)) or 0
        stmt = select(Incident).where(*conds).order_by(Incident.date.desc().nulls_last(), Incident.eid).offset(offset)
        if limit is not None:
            stmt = stmt.limit(limit)
        return [item(i) for i in s.scalars(stmt)], total


def iter_events(store: Store, f: EventFilter, *, page: int = 1000) -> Iterator[dict[str, Any]]:
    """Every matching incident, by incident id, streamed in pages."""
    last = ""
    conds = conditions(f)
    while True:
        with store.session() as s:
            rows = list(s.scalars(select(Incident).where(Incident.eid > last, *conds)
                                  .order_by(Incident.eid).limit(page)))
        for inc in rows:
            last = inc.eid
            yield item(inc)
        if len(rows) < page:
            return


INCIDENT_COLUMNS = ("incident_id", "reports", "articles", "source_count", "fatalities_disputed",
                    "fatalities_reported", "first_reported")


def report_columns(row: dict[str, Any] | None) -> dict[str, Any]:
    """The incident columns a report's row carries (from its incident's row)."""
    return {k: (row or {}).get(k) for k in INCIDENT_COLUMNS} if row else {}


# --- reviewer overrides --------------------------------------------------------------------------

def _resolve(s: Session, ref: str) -> tuple[list[str], Incident | None]:
    """(report keys, incident) named by a reference: an incident id, a report's event_id_cnty or key."""
    ref = str(ref).strip()
    inc = s.scalar(select(Incident).where(Incident.eid == ref))
    if inc is not None:
        return _members(s, inc.pk), inc
    key = ref
    if "/" not in ref and "-" in ref:  # "SYR-snn-1a2b3c-v3" -> "snn-1a2b3c/v3"
        body = ref.split("-", 1)[1]
        key = "/".join(body.rsplit("-", 1))
    link = s.scalar(select(IncidentReport).where(IncidentReport.report == key))
    if link is None:
        raise UnknownReference(f"no incident or report {ref!r}")
    return [key], s.get(Incident, link.incident_pk)


def _members(s: Session, incident_pk: int) -> list[str]:
    return sorted(s.scalars(select(IncidentReport.report).where(IncidentReport.incident_pk == incident_pk)))


def _pin(s: Session, keys: Iterable[str], label: str, by: str | None) -> None:
    keys = sorted(set(keys))
    s.execute(delete(IncidentPin).where(IncidentPin.report.in_(keys)))
    s.add_all([IncidentPin(report=k, label=label, by=by, at=_now()) for k in keys])


def _incident_of(s: Session, key: str) -> str | None:
    return s.scalar(select(Incident.eid).join(IncidentReport, IncidentReport.incident_pk == Incident.pk)
                    .where(IncidentReport.report == key))


def merge(store: Store, event_ids: Iterable[str], *, by: str | None = None, note: str | None = None) -> dict[str, Any]:
    """Make the incidents named (or holding the reports named) one incident; returns it (`show`).

    `event_ids`: incident ids and/or report ids (see the module). The decision is pinned: it wins
    over the fusion rules from now on, also after re-analysis. Raises `UnknownReference`, or
    ValueError for fewer than one reference.
    """
    refs = [str(r) for r in event_ids]
    if not refs:
        raise ValueError("merge needs at least one incident or report")
    with store.session() as s:
        keys: set[str] = set()
        for ref in refs:
            members, inc = _resolve(s, ref)
            keys |= set(_members(s, inc.pk)) if inc is not None else set(members)
        _pin(s, keys, uuid.uuid4().hex[:16], by)
        s.add(IncidentOverride(kind="merge", reports=sorted(keys), by=by, note=note, at=_now()))
        s.flush()
        refuse(s, _blocks_of_keys(s, keys))
        eid = _incident_of(s, min(keys))
    return show(store, eid or min(keys))


def split(store: Store, event_id: str, *, by: str | None = None, note: str | None = None) -> dict[str, Any]:
    """Take one report out of its incident: it becomes an incident of its own and the others stay
    together. Given an incident id, every report of it is set apart. Pinned like `merge`; returns
    the named report's new incident (for an incident id, its first report's) as `show` does."""
    ref = str(event_id).strip()
    with store.session() as s:
        members, inc = _resolve(s, ref)
        everyone = _members(s, inc.pk) if inc is not None else members
        whole = inc is not None and ref == inc.eid
        apart = everyone if whole else members
        for k in apart:
            _pin(s, [k], uuid.uuid4().hex[:16], by)
        rest = [k for k in everyone if k not in apart]
        if rest:
            _pin(s, rest, uuid.uuid4().hex[:16], by)
        s.add(IncidentOverride(kind="split", reports=sorted(apart), by=by, note=note, at=_now()))
        s.flush()
        refuse(s, _blocks_of_keys(s, everyone))
        eid = _incident_of(s, members[0])
    return show(store, eid or members[0])


def show(store: Store, event_id: str) -> dict[str, Any]:
    """An incident (named by any reference) with every report: its figures, outlet and pin, and the
    overrides that touched it."""
    with store.session() as s:
        inc = _resolve(s, event_id)[1]
        if inc is None:
            raise UnknownReference(f"no incident holds {event_id!r}")
        keys = _members(s, inc.pk)
        pins = {k: v for k, v in s.execute(select(IncidentPin.report, IncidentPin.label)
                                           .where(IncidentPin.report.in_(keys)))}
        logs = [o for o in s.scalars(select(IncidentOverride).order_by(IncidentOverride.pk))
                if set(o.reports) & set(keys)]
        figures = {f["key"]: f for f in (inc.detail or {}).get("figures") or []}
        return {
            "id": inc.eid,
            "row": dict(inc.row),
            "reports": [dict(figures.get(k) or {"key": k}, pinned=k in pins) for k in keys],
            "overrides": [{"kind": o.kind, "reports": o.reports, "by": o.by, "note": o.note,
                           "at": o.at.isoformat() if o.at else None} for o in logs],
        }


__all__ = ["Incident", "IncidentOverride", "IncidentPin", "IncidentReport", "UnknownReference",
           "merge", "rebuild", "refuse", "show", "split"]
