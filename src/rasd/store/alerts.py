"""Saved searches, the alerts they fire, their webhook deliveries, and the changes feed.

A saved search is a query (the search of `rasd search`) plus the event filters of
`rasd.filters` (place, type, actor, country, source, ...) and a minimum of fatalities. After
each poll `evaluate` looks at the events first stored since the search's watermark and fires
one alert per new matching event:

- exactly once: an alert is a row unique by (search, `alert_key(event)`), inserted in the same
  transaction as its webhook delivery, so re-analysis, a second poller or a restart after a
  crash never fires it again;
- once per incident: `alert_key` is the event's incident id (`rasd.store.incidents` fuses the
  reports of one event as each article is stored), so a second outlet's report of an incident
  already alerted fires nothing. An incident's id is its earliest report's, so it can change when
  an earlier-dated report joins it; the alert therefore also records its report
  ("<article id>/<event id>", stable across re-analysis) and an event whose incident holds a
  report already alerted is recorded as "merged" (kept in the log, never delivered nor listed).

`alert_key(event)` falls back to the event's stable id (its report key) for an event not (yet)
fused into an incident.

Webhooks are sent by `rasd.store.webhooks`; what is new since a cursor is `rasd.store.changes`.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    and_,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy import column as sa_column
from sqlalchemy import table as sa_table
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from rasd.store import searchtext
from rasd.store.incidents import Incident, IncidentReport
from rasd.store.models import ArticleRow, Base, Event, Source

if TYPE_CHECKING:
    from rasd.filters import EventFilter
    from rasd.store.db import Store

OVERLAP = 120  # seconds: events stamped this long before the watermark are looked at again (late commits)
FILTER_NAMES = ("event_type", "sub_event_type", "admin1", "actor", "country", "source", "date_from", "date_to",
                "review_status")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class SavedSearch(Base):
    """A query and event filters whose new matching events fire alerts (and optionally a webhook)."""

    __tablename__ = "saved_searches"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    query: Mapped[str | None] = mapped_column(Text)
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # raw values of rasd.filters
    min_fatalities: Mapped[int | None] = mapped_column(Integer)
    webhook_url: Mapped[str | None] = mapped_column(String(2000))
    secret: Mapped[str | None] = mapped_column(String(128))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    since: Mapped[int] = mapped_column(Integer)  # Unix s: only events first stored from then on alert
    watermark: Mapped[int] = mapped_column(Integer)  # Unix s: the newest event stamp evaluated
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class Alert(Base):
    """One alert: a new event matching a saved search ("fired"), or a report of an event already
    alerted ("merged", kept for the log)."""

    __tablename__ = "alerts"
    __table_args__ = (UniqueConstraint("search_pk", "key", name="uq_alerts_search_key"),)
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    search_pk: Mapped[int] = mapped_column(ForeignKey("saved_searches.pk", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(400))
    report: Mapped[str | None] = mapped_column(String(400), index=True)  # "<article id>/<event id>"
    state: Mapped[str] = mapped_column(String(10))  # fired | merged
    merged_into: Mapped[str | None] = mapped_column(String(400))
    article_id: Mapped[str | None] = mapped_column(String(300))
    event: Mapped[dict[str, Any]] = mapped_column(JSON)  # the event item as it was when it fired
    event_stored_at: Mapped[int | None] = mapped_column(Integer)
    fired_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, index=True)


class Delivery(Base):
    """The webhook delivery of one alert: the exact signed body, its state and retry schedule."""

    __tablename__ = "alert_deliveries"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    alert_pk: Mapped[int] = mapped_column(ForeignKey("alerts.pk", ondelete="CASCADE"), unique=True)
    url: Mapped[str] = mapped_column(String(2000))
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(10), index=True)  # pending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, index=True)
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class DeliveryAttempt(Base):
    """The delivery log: one row per POST."""

    __tablename__ = "alert_delivery_attempts"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    delivery_pk: Mapped[int] = mapped_column(ForeignKey("alert_deliveries.pk", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    status: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    ms: Mapped[int | None] = mapped_column(Integer)


# -- keys --------------------------------------------------------------------------------------


def event_stable_id(event: dict[str, Any]) -> str:
    """An event's id that survives re-analysis: its report key "<article id>/<event id>" (the key
    `rasd.store.incidents` pins reports by; an event keeps its id when its article is re-analysed)."""
    return f"{event.get('article_id')}/{event.get('id') or event.get('event_id')}"


def alert_key(event: dict[str, Any]) -> str:
    """What an alert is unique by: the event's incident (`incident:<incident id>`), so the reports
    fused into one incident alert once; the event's stable id while it has no incident."""
    incident = event.get("incident_id")
    return f"incident:{incident}" if incident else f"event:{event_stable_id(event)}"


