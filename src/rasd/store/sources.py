"""Watched sources (feeds and pages) and the items found in them: the durable state of `rasd watch`.

A source row holds what the poller needs (URL, interval, the conditional-GET validators) and
what a desk wants to see about it (health: last success, last error, error streak, items seen).

A feed item is written to `watch_items` as *pending* in the same transaction that stores the
feed's new ETag / Last-Modified, and becomes *stored* only after its article is in the store.
So a poller killed at any moment loses nothing (a pending item is fetched again on restart; a
304 can never hide an item that was not recorded) and stores nothing twice (items are unique by
URL, and `Store.ingest` finds an article again by id, URL or text).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from rasd.store.models import Base

if TYPE_CHECKING:
    from rasd.store.db import Store

KINDS = ("feed", "page")
MAX_BACKOFF = 6 * 3600  # seconds: a dead source is still tried four times a day
MAX_ITEM_ATTEMPTS = 3  # an item page that fails this many polls is given up (state "failed", error kept)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def url_hash(url: str) -> str:
    """Items are unique by URL; the hash keeps the unique index small for long (Arabic) URLs."""
    return hashlib.sha1(url.encode("utf-8", "surrogatepass")).hexdigest()


class WatchSource(Base):
    """A feed (RSS/Atom) or a page polled by `rasd watch`, with its health."""

    __tablename__ = "watch_sources"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    url_hash: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(10), default="feed")
    name: Mapped[str | None] = mapped_column(String(300))  # the outlet its articles are stored under
    interval_s: Mapped[int] = mapped_column(Integer, default=900)
    language: Mapped[str | None] = mapped_column(String(10))
    country: Mapped[str | None] = mapped_column(String(10))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    next_due: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, index=True)
    last_polled: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_success: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    error_streak: Mapped[int] = mapped_column(Integer, default=0)
    items_seen: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class WatchItem(Base):
    """One item (article URL) found in a source: pending until its article is stored."""

    __tablename__ = "watch_items"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_pk: Mapped[int] = mapped_column(ForeignKey("watch_sources.pk", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    url_hash: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(10), default="pending", index=True)  # pending | stored | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    article_id: Mapped[str | None] = mapped_column(String(300))
    first_seen: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    stored_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """What a poll needs to know about a source (a detached copy of the row)."""

    pk: int
    url: str
    kind: str
    name: str | None
    interval_s: int
    language: str | None
    country: str | None
    etag: str | None
    last_modified: str | None
    error_streak: int


@dataclass(frozen=True, slots=True)
class NewItem:
    """A feed entry to record: its URL, and the title and date the feed gives."""

    url: str
    title: str | None = None
    published: str | None = None


@dataclass(frozen=True, slots=True)
class PendingItem:
    pk: int
    source_pk: int
    url: str
    title: str | None
    published: str | None
    attempts: int


def _info(row: WatchSource) -> SourceInfo:
    return SourceInfo(row.pk, row.url, row.kind, row.name, row.interval_s, row.language, row.country,
                      row.etag, row.last_modified, row.error_streak)


def _as_dict(row: WatchSource, pending: int = 0) -> dict[str, Any]:
    stamp = lambda v: v.isoformat(timespec="seconds") + "Z" if v else None  # noqa: E731
    return {"id": row.pk, "url": row.url, "kind": row.kind, "name": row.name, "interval": row.interval_s,
            "language": row.language, "country": row.country, "enabled": row.enabled,
            "next_due": stamp(row.next_due), "last_polled": stamp(row.last_polled),
            "last_success": stamp(row.last_success), "last_error": row.last_error,
            "last_error_at": stamp(row.last_error_at), "error_streak": row.error_streak,
            "items_seen": row.items_seen, "pending": pending}


class SourceExists(ValueError):
    """The URL is already watched."""


def add_source(store: Store, url: str, *, kind: str = "feed", interval: int = 900, language: str | None = "ar",
               country: str | None = None, name: str | None = None) -> dict[str, Any]:
    """Watch `url` (due at once); `SourceExists` when it is already watched."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}")
    if not url.startswith(("http://", "https://")):
        raise ValueError("only http(s) URLs can be watched")
    if interval < 1:
        raise ValueError("the interval is at least one second")
    row = WatchSource(url=url, url_hash=url_hash(url), kind=kind, interval_s=int(interval), language=language,
                      country=(country or None), name=name or None, enabled=True, next_due=_now(),
                      error_streak=0, items_seen=0, created_at=_now())
    try:
        with store.session() as s:
            s.add(row)
            s.flush()
            return _as_dict(row)
    except IntegrityError:
        raise SourceExists(f"already watched: {url}") from None


def find_source(store: Store, ref: str | int) -> dict[str, Any] | None:
    """A source by id or URL."""
    with store.session() as s:
        row = _find(s, ref)
        return _as_dict(row) if row is not None else None


def _find(s: Any, ref: str | int) -> WatchSource | None:
    if isinstance(ref, int) or _is_id(str(ref)):
        return s.get(WatchSource, int(ref))
    return s.scalar(select(WatchSource).where(WatchSource.url_hash == url_hash(str(ref))))


def remove_source(store: Store, ref: str | int) -> bool:
    """Stop watching a source (its items' record goes with it; stored articles stay)."""
    with store.session() as s:
        row = _find(s, ref)
        if row is None:
            return False
        from sqlalchemy import delete

        s.execute(delete(WatchItem).where(WatchItem.source_pk == row.pk))
        s.delete(row)
        return True


