"""`rasd watch` against a local news site on loopback whose feeds change between polls: new items
are stored exactly once, 304s are honoured, a failing or hanging source does not hold up the
others beyond its timeout, robots.txt is obeyed, and a poller killed mid-cycle (a real
subprocess, SIGKILL) resumes with no gap and no duplicate, then stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from rasd.ingest.watch import Options, Watcher
from rasd.store import Store
from rasd.store import sources as srcs
from rasd.store.models import ArticleRow, Event
from rasd.store.sources import WatchItem
from tests.watch_support import Server

ROOT = Path(__file__).parents[1]


@pytest.fixture(autouse=True)
def loopback(monkeypatch):
    monkeypatch.setenv("RASD_FETCH_ALLOW_PRIVATE", "1")  # the test site lives on 127.0.0.x


def count(store: Store, model, *conds) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*conds)) or 0


def watcher(store: Store, pipeline, **options) -> Watcher:
    return Watcher(store, pipeline=pipeline, options=Options(**{"delay": 0.0, "timeout": 5.0, **options}))


def test_new_items_exactly_once_and_304(store, pipeline):
    with Server() as server:
        site = server.site
        for n in range(3):
            site.add_item("f1", n)
        srcs.add_source(store, server.feed_url("f1"), interval=600)
        w = watcher(store, pipeline)
        first = w.cycle()
        assert first.counts["new_items"] == 3 and first.counts["ingested"] == 3, first.to_dict()
        assert count(store, ArticleRow) == 3 and count(store, Event) == 3

        assert w.cycle().sources == 0  # not due: nothing polled
        srcs.due_now(store)
        second = w.cycle()  # unchanged feed: the ETag gives a 304, nothing is fetched again
        assert second.counts["not_modified"] == 1 and second.counts["ingested"] == 0
        assert site.not_modified["/feed/f1.xml"] == 1

        for n in (3, 4):
            site.add_item("f1", n)
        srcs.due_now(store)
        third = w.cycle()
        assert third.counts["new_items"] == 2 and third.counts["ingested"] == 2, third.to_dict()
        assert count(store, ArticleRow) == 5 and count(store, Event) == 5
        assert count(store, WatchItem, WatchItem.state == "stored") == 5
        pages = {p: n for p, n in site.hits.items() if p.startswith("/a/")}
        assert len(pages) == 5 and set(pages.values()) == {1}  # every page fetched exactly once

        [row] = srcs.list_sources(store)
        assert row["items_seen"] == 5 and row["error_streak"] == 0 and row["last_success"] and row["pending"] == 0
        w.close()


def test_failing_and_hanging_sources_do_not_delay_others(tmp_path, pipeline):
    store = Store.open(f"sqlite:///{tmp_path / 'w.db'}")
    with Server(host="127.0.0.1") as good, Server(host="127.0.0.2") as hanging, Server(host="127.0.0.3") as failing:
        good.site.add_item("g", 0)
        good.site.add_item("g", 1)
        hanging.site.add_item("h", 0)
        hanging.site.slow["/feed/h.xml"] = 6.0
        failing.site.fail["/feed/x.xml"] = 500
        for url in (hanging.feed_url("h"), failing.feed_url("x"), good.feed_url("g")):
            srcs.add_source(store, url, interval=60)
        w = watcher(store, pipeline, timeout=1.0)
        started = time.monotonic()
        report = w.cycle()
        took = time.monotonic() - started
        assert report.counts["ingested"] == 2, report.to_dict()
        assert took < 1.0 + 3.0  # the hang is cut at its 1 s timeout (the analysis of two articles aside)
        with store.session() as s:
            stored = list(s.scalars(select(WatchItem.stored_at).where(WatchItem.state == "stored")))
        # the good source's articles did not wait for the hanging one
        assert len(stored) == 2
        health = {r["url"]: r for r in srcs.list_sources(store)}
        bad, hung = health[failing.feed_url("x")], health[hanging.feed_url("h")]
        assert bad["error_streak"] == 1 and "HTTP 500" in bad["last_error"]
        assert hung["error_streak"] == 1 and ("within" in hung["last_error"] or "Timeout" in hung["last_error"])
        assert health[good.feed_url("g")]["error_streak"] == 0
        # backoff: the failing source is next due after twice its interval
        assert srcs.backoff(60, 1) == 120 and srcs.backoff(60, 30) == srcs.MAX_BACKOFF
        assert not srcs.due_sources(store)
        w.close()
    store.close()


def test_good_source_is_stored_before_the_hanging_one_times_out(tmp_path, pipeline):
    """The good source's articles are in the store while the hanging feed is still being waited for."""
    store = Store.open(f"sqlite:///{tmp_path / 'w.db'}")
    with Server(host="127.0.0.1") as good, Server(host="127.0.0.4") as hanging:
        good.site.add_item("g", 0)
        hanging.site.slow["/feed/h.xml"] = 4.0
        srcs.add_source(store, hanging.feed_url("h"), interval=60)
        srcs.add_source(store, good.feed_url("g"), interval=60)
        w = watcher(store, pipeline, timeout=3.0)
        started = time.time()
        w.cycle()
        with store.session() as s:
            stored_at = s.scalar(select(WatchItem.stored_at))
        assert stored_at is not None
        import datetime as dt

        delay = stored_at.replace(tzinfo=dt.UTC).timestamp() - started
        assert delay < 2.5, delay  # well before the hanging source's 3 s timeout
        w.close()
    store.close()


