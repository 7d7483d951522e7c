"""Helpers for the store tests: real databases (a SQLite file, a fresh PostgreSQL schema) and
records built by hand for what the extractors may not find yet (events, places, quotes)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rasd.article import Article
from rasd.record import empty as empty_record

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
VERSION = "rasd-0.1.0"


def pg_available() -> str | None:
    """None when PostgreSQL answers, else why not."""
    try:
        import sqlalchemy as sa

        engine = sa.create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:
        return f"{type(exc).__name__}: {str(exc).splitlines()[0]}"


def db_url(kind: str, tmp_path: Path) -> Iterator[str]:
    """A fresh database URL of the kind `sqlite` or `postgresql`; PostgreSQL gets its own schema."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'rasd.db'}"
        return
    why = pg_available()
    if why:
        pytest.skip(f"PostgreSQL at 127.0.0.1:5432 is unreachable ({why})")
    import sqlalchemy as sa

    schema = f"rasd_test_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        engine.dispose()


def record(article: Article, **lists: Any) -> dict[str, Any]:
    """A rasd.analysis/1 record for `article` with the given lists (the rest empty)."""
    return {**empty_record(article), **lists}


def place(pid: str, name: str, name_ar: str, lat: float, lon: float, admin1: str, geonameid: int) -> dict[str, Any]:
    return {
        "id": pid,
        "start": 0,
        "end": 1,
        "text": name_ar,
        "geonameid": geonameid,
        "name": name,
        "name_ar": name_ar,
        "lat": lat,
        "lon": lon,
        "country": "SY",
        "admin1": admin1,
        "feature": "PPL",
        "score": 0.9,
    }


def event(
    vid: str,
    *,
    date: str,
    place_id: str,
    actor1: str | None,
    fatalities: int | None,
    event_type: str = "Explosions/Remote violence",
    actor2: str | None = None,
) -> dict[str, Any]:
    def actor(name: str | None) -> dict[str, Any] | None:
        return {"text": name, "canonical": name, "start": 0, "end": 1} if name else None

    return {
        "id": vid,
        "event_type": event_type,
        "sub_event_type": "Air/drone strike",
        "date": date,
        "time_precision": 1,
        "actor1": actor(actor1),
        "actor2": actor(actor2),
        "location": {"place": place_id, "geo_precision": 1},
        "fatalities": fatalities,
        "injured": None,
        "source": None,
        "evidence": [{"start": 0, "end": 5}],
        "confidence": 0.8,
    }