# -- saved searches ------------------------------------------------------------------------------


class SearchExists(ValueError):
    """A saved search of that name exists."""


def add_search(store: Store, name: str, *, query: str | None = None, filters: dict[str, Any] | None = None,
               min_fatalities: int | None = None, webhook: str | None = None,
               secret: str | None = None) -> dict[str, Any]:
    """Save a search; unknown filter values raise `rasd.filters.UnknownFilterValue` now, not later.
    A webhook without a secret gets a random one (shown once by the CLI, readable by the API)."""
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise ValueError("a saved search needs a name (up to 100 characters)")
    if "\x00" in name + (query or "") + "".join(str(v) for v in (filters or {}).values()):
        raise ValueError("a NUL character cannot be stored")
    raw = {k: v for k, v in (filters or {}).items() if v not in (None, "")}
    unknown = set(raw) - set(FILTER_NAMES)
    if unknown:
        raise ValueError(f"unknown filter(s): {', '.join(sorted(unknown))}")
    store.event_filter(**raw)  # validates
    if webhook and not webhook.startswith(("http://", "https://")):
        raise ValueError("the webhook must be an http(s) URL")
    if min_fatalities is not None and min_fatalities < 0:
        raise ValueError("min_fatalities is 0 or more")
    stamp = int(time.time())
    row = SavedSearch(name=name, query=(query or "").strip() or None, filters=raw, min_fatalities=min_fatalities,
                      webhook_url=webhook or None, secret=(secret or secrets.token_hex(32)) if webhook else secret,
                      enabled=True, since=stamp, watermark=stamp, created_at=_now())
    try:
        with store.session() as s:
            s.add(row)
            s.flush()
            return _search_dict(row, with_secret=True)
    except IntegrityError:
        raise SearchExists(f"a saved search named {name!r} exists") from None


def _search_dict(row: SavedSearch, *, with_secret: bool = False, counts: dict[str, int] | None = None
                 ) -> dict[str, Any]:
    out = {"id": row.pk, "name": row.name, "query": row.query, "filters": dict(row.filters or {}),
           "min_fatalities": row.min_fatalities, "webhook": row.webhook_url, "enabled": row.enabled,
           "since": dt.datetime.fromtimestamp(row.since, dt.UTC).isoformat(timespec="seconds"),
           "created_at": row.created_at.isoformat(timespec="seconds") + "Z" if row.created_at else None}
    if with_secret:
        out["secret"] = row.secret
    if counts is not None:
        out.update(counts)
    return out


def list_searches(store: Store) -> list[dict[str, Any]]:
    with store.session() as s:
        fired = dict(s.execute(select(Alert.search_pk, func.count()).where(Alert.state == "fired")
                               .group_by(Alert.search_pk)).all())
        rows = list(s.scalars(select(SavedSearch).order_by(SavedSearch.pk)))
        return [_search_dict(r, counts={"alerts": fired.get(r.pk, 0)}) for r in rows]


def get_search(store: Store, ref: str | int, *, with_secret: bool = False) -> dict[str, Any] | None:
    with store.session() as s:
        row = _find(s, ref)
        return _search_dict(row, with_secret=with_secret) if row is not None else None


def _find(s: Any, ref: str | int) -> SavedSearch | None:
    row = s.scalar(select(SavedSearch).where(SavedSearch.name == str(ref)))
    if row is None and _is_id(str(ref)):
        row = s.get(SavedSearch, int(ref))
    return row


