"""Helpers for the store tests: real databases (a SQLite file, a fresh PostgreSQL schema) and
records built by hand for what the extractors may not find yet (events, places, quotes)."""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from rasd.article import Article
from rasd.record import empty as empty_record

MACHINE_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
VERSION = "rasd-0.1.0"


def _answers(url: str) -> str | None:
    """None when PostgreSQL at `url` answers, else why not."""
    try:
        import sqlalchemy as sa

        engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:
        return f"{type(exc).__name__}: {str(exc).splitlines()[0]}"


@cache
def pg_url() -> str:
    """A PostgreSQL to test against: $RASD_TEST_PG_URL, the machine's server, or a throwaway one.

    The PostgreSQL path is tested in every run, never skipped: when no server answers, one is
    started from the installed binaries in a temporary folder (and stopped when the tests end).
    """
    url = os.environ.get("RASD_TEST_PG_URL") or MACHINE_PG_URL
    if _answers(url) is None:
        return url
    return _throwaway_server()


def _pg_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for root in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (root / name).exists():
            return str(root / name)
    raise RuntimeError(f"no PostgreSQL server answers and {name} is not installed: install postgresql")


def _throwaway_server() -> str:
    """initdb + pg_ctl in a temporary folder on a free port; as user postgres when run as root."""
    folder = Path(tempfile.mkdtemp(prefix="rasd-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(folder, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = folder / "data"
    run = [*as_user]
    subprocess.run([*run, _pg_bin("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"],
                   check=True, capture_output=True)
    subprocess.run([*run, _pg_bin("pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w", "-o",
                    f"-p {port} -k {folder} -c listen_addresses=127.0.0.1", "start"], check=True, capture_output=True)
    atexit.register(lambda: subprocess.run([*run, _pg_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                                           capture_output=True))
    subprocess.run([*run, _pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "test"],
                   check=True, capture_output=True)
    url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/test"
    why = _answers(url)
    if why:
        raise RuntimeError(f"the throwaway PostgreSQL did not start: {why}")
    return url


def db_url(kind: str, tmp_path: Path) -> Iterator[str]:
    """A fresh database URL of the kind `sqlite` or `postgresql`; PostgreSQL gets its own schema."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'rasd.db'}"
        return
    import sqlalchemy as sa

    base = pg_url()
    schema = f"rasd_test_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(base)
    with engine.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{base}?options=-csearch_path%3D{schema}"
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
