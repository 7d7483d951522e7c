"""The guarded fetcher against a real local server: private addresses, redirects, drips and bombs."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from rasd.errors import RasdError
from rasd.ingest.fetch import MAX_BYTES, Fetcher
from rasd.ingest.netguard import Policy, resolve

BOMB = gzip.compress(b"\0" * (MAX_BYTES * 3), compresslevel=9)
SECRET = "قالت مصادر في وزارة الداخلية إن اجتماعا مغلقا عقد أمس في العاصمة لبحث الوضع الأمني في المحافظات الشمالية."


class Hostile(BaseHTTPRequestHandler):
    """Pages that misbehave in the ways a fetched URL can."""

    def do_GET(self) -> None:
        port = self.server.server_address[1]
        if self.path == "/robots.txt":
            self._send(404, b"")
        elif self.path == "/ok":
            self._send(200, "<html><body><p>خبر قصير</p></body></html>".encode())
        elif self.path == "/intranet":
            self._send(200, ("<html><head><title>مذكرة داخلية</title></head><body><p>" + SECRET + "</p>"
                             "</body></html>").encode())
        elif self.path == "/to-loopback":
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.1:{port}/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(60):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.25)
            except OSError:
                pass
        elif self.path == "/huge-declared":
            self.send_response(200)
            self.send_header("Content-Length", str(10 * MAX_BYTES))
            self.end_headers()
        elif self.path == "/bomb":
            self.send_response(200)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(BOMB)))
            self.end_headers()
            self.wfile.write(BOMB)
        else:
            self._send(404, b"")

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hostile() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://localhost/", "http://2130706433/", "http://0x7f.1/", "http://0177.0.0.1/",
    "http://0.0.0.0/", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://10.1.2.3/", "http://192.168.0.1/",
    "http://172.16.5.5/", "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/", "http://224.0.0.1/",
    "http://100.64.0.1/", "http://[fc00::1]/",
])
def test_private_and_loopback_forms_are_refused(url):
    with pytest.raises(RasdError) as err:
        resolve(url, Policy())
    assert err.value.code == "E012" and "not a public" in err.value.message


@pytest.mark.parametrize("url", ["ftp://example.org/x", "file:///etc/passwd", "gopher://x/", "http:///nohost"])
def test_only_http_urls_with_a_host(url):
    with pytest.raises(RasdError) as err:
        resolve(url, Policy())
    assert err.value.code == "E013"


def test_loopback_refused_by_default_even_by_the_fetcher(hostile):
    with Fetcher(delay=0, policy=Policy()) as fetcher, pytest.raises(RasdError) as err:
        fetcher.get(f"http://127.0.0.1:{hostile}/ok", conditional=False)
    assert "not a public" in err.value.message


def test_every_redirect_hop_is_checked(hostile):
    # localhost is allowed (allow-list), the redirect target 127.0.0.1 is not: the hop is refused.
    policy = Policy(allow_private=True, allow_hosts=frozenset({"localhost"}))
    with Fetcher(delay=0, policy=policy) as fetcher:
        assert b"<p>" in fetcher.get(f"http://localhost:{hostile}/ok", conditional=False).content
        with pytest.raises(RasdError) as err:
            fetcher.get(f"http://localhost:{hostile}/to-loopback", conditional=False)
    assert "allow-list" in err.value.message


def test_redirect_loops_end(hostile):
    with Fetcher(delay=0, policy=Policy(allow_private=True)) as fetcher, pytest.raises(RasdError) as err:
        fetcher.get(f"http://127.0.0.1:{hostile}/loop", conditional=False)
    assert "redirects" in err.value.message


def test_a_dripping_server_is_cut_off_at_the_deadline(hostile):
    started = time.monotonic()
    with Fetcher(delay=0, policy=Policy(allow_private=True), deadline=1.5) as fetcher, \
            pytest.raises(RasdError) as err:
        fetcher.get(f"http://127.0.0.1:{hostile}/drip", conditional=False)
    assert err.value.code == "E012" and time.monotonic() - started < 6


@pytest.mark.parametrize("path", ["/huge-declared", "/bomb"])
def test_bodies_are_capped_on_the_wire_and_after_decompression(hostile, path):
    with Fetcher(delay=0, policy=Policy(allow_private=True)) as fetcher, pytest.raises(RasdError) as err:
        fetcher.get(f"http://127.0.0.1:{hostile}{path}", conditional=False)
    assert err.value.code == "E003"


def test_connection_errors_name_no_internal_address():
    with Fetcher(delay=0, policy=Policy(allow_private=True)) as fetcher, pytest.raises(RasdError) as err:
        fetcher.get("http://127.0.0.1:9/never", conditional=False)
    detail = err.value.detail
    assert err.value.code == "E012" and "127.0.0.1" not in detail and ":9" not in detail


def test_slow_fetches_leave_the_app_answering(tmp_path, monkeypatch, hostile):
    """40 POSTs of a dripping URL: a few fetch (each cut at its deadline), the rest are refused at
    once, and /healthz and the pages keep answering meanwhile."""
    import dataclasses
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    from rasd.web import create_app
    from rasd.web.config import Settings
    from tests.web_support import ServerThread

    monkeypatch.setenv("RASD_FETCH_ALLOW_PRIVATE", "1")
    monkeypatch.setenv("RASD_RATE_WRITE", "1000/60")
    settings = dataclasses.replace(Settings.from_env(store_url=f"sqlite:///{tmp_path / 's.db'}", token="t0ken"),
                                   fetch_timeout=5.0)
    drip = f"http://127.0.0.1:{hostile}/drip"

    def post(_: int) -> httpx.Response:
        return httpx.post(f"{srv.url}/api/articles", json={"url": drip}, headers={"Authorization": "Bearer t0ken"},
                          timeout=30)

    with ServerThread(create_app(settings=settings)) as srv, ThreadPoolExecutor(40) as pool:
        futures = [pool.submit(post, i) for i in range(40)]
        time.sleep(0.5)
        for path in ("/healthz", "/", "/api/articles"):
            started = time.monotonic()
            assert httpx.get(srv.url + path, timeout=10).status_code == 200
            # well before any fetch reaches its 5-s deadline: nothing waits behind the fetches
            assert time.monotonic() - started < 3.5, path
        answers = [f.result() for f in futures]
    assert all(a.status_code == 422 for a in answers)
    busy = sum("too many fetches" in a.text for a in answers)
    assert busy >= 40 - 4 - 4  # at most the slots (a few more if some finished before others began)


def test_a_page_fetched_by_post_is_read_only_as_the_read_policy_says(tmp_path, monkeypatch, hostile):
    """A page the server fetched on a writer's POST (here from an intranet address, allowed by
    RASD_FETCH_ALLOW_PRIVATE) is stored like any fetched page (its validators recorded, as
    `rasd ingest URL` does) and read like any article: with a read token configured, no read path
    shows it without the token; the POST's answer holds no page text."""
    from fastapi.testclient import TestClient

    from rasd.store import Store
    from rasd.web import create_app

    monkeypatch.setenv("RASD_FETCH_ALLOW_PRIVATE", "1")
    db = f"sqlite:///{tmp_path / 'r.db'}"
    url = f"http://127.0.0.1:{hostile}/intranet"
    writer = {"Authorization": "Bearer w-t0ken"}
    with TestClient(create_app(db, token="w-t0ken", read_token="r-t0ken")) as client:
        posted = client.post("/api/articles", json={"url": url}, headers=writer)
        assert posted.status_code == 201, posted.text
        assert "اجتماعا" not in posted.text
        aid = posted.json()["id"]
        paths = [f"/api/articles/{aid}", f"/articles/{aid}", "/api/articles", "/articles?q=اجتماع",
                 "/api/articles?q=اجتماع", "/api/export?format=jsonl", "/api/events", "/events", "/api/quotes",
                 "/quotes", "/"]
        for path in paths:
            answer = client.get(path)
            assert answer.status_code == 401 and "اجتماع" not in answer.text, path
            assert client.get(path, headers=writer).status_code == 401, path  # the write token is no read token
        reader = {"Authorization": "Bearer r-t0ken"}
        assert "اجتماعا مغلقا" in client.get(f"/api/articles/{aid}", headers=reader).json()["text"]
        assert "اجتماعا مغلقا" in client.get(f"/articles/{aid}", headers=reader).text
    with Store.open(db) as store:
        assert store.fetch_state(url) is not None
