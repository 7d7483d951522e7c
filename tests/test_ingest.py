"""`rasd ingest` for real: feeds over a local HTTP server (robots.txt, rate limit, conditional
GET), WARC files, the CLI summary, and a SIGKILL in the middle of a run (SQLite, PostgreSQL)."""

from __future__ import annotations

import io
import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from rasd.cli import app
from rasd.ingest.fetch import Fetcher
from rasd.ingest.warc import read_warc
from rasd.store import Store
from rasd.store.ingest import run
from tests.conftest import ROOT, shared_path
from tests.store_support import db_url

PAGE = """<html><head><title>{title}</title>
<meta property="article:published_time" content="2019-08-20"></head>
<body><article><h1>{title}</h1><p>{body}</p><p>وأضاف المصدر أن الوضع ما زال متوترا في المنطقة حتى الآن،
وأن فرق الإسعاف تواصل عملها في نقل المصابين إلى المشافي القريبة.</p></article></body></html>"""
BODIES = {
    "/news/a1.html": ("غارات على ريف إدلب", "قتل ثلاثة مدنيين في غارات جوية على بلدة كفرنبل في ريف إدلب الجنوبي."),
    "/news/a2.html": ("اشتباكات في درعا", "اندلعت اشتباكات عنيفة بين فصائل المعارضة وقوات النظام في درعا البلد."),
    "/private/a3.html": ("خبر محجوب", "هذا الخبر لا يجوز جلبه لأن ملف الروبوتات يمنعه."),
}


class Site(BaseHTTPRequestHandler):
    """A tiny news site: robots.txt, an RSS feed, pages with ETags (304 when unchanged)."""

    log: ClassVar[list[tuple[float, str, str | None]]] = []

    def do_GET(self) -> None:
        Site.log.append((time.monotonic(), self.path, self.headers.get("If-None-Match")))
        if self.path == "/robots.txt":
            return self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if self.path == "/feed.xml":
            return self._send(200, self._feed(), "application/rss+xml")
        if self.path in BODIES:
            etag = f'"{abs(hash(self.path))}"'
            if self.headers.get("If-None-Match") == etag:
                return self._send(304, b"", "text/html", etag)
            title, body = BODIES[self.path]
            return self._send(200, PAGE.format(title=title, body=body).encode(), "text/html; charset=utf-8", etag)
        return self._send(404, b"not found", "text/plain")

    def _feed(self) -> bytes:
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        items = "".join(
            f"<item><title>{t}</title><link>{base}{p}</link><pubDate>Tue, 20 Aug 2019 10:00:00 GMT</pubDate></item>"
            for p, (t, _) in BODIES.items()
        )
        head = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>شبكة الاختبار</title>'
        return f"{head}{items}</channel></rss>".encode()

    def _send(self, status: int, body: bytes, ctype: str, etag: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if etag:
            self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site(monkeypatch) -> Iterator[str]:
    monkeypatch.setenv("RASD_FETCH_ALLOW_PRIVATE", "1")  # the test site is on loopback, refused by default
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Site.log = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def sqlite_store(tmp_path) -> Iterator[Store]:
    st = Store.open(str(tmp_path / "rasd.db"))
    yield st
    st.close()


def test_feed_is_fetched_politely_and_conditionally(site, sqlite_store, pipeline):
    with Fetcher(delay=0.2, validators=sqlite_store) as fetcher:
        first = run(sqlite_store, [f"{site}/feed.xml"], pipeline=pipeline, fetcher=fetcher)
    assert (first.counts["ingested"], first.counts["failed"]) == (2, 1)
    assert "robots.txt" in first.failures[0]
    assert not any(path.startswith("/private") for _, path, _ in Site.log)
    times = [t for t, _, _ in Site.log]
    assert all(b - a >= 0.18 for a, b in itertools.pairwise(times))  # per-host rate limit
    record = next(sqlite_store.records())
    assert record["doc"]["source"] == "شبكة الاختبار" and record["doc"]["published"] == "2019-08-20"
    assert record["doc"]["url"].startswith(site)

    Site.log = []
    with Fetcher(delay=0.0, validators=sqlite_store) as fetcher:
        second = run(sqlite_store, [f"{site}/feed.xml"], pipeline=pipeline, fetcher=fetcher)
    assert (second.counts["unchanged"], second.counts["ingested"], second.counts["failed"]) == (2, 0, 1)
    assert sum(1 for _, p, inm in Site.log if p.startswith("/news/") and inm) == 2  # If-None-Match sent
    assert sqlite_store.stats()["articles"] == 2


def test_single_page_url_and_fetch_errors(site, sqlite_store, pipeline):
    with Fetcher(delay=0.0, validators=sqlite_store) as fetcher:
        summary = run(
            sqlite_store,
            [f"{site}/news/a2.html", f"{site}/missing.html", "ftp://x/y"],
            pipeline=pipeline,
            fetcher=fetcher,
        )
    assert summary.counts["ingested"] == 1 and summary.counts["failed"] == 2
    assert any("HTTP 404" in f for f in summary.failures)


def write_warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, status, ctype, body in (
            (
                "https://example.org/news/a1.html",
                "200 OK",
                "text/html; charset=utf-8",
                PAGE.format(title=BODIES["/news/a1.html"][0], body=BODIES["/news/a1.html"][1]).encode(),
            ),
            ("https://example.org/gone.html", "404 Not Found", "text/html", b"<html><body>gone</body></html>"),
            ("https://example.org/logo.png", "200 OK", "image/png", b"\x89PNG\r\n"),
        ):
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            )


