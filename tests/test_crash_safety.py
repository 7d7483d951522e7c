"""Crash safety of `rasd ingest`: SIGKILL at several random points of successive runs (SQLite and
PostgreSQL). After every kill the database is consistent (no orphans, no duplicate ids, SQLite
integrity and FTS intact); the final uninterrupted run leaves every article exactly once.

One kill in `test_ingest.py` checks the simple case; here the kill points are random (seeded per
run, printed on failure): while the pipeline loads, between articles, in the middle of a commit,
and on a re-run that is still skipping what the previous runs stored.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa

from rasd.store import Store
from tests.conftest import ROOT
from tests.store_support import db_url
from tests.test_ingest import dev_jsonl

N_ARTICLES = 40
KILLS = 4


def counts(engine: sa.Engine) -> tuple[int, int]:
    with engine.connect() as conn:
        total = conn.execute(sa.text("SELECT count(*) FROM articles")).scalar()
        distinct = conn.execute(sa.text("SELECT count(DISTINCT id) FROM articles")).scalar()
    return total, distinct


def check_consistent(engine: sa.Engine, kind: str, ids: set[str]) -> set[str]:
    """Invariants that must hold after any crash; returns the stored ids."""
    with engine.connect() as conn:
        q = lambda sql: conn.execute(sa.text(sql)).scalar()  # noqa: E731
        stored = [r[0] for r in conn.execute(sa.text("SELECT id FROM articles"))]
        assert len(stored) == len(set(stored)), "an article is stored twice"
        assert set(stored) <= ids, set(stored) - ids
        # every stored article has exactly one analysis, and nothing points at a missing article
        assert q("SELECT count(*) FROM analyses") == len(stored)
        assert q("SELECT count(DISTINCT article_pk) FROM analyses") == len(stored)
        for table in ("analyses", "entities", "quotes", "places", "events"):
            assert q(f"SELECT count(*) FROM {table} WHERE article_pk NOT IN (SELECT pk FROM articles)") == 0, table
        if kind == "sqlite":
            assert q("PRAGMA integrity_check") == "ok"
            conn.execute(sa.text("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')"))
    return set(stored)


def kill_at_random(cmd: list[str], env: dict[str, str], engine: sa.Engine, rng: random.Random, before: int,
                   total: int, mode: str) -> str:
    """Start an ingest run and SIGKILL it at a random point; returns a description of the point."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        if mode == "loading":  # the process is importing spaCy, loading the model, migrating, skipping
            time.sleep(rng.uniform(0.2, 3.0))
            point = "while loading"
        else:
            target = min(total - 1, before + rng.randint(1, 6))
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and proc.poll() is None and counts(engine)[0] < target:
                time.sleep(0.01)
            if mode == "mid-commit":  # the next article is being analysed or written right now
                time.sleep(rng.uniform(0.0, 0.08))
            point = f"{mode} at {target}"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    return point


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_repeated_sigkill_then_rerun_keeps_every_article_exactly_once(kind, tmp_path):
    seed = int(os.environ.get("RASD_CRASH_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    gen = db_url(kind, tmp_path)
    url = next(gen)
    try:
        data = tmp_path / "in.jsonl"
        ids = set(dev_jsonl(data, N_ARTICLES))
        assert len(ids) == N_ARTICLES
        Store.open(url).close()  # migrate first, so the polls can count
        engine = sa.create_engine(url)
        cmd = [sys.executable, "-m", "rasd.cli", "ingest", str(data), "--db", url, "--no-dedup", "--json"]
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
        history: list[str] = []
        stored: set[str] = set()
        modes = ["loading", "after-n", "mid-commit", rng.choice(["after-n", "mid-commit"])]
        rng.shuffle(modes)
        for mode in modes[:KILLS]:
            point = kill_at_random(cmd, env, engine, rng, len(stored), N_ARTICLES, mode)
            now = check_consistent(engine, kind, ids)
            history.append(f"{point}: {len(now)} stored")
            assert stored <= now, f"seed {seed}: a committed article was lost ({history})"
            stored = now

        done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
        summary = json.loads(done.stdout.strip().splitlines()[-1])
        assert summary["failed"] == 0, summary
        assert summary["ingested"] + summary["unchanged"] == N_ARTICLES
        assert summary["unchanged"] == len(stored), f"seed {seed}: {history}, {summary}"
        assert check_consistent(engine, kind, ids) == ids, f"seed {seed}: {history}"
        assert counts(engine) == (N_ARTICLES, N_ARTICLES)
        print(f"{kind} seed {seed}: " + "; ".join(history))
        engine.dispose()
    finally:
        gen.close()