def test_robots_txt_is_obeyed(tmp_path, pipeline):
    store = Store.open(f"sqlite:///{tmp_path / 'w.db'}")
    with Server() as server:
        server.site.robots = "User-agent: rasd\nDisallow: /feed/\n\nUser-agent: *\nAllow: /\n"
        server.site.add_item("f", 0)
        srcs.add_source(store, server.feed_url("f"))
        w = watcher(store, pipeline)
        report = w.cycle()
        assert report.counts["source_errors"] == 1 and "robots.txt" in report.errors[0]
        assert server.site.hits["/feed/f.xml"] == 0
        w.close()
    store.close()


def _rasd(*args: str) -> list[str]:
    return [sys.executable, "-m", "rasd", *args]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src"), "RASD_FETCH_ALLOW_PRIVATE": "1"}


def _wait(predicate, timeout: float, proc: subprocess.Popen | None = None) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"the poller exited early: {proc.stderr.read() if proc.stderr else ''}")
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_sigkill_mid_cycle_then_restart_no_gap_no_duplicate(tmp_path):
    """A real `rasd watch` is SIGKILLed while storing a feed's items; the next one finishes them,
    nothing twice; then SIGTERM stops it cleanly (exit 0)."""
    url = f"sqlite:///{tmp_path / 'k.db'}"
    store = Store.open(url)
    with Server() as server:
        site = server.site
        n_items = 8
        for n in range(n_items):
            path = site.add_item("k", n)
            site.slow[path] = 0.3  # slow pages: the kill lands mid-cycle
        srcs.add_source(store, server.feed_url("k"), interval=3600)
        args = ["watch", "--db", url, "--delay", "0", "--workers", "1", "--per-host", "1"]
        first = subprocess.Popen(_rasd(*args, "--once"), env=_env(), stderr=subprocess.PIPE, text=True)
        try:
            _wait(lambda: count(store, WatchItem, WatchItem.state == "stored") >= 2, 120, first)
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(10)
        with store.session() as s:
            done = {u.removeprefix(server.base) for u in s.scalars(select(WatchItem.url).where(
                WatchItem.state == "stored"))}
        assert 2 <= len(done) < n_items
        assert count(store, WatchItem) == n_items  # every item was recorded before any page was fetched

        second = subprocess.Popen(_rasd(*args), env=_env(), stderr=subprocess.PIPE, text=True)
        try:
            _wait(lambda: count(store, WatchItem, WatchItem.state == "stored") == n_items, 120, second)
            second.send_signal(signal.SIGTERM)
            assert second.wait(15) == 0
        finally:
            if second.poll() is None:
                second.kill()
        assert count(store, ArticleRow) == n_items  # no gap, no duplicate
        assert count(store, Event) == n_items
        with store.session() as s:
            ids = list(s.scalars(select(ArticleRow.id)))
        assert len(set(ids)) == n_items
        # what was stored is never fetched again; pages fetched but not yet stored are (the inbox is bounded)
        refetched = {p for p, n in site.hits.items() if p.startswith("/a/") and n > 1}
        assert not refetched & done and len(refetched) <= 5, refetched
    store.close()