def remove_search(store: Store, ref: str | int) -> bool:
    """Delete a saved search with its alerts and delivery log."""
    from sqlalchemy import delete

    with store.session() as s:
        row = _find(s, ref)
        if row is None:
            return False
        alerts = select(Alert.pk).where(Alert.search_pk == row.pk)
        deliveries = select(Delivery.pk).where(Delivery.alert_pk.in_(alerts))
        s.execute(delete(DeliveryAttempt).where(DeliveryAttempt.delivery_pk.in_(deliveries)))
        s.execute(delete(Delivery).where(Delivery.alert_pk.in_(alerts)))
        s.execute(delete(Alert).where(Alert.search_pk == row.pk))
        s.delete(row)
        return True


# -- matching --------------------------------------------------------------------------------------


def query_condition(store: Store, query: str | None) -> Any:
    """The SQL condition "the event's article matches `query`" (the search of `Store.search`), or
    None when the query has no terms."""
    terms = searchtext.query_terms(query or "")
    if not terms:
        return None
    if store.dialect == "sqlite":
        fts = sa_table("articles_fts", sa_column("rowid"))
        match = text("articles_fts MATCH :q").bindparams(q=searchtext.fts5_query(terms))
        return Event.article_pk.in_(select(fts.c.rowid).where(match))
    tsv = literal_column("articles.search_tsv")
    tsq = func.to_tsquery(literal_column("'simple'::regconfig"), searchtext.tsquery(terms))
    return tsv.op("@@")(tsq)


def _conditions(store: Store, flt: EventFilter, query: str | None, min_fatalities: int | None) -> list[Any]:
    conds = list(store._event_conditions(flt))
    q = query_condition(store, query)
    if q is not None:
        conds.append(q)
    if min_fatalities is not None:
        conds.append(Event.fatalities >= min_fatalities)
    return conds


def select_event_items() -> Any:
    """Events with what an alert or a change shows of them: (pk, stored_at, *`event_item` arguments)."""
    return (select(Event.pk, Event.stored_at, IncidentReport.incident_pk, ArticleRow.title, Event.row, Event.vid,
                   Event.data, Incident.row)
            .join(ArticleRow, ArticleRow.pk == Event.article_pk)
            .outerjoin(Source, Source.pk == ArticleRow.source_pk)
            .outerjoin(IncidentReport, IncidentReport.event_pk == Event.pk)
            .outerjoin(Incident, Incident.pk == IncidentReport.incident_pk))


def event_item(title: str | None, row: Any, vid: Any, data: Any, incident: Any) -> dict[str, Any]:
    """The API's event item (`Store.events` gives the same) with its article's title."""
    from rasd.store.db import _event_item

    item = _event_item(row, vid, data, incident)
    item["title"] = title
    return item


@dataclass(slots=True)
class Fired:
    """What one evaluation did for one search."""

    search: str
    fired: list[str]
    merged: list[str]


def evaluate(store: Store, *, page: int = 2000) -> list[Fired]:
    """Fire the alerts of every enabled saved search for the events stored since its watermark."""
    from rasd.filters import UnknownFilterValue

    out = []
    with store.session() as s:
        searches = list(s.scalars(select(SavedSearch).where(SavedSearch.enabled.is_(True)).order_by(SavedSearch.pk)))
    for search in searches:
        try:
            flt = store.event_filter(**(search.filters or {}))
        except UnknownFilterValue:
            continue  # a value that matched stored data once (an outlet) and no longer does: nothing matches
        try:
            out.append(_evaluate_one(store, search, flt, page))
        except IntegrityError:
            continue  # another evaluator fired the same alerts first: nothing lost, retried next time
    return out