def list_sources(store: Store) -> list[dict[str, Any]]:
    """Every source with its health and its number of pending items, oldest first."""
    with store.session() as s:
        pending = dict(s.execute(select(WatchItem.source_pk, func.count()).where(WatchItem.state == "pending")
                                 .group_by(WatchItem.source_pk)).all())
        return [_as_dict(r, pending.get(r.pk, 0)) for r in s.scalars(select(WatchSource).order_by(WatchSource.pk))]


def due_sources(store: Store, now: dt.datetime | None = None, *, with_pending: bool = False) -> list[SourceInfo]:
    """Enabled sources whose next poll is due; `with_pending` adds sources with pending items
    (what a killed poller left: its first cycle after a restart finishes them at once)."""
    now = now or _now()
    with store.session() as s:
        cond = WatchSource.next_due <= now
        if with_pending:
            cond = or_(cond, WatchSource.pk.in_(select(WatchItem.source_pk).where(WatchItem.state == "pending")))
        rows = s.scalars(select(WatchSource).where(WatchSource.enabled.is_(True), cond)
                         .order_by(WatchSource.next_due))
        return [_info(r) for r in rows]


def next_due(store: Store) -> dt.datetime | None:
    """When the next source is due (None when nothing is watched)."""
    with store.session() as s:
        return s.scalar(select(func.min(WatchSource.next_due)).where(WatchSource.enabled.is_(True)))


def backoff(interval: int, streak: int) -> int:
    """Seconds until the next poll: the interval, doubled per consecutive error, capped."""
    if streak <= 0:
        return interval
    return min(interval * 2 ** min(streak, 16), max(interval, MAX_BACKOFF))


def record_success(store: Store, source: SourceInfo, items: list[NewItem] | None = None, *,
                   etag: str | None = None, last_modified: str | None = None, changed: bool = True) -> int:
    """One transaction: record the new items as pending, the feed's validators and the source's
    health; returns how many items were new (already known URLs, from any source, are skipped)."""
    now = _now()
    with store.session() as s:
        known = set(s.scalars(select(WatchItem.url_hash).where(
            WatchItem.url_hash.in_([url_hash(i.url) for i in items or []])))) if items else set()
        new = 0
        for item in items or []:
            h = url_hash(item.url)
            if h in known:
                continue
            known.add(h)
            s.add(WatchItem(source_pk=source.pk, url=item.url, url_hash=h, title=item.title,
                            published=item.published, state="pending", attempts=0, first_seen=now))
            new += 1
        values: dict[str, Any] = {"last_polled": now, "last_success": now, "error_streak": 0,
                                  "next_due": now + dt.timedelta(seconds=source.interval_s),
                                  "items_seen": WatchSource.items_seen + new}
        if changed:
            values.update(etag=etag, last_modified=last_modified)
        s.execute(update(WatchSource).where(WatchSource.pk == source.pk).values(**values))
    return new


def record_error(store: Store, source: SourceInfo, message: str) -> None:
    """The poll failed: keep the error, lengthen the streak, back off."""
    now = _now()
    streak = source.error_streak + 1
    with store.session() as s:
        s.execute(update(WatchSource).where(WatchSource.pk == source.pk).values(
            last_polled=now, last_error=message[:2000], last_error_at=now, error_streak=streak,
            next_due=now + dt.timedelta(seconds=backoff(source.interval_s, streak))))


def pending_items(store: Store, source_pk: int, limit: int = 500) -> list[PendingItem]:
    """Items of a source still to fetch, analyse and store, oldest first."""
    with store.session() as s:
        rows = s.scalars(select(WatchItem).where(WatchItem.source_pk == source_pk, WatchItem.state == "pending")
                         .order_by(WatchItem.pk).limit(limit))
        return [PendingItem(r.pk, r.source_pk, r.url, r.title, r.published, r.attempts) for r in rows]


def item_stored(store: Store, item_pk: int, article_id: str) -> None:
    with store.session() as s:
        s.execute(update(WatchItem).where(WatchItem.pk == item_pk).values(
            state="stored", article_id=article_id, stored_at=_now(), error=None))


def item_failed(store: Store, item_pk: int, message: str) -> str:
    """One more failed attempt; the item is given up after MAX_ITEM_ATTEMPTS. Returns its state."""
    with store.session() as s:
        row = s.get(WatchItem, item_pk)
        if row is None:
            return "gone"
        row.attempts += 1
        row.error = message[:2000]
        row.state = "failed" if row.attempts >= MAX_ITEM_ATTEMPTS else "pending"
        return row.state


def item_counts(store: Store) -> dict[str, int]:
    """Items by state (pending, stored, failed)."""
    with store.session() as s:
        return dict(s.execute(select(WatchItem.state, func.count()).group_by(WatchItem.state)).all())


def due_now(store: Store, ref: str | int | None = None) -> int:
    """Make one source (or every source) due at once; returns how many."""
    with store.session() as s:
        stmt = update(WatchSource).values(next_due=_now() - dt.timedelta(seconds=1))
        if ref is not None:
            row = _find(s, ref)
            if row is None:
                return 0
            stmt = stmt.where(WatchSource.pk == row.pk)
        return s.execute(stmt).rowcount or 0


def _is_id(value: str) -> bool:
    """A row id as text: ASCII digits that fit a database integer (not '¹' nor '٣')."""
    return value.isascii() and value.isdigit() and len(value) <= 9