def test_monitoring_tables_match_migration_0006(store):
    """The ORM classes of sources, items, searches, alerts and deliveries are what 0006 creates
    (Alembic's own comparison: tables, columns, types, nullability, indexes, unique constraints)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import MetaData

    import rasd.store.alerts
    import rasd.store.sources
    from rasd.store.models import Base

    ours = {"watch_sources", "watch_items", "saved_searches", "alerts", "alert_deliveries",
            "alert_delivery_attempts"}
    metadata = MetaData()
    for name in ours:
        Base.metadata.tables[name].to_metadata(metadata)
    assert rasd.store.alerts and rasd.store.sources
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    mine = [d for d in diff if not (isinstance(d, tuple) and d[0] == "remove_table")
            and not (isinstance(d, tuple) and d[0] == "remove_index" and d[1].table.name not in ours)]
    assert mine == []


def test_cli_sources_and_alerts(tmp_path):
    """`rasd sources add|list|remove` and `rasd alerts add|list|show|deliveries|remove`."""
    import json

    from typer.testing import CliRunner

    from rasd.cli import app

    db = str(tmp_path / "c.db")
    run = CliRunner().invoke
    added = run(app, ["sources", "add", "https://example.org/feed.xml", "--db", db, "--country", "سوريا",
                      "--interval", "300"])
    assert added.exit_code == 0, added.output
    assert run(app, ["sources", "add", "https://example.org/feed.xml", "--db", db]).exit_code == 1  # watched
    assert run(app, ["sources", "add", "ftp://example.org/x", "--db", db]).exit_code == 1
    [row] = json.loads(run(app, ["sources", "list", "--db", db, "--json"]).output)
    assert row["country"] == "SY" and row["interval"] == 300 and row["error_streak"] == 0
    assert run(app, ["sources", "list", "--db", db]).exit_code == 0
    made = run(app, ["alerts", "add", "idlib", "--db", db, "--place", "إدلب", "--type", "معارك",
                     "--min-fatalities", "3", "--webhook", "https://hooks.example.org/rasd"])
    assert made.exit_code == 0 and "webhook secret" in made.output, made.output
    assert run(app, ["alerts", "add", "bad", "--db", db, "--place", "Atlantis"]).exit_code == 1
    [search] = json.loads(run(app, ["alerts", "list", "--db", db, "--json"]).output)
    assert search["filters"] == {"admin1": "إدلب", "event_type": "معارك"} and search["min_fatalities"] == 3
    assert json.loads(run(app, ["alerts", "show", "idlib", "--db", db, "--json"]).output) == []
    assert run(app, ["alerts", "deliveries", "idlib", "--db", db]).exit_code == 0
    assert run(app, ["alerts", "remove", "idlib", "--db", db]).exit_code == 0
    assert run(app, ["alerts", "show", "idlib", "--db", db]).exit_code == 1
    assert run(app, ["sources", "remove", "1", "--db", db]).exit_code == 0
    assert run(app, ["sources", "remove", "1", "--db", db]).exit_code == 1


def test_a_watched_page_is_stored_and_updated_when_it_changes(tmp_path, pipeline):
    store = Store.open(f"sqlite:///{tmp_path / 'p.db'}")
    with Server() as server:
        site = server.site
        site.add_item("p", 0)
        page_url = f"{server.base}/a/p/0"
        srcs.add_source(store, page_url, kind="page", name="صفحة")
        w = watcher(store, pipeline)
        assert w.cycle().counts["ingested"] == 1
        srcs.due_now(store)
        assert w.cycle().counts["unchanged"] == 1  # no validators on this page: same text, nothing redone
        site.feeds["p"][0]["text"] += "\nوأضاف الدفاع المدني أن الحصيلة مرشحة للارتفاع."
        srcs.due_now(store)
        assert w.cycle().counts["updated"] == 1
        assert count(store, ArticleRow) == 1
        [row] = srcs.list_sources(store)
        assert row["error_streak"] == 0 and row["last_success"]
        # a page added as a feed is refused with a clear error
        srcs.add_source(store, f"{server.base}/a/p/1", kind="feed")
        site.add_item("p", 1)
        report = w.cycle()
        assert "not an RSS or Atom feed" in report.errors[0]
        w.close()
    store.close()