def test_warc_html_responses_become_articles(tmp_path, sqlite_store, pipeline):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path)
    articles = list(read_warc(path))
    assert len(articles) == 1 and articles[0].url == "https://example.org/news/a1.html"
    assert "كفرنبل" in articles[0].text and str(articles[0].published) == "2019-08-20"
    summary = run(sqlite_store, [str(path)], pipeline=pipeline)
    assert summary.counts["ingested"] == 1
    assert next(iter(read_warc(tmp_path / "absent.warc"))).code == "E008"


def dev_jsonl(path: Path, n: int) -> list[str]:
    ids = []
    with (
        shared_path("data", "news", "saudinewsnet_syria_sample.jsonl").open(encoding="utf-8") as src,
        path.open("w", encoding="utf-8") as out,
    ):
        for line in src:
            obj = json.loads(line)
            if obj["split"] == "dev" and len(ids) < n:
                out.write(line)
                ids.append(obj["id"])
    return ids


def test_cli_ingest_summary_and_exit_code(tmp_path):
    data = tmp_path / "in.jsonl"
    dev_jsonl(data, 3)
    with data.open("a", encoding="utf-8") as fh:
        fh.write("{not json\n")
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(data), "--db", db, "--json"])
    assert result.exit_code == 1
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert (summary["ingested"], summary["failed"]) == (3, 1) and "E005" in summary["failures"][0]
    result = runner.invoke(app, ["stats", "--db", db, "--json"])
    assert json.loads(result.stdout)["articles"] == 3
    result = runner.invoke(app, ["ingest", str(data), "--db", db])
    assert "unchanged 3" in result.output and result.exit_code == 1


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_sigkill_mid_run_then_rerun_stores_every_article_once(kind, tmp_path):
    gen = db_url(kind, tmp_path)
    url = next(gen)
    try:
        data = tmp_path / "in.jsonl"
        ids = dev_jsonl(data, 30)
        Store.open(url).close()  # migrate first, so the poll below can count
        engine = sa.create_engine(url)
        cmd = [sys.executable, "-m", "rasd.cli", "ingest", str(data), "--db", url, "--no-dedup", "--json"]
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=tmp_path)
        stored = 0
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            with engine.connect() as conn:
                stored = conn.execute(sa.text("SELECT count(*) FROM articles")).scalar()
            if stored >= 3:
                break
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        with engine.connect() as conn:
            at_kill = conn.execute(sa.text("SELECT count(*) FROM articles")).scalar()
        assert 0 < at_kill < len(ids), "the run was not interrupted mid-way"

        done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600)
        summary = json.loads(done.stdout.strip().splitlines()[-1])
        assert summary["failed"] == 0
        assert summary["ingested"] + summary["unchanged"] == len(ids)
        assert summary["unchanged"] >= at_kill
        with engine.connect() as conn:
            q = lambda sql: conn.execute(sa.text(sql)).scalar()  # noqa: E731
            assert q("SELECT count(*) FROM articles") == len(ids)
            assert q("SELECT count(DISTINCT id) FROM articles") == len(ids)
            assert q("SELECT count(*) FROM analyses") == len(ids)
            assert q("SELECT count(*) FROM analyses WHERE article_pk NOT IN (SELECT pk FROM articles)") == 0
            for table in ("entities", "quotes", "places", "events"):
                assert q(f"SELECT count(*) FROM {table} WHERE article_pk NOT IN (SELECT pk FROM articles)") == 0
            stored_ids = {r[0] for r in conn.execute(sa.text("SELECT id FROM articles"))}
            assert stored_ids == set(ids)
            if kind == "sqlite":
                conn.execute(sa.text("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')"))
                assert q("PRAGMA integrity_check") == "ok"
        engine.dispose()
    finally:
        gen.close()
