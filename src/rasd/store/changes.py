"""What's new: events and articles first stored after a cursor (`GET /api/changes`, the /new page).

Every event carries when it was first stored (`events.stored_at`, kept across re-analysis: a
re-analysed event is not new again); articles carry their ingest time. A cursor is the position
of the last event and article listed; a time works as a cursor too.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, or_, select

from rasd.store.alerts import event_item, select_event_items
from rasd.store.models import ArticleRow, Event, Source

if TYPE_CHECKING:
    from rasd.store.db import Store

MAX_STAMP = 253_402_300_000  # 9999-12-31 (less a little room): later cursors mean "nothing yet"
SETTLE = 2  # seconds: only what was stored at least this long ago is listed (see `changes`)


def encode_cursor(event_at: int, event_pk: int, article_at: int, article_pk: int) -> str:
    """`c<event stamp>-<event id>-<article stamp>-<article id>`: opaque to clients, readable in logs."""
    return f"c{event_at}-{event_pk}-{article_at}-{article_pk}"


def decode_cursor(cursor: str | None) -> tuple[int, int, int, int]:
    """A cursor from `changes`, or a time (ISO 8601, UTC unless it says otherwise, or Unix seconds):
    everything stored after it. Raises ValueError for anything else."""
    value = (cursor or "").strip()
    if not value:
        return (0, 0, 0, 0)
    if value.startswith("c"):
        parts = value[1:].split("-")
        if len(parts) != 4 or not all(p.isascii() and p.isdigit() and len(p) <= 18 for p in parts):
            raise ValueError("not a cursor")
        e_at, e_pk, a_at, a_pk = (int(p) for p in parts)
        return (min(e_at, MAX_STAMP), e_pk, min(a_at, MAX_STAMP), a_pk)
    if value.isascii() and value.isdigit() and len(value) <= 18:
        t = min(int(value), MAX_STAMP)
        return (t, 0, t, 0)
    try:
        stamp = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError("not a cursor, Unix seconds or an ISO 8601 time") from None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    t = max(0, min(int(stamp.timestamp()), MAX_STAMP))
    return (t, 0, t, 0)


def changes(store: Store, cursor: str | None = None, *, limit: int = 200, settle: int = SETTLE) -> dict[str, Any]:
    """Events and articles first stored after `cursor`, oldest first, and the cursor to ask with next.

    Events are ordered by when they were first stored (`stored_at`, kept across re-analysis, so a
    re-analysed event is not new again), then id; articles by ingest time, then id. Only what was
    stored at least `settle` seconds ago is listed, so a transaction still committing is never
    skipped by a cursor already past it."""
    e_at, e_pk, a_at, a_pk = decode_cursor(cursor)
    until = int(time.time()) - settle
    a_from = dt.datetime.fromtimestamp(a_at, dt.UTC).replace(tzinfo=None)
    a_until = dt.datetime.fromtimestamp(until + 1, dt.UTC).replace(tzinfo=None)
    with store.session() as s:
        rows = s.execute(select_event_items().where(
            or_(Event.stored_at > e_at, and_(Event.stored_at == e_at, Event.pk > e_pk)), Event.stored_at <= until)
            .order_by(Event.stored_at, Event.pk).limit(limit)).all()
        events = []
        for pk, stamp, _incident, *rest in rows:
            item = event_item(*rest)
            item["first_seen"] = dt.datetime.fromtimestamp(stamp, dt.UTC).isoformat(timespec="seconds")
            events.append(item)
            e_at, e_pk = stamp, pk
        arts = s.execute(
            select(ArticleRow.pk, ArticleRow.id, ArticleRow.title, ArticleRow.url, ArticleRow.published,
                   ArticleRow.ingested_at, Source.name)
            .outerjoin(Source, Source.pk == ArticleRow.source_pk)
            .where(or_(ArticleRow.ingested_at >= a_from + dt.timedelta(seconds=1),
                       and_(ArticleRow.ingested_at >= a_from, ArticleRow.pk > a_pk)),
                   ArticleRow.ingested_at < a_until)
            .order_by(ArticleRow.ingested_at, ArticleRow.pk).limit(limit)).all()
        articles = []
        for pk, aid, title, url, published, ingested, source in arts:
            articles.append({"id": aid, "title": title, "url": url, "source": source,
                             "published": published.isoformat() if published else None,
                             "first_seen": ingested.replace(tzinfo=dt.UTC).isoformat(timespec="seconds")})
            a_at, a_pk = int(ingested.replace(tzinfo=dt.UTC).timestamp()), pk
    more = len(rows) == limit or len(arts) == limit
    return {"events": events, "articles": articles, "next": encode_cursor(e_at, e_pk, a_at, a_pk), "more": more}