def _evaluate_one(store: Store, search: SavedSearch, flt: EventFilter, page: int) -> Fired:
    """Walk the matching events stored since the watermark (less OVERLAP) page by page, in the order
    they were stored; each page's alerts, deliveries and the new watermark commit together."""
    start = max(search.since, search.watermark - OVERLAP)
    conds = _conditions(store, flt, search.query, search.min_fatalities)
    result = Fired(search.name, [], [])
    after = (start - 1, 0)  # (stored_at, pk) of the last event looked at
    while True:
        with store.session() as s:
            rows = s.execute(select_event_items().where(
                Event.stored_at >= start, *conds,
                or_(Event.stored_at > after[0], and_(Event.stored_at == after[0], Event.pk > after[1])))
                .order_by(Event.stored_at, Event.pk).limit(page)).all()
            if not rows:
                return result
            items = [(stamp, incident_pk, event_item(*rest)) for _pk, stamp, incident_pk, *rest in rows]
            done = set(s.scalars(select(Alert.key).where(
                Alert.search_pk == search.pk, Alert.key.in_({alert_key(i) for _, _, i in items}))))
            # a report already alerted under another key (its incident's id changed as reports joined)
            done |= set(s.scalars(select(Alert.report).where(
                Alert.search_pk == search.pk, Alert.report.in_({event_stable_id(i) for _, _, i in items}))))
            for stamp, incident_pk, item in items:
                key, report = alert_key(item), event_stable_id(item)
                if key not in done and report not in done:
                    done |= {key, report}
                    _fire(s, search, item, key, stamp, incident_pk, result)
            after = (rows[-1][1] or 0, rows[-1][0])
            s.execute(SavedSearch.__table__.update().where(SavedSearch.pk == search.pk,
                                                           SavedSearch.watermark < after[0])
                      .values(watermark=after[0]))
        if len(rows) < page:
            return result


def _fire(s: Any, search: SavedSearch, item: dict[str, Any], key: str, stamp: int | None, incident_pk: int | None,
          result: Fired) -> None:
    """Record one alert ("merged" when its incident holds a report already alerted) and its delivery."""
    report = event_stable_id(item)
    earlier = _alerted_sibling(s, search.pk, incident_pk, report)
    snapshot = json.loads(json.dumps(item, ensure_ascii=False, default=str))
    alert = Alert(search_pk=search.pk, key=key, report=report, state="merged" if earlier else "fired",
                  merged_into=earlier, article_id=item.get("article_id"), event=snapshot, event_stored_at=stamp,
                  fired_at=_now())
    s.add(alert)
    if earlier:
        result.merged.append(key)
        return
    result.fired.append(key)
    if search.webhook_url:
        s.flush()
        body = json.dumps(payload(search.name, alert), ensure_ascii=False, sort_keys=True)
        s.add(Delivery(alert_pk=alert.pk, url=search.webhook_url, body=body, state="pending", attempts=0,
                       next_attempt=_now(), created_at=_now()))


def _alerted_sibling(s: Any, search_pk: int, incident_pk: int | None, report: str) -> str | None:
    """The key of an alert already fired for another report of this event's incident, if any."""
    if incident_pk is None:
        return None
    members = select(IncidentReport.report).where(IncidentReport.incident_pk == incident_pk,
                                                  IncidentReport.report != report)
    return s.scalar(select(Alert.key).where(Alert.search_pk == search_pk, Alert.state == "fired",
                                            Alert.report.in_(members)).limit(1))


def payload(search: str, alert: Alert) -> dict[str, Any]:
    """The webhook body and JSON Feed item of an alert."""
    event = alert.event or {}
    return {"search": search, "key": alert.key, "fired_at": alert.fired_at.isoformat(timespec="seconds") + "Z",
            "article": {"id": event.get("article_id"), "title": event.get("title"), "url": event.get("url"),
                        "source": event.get("source"), "published": event.get("published")},
            "event": event}


# -- reading alerts ----------------------------------------------------------------------------------


def alerts(store: Store, ref: str | int, *, limit: int = 50, state: str | None = "fired") -> list[dict[str, Any]]:
    """The alerts of a saved search, newest first (fired ones by default; None: all)."""
    with store.session() as s:
        search = _find(s, ref)
        if search is None:
            return []
        stmt = select(Alert, Delivery).outerjoin(Delivery, Delivery.alert_pk == Alert.pk).where(
            Alert.search_pk == search.pk)
        if state:
            stmt = stmt.where(Alert.state == state)
        rows = s.execute(stmt.order_by(Alert.fired_at.desc(), Alert.pk.desc()).limit(limit)).all()
        return [_alert_dict(search.name, a, d) for a, d in rows]


