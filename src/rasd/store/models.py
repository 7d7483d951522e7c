"""The tables: articles and their analyses, and what was extracted, flattened for queries.

The full `rasd.analysis/1` record is kept in `analyses.record` (the source of truth, served back
as is); entities, quotes, places and events are flattened copies for filtering and counting,
rebuilt whenever the analysis is replaced. Near-duplicate groups are derived by `rasd.store.dedup`;
incidents (the events several reports describe, fused) live in `rasd.store.incidents`.

The schema itself is created by the Alembic migrations in `rasd/store/migrations/`; these
classes must match them (a test compares the two).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base of every rasd table."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Source(Base):
    """A publisher (the paper or site an article came from)."""

    __tablename__ = "sources"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)


class ArticleRow(Base):
    """One article: original text as given, its canonical copy and the keys that identify it."""

    __tablename__ = "articles"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[str] = mapped_column(String(300), unique=True)
    url: Mapped[str | None] = mapped_column(String(2000), index=True)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    source_pk: Mapped[int | None] = mapped_column(ForeignKey("sources.pk"), index=True)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    text: Mapped[str] = mapped_column(Text)
    canonical: Mapped[str] = mapped_column(Text)
    search_text: Mapped[str] = mapped_column(Text)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    dup_group: Mapped[int | None] = mapped_column(Integer, index=True)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class Analysis(Base):
    """The record of an article and the pipeline version that made it (one per article)."""

    __tablename__ = "analyses"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_pk: Mapped[int] = mapped_column(ForeignKey("articles.pk", ondelete="CASCADE"), unique=True)
    pipeline_version: Mapped[str] = mapped_column(String(50))
    record_hash: Mapped[str] = mapped_column(String(64))
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    fingerprint: Mapped[str | None] = mapped_column(String(64), index=True)


class Entity(Base):
    __tablename__ = "entities"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_pk: Mapped[int] = mapped_column(ForeignKey("articles.pk", ondelete="CASCADE"), index=True)
    eid: Mapped[str | None] = mapped_column(String(20))
    label: Mapped[str | None] = mapped_column(String(10), index=True)
    text: Mapped[str | None] = mapped_column(Text)
    canonical: Mapped[str | None] = mapped_column(Text)
    key: Mapped[str | None] = mapped_column(String(300), index=True)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)


class NameKey(Base):
    """A distinct name key of the entities and event actors (migration 0008, kept by triggers): the
    actor filter's substring match scans these, not every entity of every article."""

    __tablename__ = "name_keys"
    key: Mapped[str] = mapped_column(String(300), primary_key=True)


class Quote(Base):
    __tablename__ = "quotes"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_pk: Mapped[int] = mapped_column(ForeignKey("articles.pk", ondelete="CASCADE"), index=True)
    qid: Mapped[str | None] = mapped_column(String(20))
    kind: Mapped[str | None] = mapped_column(String(20))
    stance: Mapped[str | None] = mapped_column(String(20), index=True)
    speaker: Mapped[str | None] = mapped_column(Text)
    speaker_key: Mapped[str | None] = mapped_column(String(300), index=True)
    text: Mapped[str | None] = mapped_column(Text)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class Place(Base):
    __tablename__ = "places"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_pk: Mapped[int] = mapped_column(ForeignKey("articles.pk", ondelete="CASCADE"), index=True)
    pid: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str | None] = mapped_column(Text)
    key: Mapped[str | None] = mapped_column(String(300), index=True)
    geonameid: Mapped[int | None] = mapped_column(Integer, index=True)
    name: Mapped[str | None] = mapped_column(String(300))
    name_ar: Mapped[str | None] = mapped_column(String(300))
    country: Mapped[str | None] = mapped_column(String(10))
    admin1: Mapped[str | None] = mapped_column(String(200), index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)


class Event(Base):
    """One event as one article reports it (a report of an incident: `rasd.store.incidents`)."""

    __tablename__ = "events"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_pk: Mapped[int] = mapped_column(ForeignKey("articles.pk", ondelete="CASCADE"), index=True)
    vid: Mapped[str | None] = mapped_column(String(20))
    event_type: Mapped[str | None] = mapped_column(String(100), index=True)
    sub_event_type: Mapped[str | None] = mapped_column(String(100), index=True)
    date: Mapped[str | None] = mapped_column(String(10), index=True)  # the row's event_date (a day)
    actor1: Mapped[str | None] = mapped_column(Text)
    actor2: Mapped[str | None] = mapped_column(Text)
    actor1_key: Mapped[str | None] = mapped_column(String(300), index=True)
    actor2_key: Mapped[str | None] = mapped_column(String(300), index=True)
    location: Mapped[str | None] = mapped_column(String(300))
    geonameid: Mapped[int | None] = mapped_column(Integer)
    admin1: Mapped[str | None] = mapped_column(String(200), index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    injured: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[float | None] = mapped_column(Float)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    country_code: Mapped[str | None] = mapped_column(String(10), index=True)
    background: Mapped[bool] = mapped_column(Boolean, default=False)
    actor_keys: Mapped[str | None] = mapped_column(Text)  # rasd.filters.actor_keys of the row
    stored_at: Mapped[int | None] = mapped_column(Integer, index=True)  # first stored (Unix s): ACLED's timestamp
    row: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # rasd.rows.EventRow
    # review (rasd.store.review): the row above holds the reviewed values; `machine` the machine's
    # row when it differs from them; `review_key` finds the event's review again after re-analysis
    review_status: Mapped[str] = mapped_column(String(10), default="unreviewed", index=True)
    review_key: Mapped[str | None] = mapped_column(String(300), index=True)
    machine: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))


class FetchState(Base):
    """What the fetcher last saw at a URL, for conditional GET (ETag / Last-Modified)."""

    __tablename__ = "fetch_state"
    url: Mapped[str] = mapped_column(String(2000), primary_key=True)
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[int | None] = mapped_column(Integer)
    fetched_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