def _alert_dict(search: str, a: Alert, d: Delivery | None) -> dict[str, Any]:
    out = payload(search, a) | {"id": a.pk, "state": a.state, "merged_into": a.merged_into}
    if d is not None:
        out["delivery"] = {"id": d.pk, "state": d.state, "attempts": d.attempts, "last_status": d.last_status,
                           "last_error": d.last_error,
                           "sent_at": d.sent_at.isoformat(timespec="seconds") + "Z" if d.sent_at else None}
    return out


def delivery_log(store: Store, ref: str | int, *, limit: int = 100) -> list[dict[str, Any]]:
    """Every webhook POST of a saved search, newest first."""
    with store.session() as s:
        search = _find(s, ref)
        if search is None:
            return []
        rows = s.execute(
            select(DeliveryAttempt, Delivery.pk, Alert.key)
            .join(Delivery, Delivery.pk == DeliveryAttempt.delivery_pk).join(Alert, Alert.pk == Delivery.alert_pk)
            .where(Alert.search_pk == search.pk).order_by(DeliveryAttempt.pk.desc()).limit(limit)).all()
        return [{"delivery": dpk, "key": key, "at": a.at.isoformat(timespec="seconds") + "Z", "status": a.status,
                 "error": a.error, "ms": a.ms} for a, dpk, key in rows]


def json_feed(search: dict[str, Any], items: list[dict[str, Any]], base_url: str) -> dict[str, Any]:
    """A JSON Feed 1.1 of a saved search's alerts."""
    base = base_url.rstrip("/")
    name = search["name"]
    return {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"rasd: {name}",
        "home_page_url": f"{base}/alerts/{_q(name)}",
        "feed_url": f"{base}/alerts/{_q(name)}/feed.json",
        "items": [{
            "id": f"urn:rasd:alert:{search['id']}:{a['key']}",
            "url": _article_url(base, a),
            "external_url": a["article"]["url"],
            "title": entry_title(a),
            "content_text": a["event"].get("notes") or a["article"].get("title") or "",
            "date_published": a["fired_at"],
            "_rasd": {"event": a["event"], "article": a["article"]},
        } for a in items],
    }


def atom_feed(search: dict[str, Any], items: list[dict[str, Any]], base_url: str) -> bytes:
    """An Atom feed of a saved search's alerts (feedgen writes and escapes the XML)."""
    from feedgen.feed import FeedGenerator

    base = base_url.rstrip("/")
    name = search["name"]
    fg = FeedGenerator()
    fg.id(f"urn:rasd:search:{search['id']}")
    fg.title(f"rasd: {name}")
    fg.link(href=f"{base}/alerts/{_q(name)}/atom.xml", rel="self")
    fg.link(href=f"{base}/alerts/{_q(name)}", rel="alternate")
    fg.updated(items[0]["fired_at"] if items else (search.get("created_at") or "1970-01-01T00:00:00Z"))
    fg.generator("rasd")
    for a in reversed(items):  # feedgen prepends: oldest first gives newest first
        fe = fg.add_entry()
        fe.id(f"urn:rasd:alert:{search['id']}:{a['key']}")
        fe.title(entry_title(a))
        fe.link(href=_article_url(base, a))
        fe.updated(a["fired_at"])
        fe.summary(a["event"].get("notes") or a["article"].get("title") or "")
    return fg.atom_str(pretty=True)


def entry_title(a: dict[str, Any]) -> str:
    e = a["event"]
    where = e.get("location_ar") or e.get("location") or e.get("admin1") or ""
    deaths = f" · {e['fatalities']}" if e.get("fatalities_known") and e.get("fatalities") else ""
    return " · ".join(x for x in (e.get("event_type"), where, e.get("event_date")) if x) + deaths


def _q(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


def _article_url(base: str, a: dict[str, Any]) -> str:
    aid = a["article"].get("id")
    return f"{base}/articles/{_q(str(aid))}" if aid else base


def _is_id(value: str) -> bool:
    """A row id as text: ASCII digits that fit a database integer (not '¹' nor '٣')."""
    return value.isascii() and value.isdigit() and len(value) <= 9
