"""The web API's edges, with the real app over a real SQLite store: schemathesis against the OpenAPI
spec (no 500s, responses match the schema), tokens on every write, request size limits (413),
per-client rate limiting (429), CORS off by default, and the security headers on every kind of
response (pages, API, errors, static files)."""

from __future__ import annotations

import calendar
import http.client
import os
import re

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import negative_data_rejection, positive_data_acceptance

from rasd.web import create_app
from rasd.web.ratelimit import Limits, Rate, RateLimit
from tests.web_support import ARTICLES, TOKEN, ServerThread, store_url

AUTH = {"Authorization": f"Bearer {TOKEN}"}
ARTICLE_ID = ARTICLES[0]["id"]
CLOSED_PORT_URL = "http://127.0.0.1:9/never"  # nothing listens on the discard port: a fast, local failure


def app_for(name: str = "security", **kw):
    return create_app(store_url(name), token=TOKEN, **kw)


# --- schemathesis -------------------------------------------------------------------------------

EXAMPLES = int(os.environ.get("RASD_SCHEMATHESIS_EXAMPLES", 40))  # per operation
schema = schemathesis.openapi.from_asgi("/openapi.json", app_for("schemathesis"))


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_spec(case):
    """Every documented operation: no 5xx, documented status codes and content types, bodies that
    match the response schemas, invalid input rejected and valid input accepted."""
    url = case.body.get("url") if isinstance(case.body, dict) else None
    if isinstance(url, str) and 1 <= len(url) <= 2000:  # a valid URL stays valid, an invalid one untouched
        case.body["url"] = CLOSED_PORT_URL  # never let a generated URL leave the machine
    response = case.call(headers=AUTH)
    # The date pattern cannot tell leap years: a Feb 29 of another year is schema-valid yet a 422.
    leap_day = any(isinstance(v, str) and re.fullmatch(r"\d{4}-02-29", v) and not calendar.isleap(int(v[:4]))
                   for v in (case.query or {}).values())
    # A text of spaces only (and no URL) is schema-valid yet refused: there is nothing to analyse.
    body = case.body if isinstance(case.body, dict) else {}
    blank_text = isinstance(body.get("text"), str) and not body["text"].strip() and not body.get("url")
    # A filter value is free text (Arabic or English); one that names nothing rasd knows is refused
    # with a 422 saying so, never answered with a silent empty result.
    unknown_value = response.status_code == 422 and "unknown " in response.text
    # A well-formed URL that cannot be fetched (here: a closed port, refused as non-public) is refused.
    fetch_failed = response.status_code == 422 and "E012" in response.text
    # A NUL (%00) in a query is refused on every store (PostgreSQL cannot hold it): a documented 422.
    nul = response.status_code == 422 and "NUL character" in response.text
    # A map bbox's order and ranges (west<=east, latitudes within ±90) cannot be said in the schema.
    bad_bbox = response.status_code == 422 and "bbox is west,south,east,north" in response.text
    excluded = ([positive_data_acceptance] if leap_day or blank_text or unknown_value or fetch_failed or nul
                or bad_bbox else [])
    if response.status_code == 413:  # an over-long body refused for its size is a rejection too
        excluded.append(negative_data_rejection)
    case.validate_response(response, excluded_checks=excluded)


# --- tokens on writes ----------------------------------------------------------------------------

WRITES = [(r.path, m) for r in app_for().state.api_routes for m in (r.methods or ()) if m not in {"GET", "HEAD"}]


@pytest.fixture(scope="module")
def client():
    """The app of the token tests, with a write budget above the number of writes they send (every
    write route times every wrong token); the limits themselves are tested below."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RASD_RATE_WRITE", "1000/60")
        app = app_for()
    with TestClient(app) as c:
        yield c


def test_there_are_write_operations_to_guard():
    assert ("/api/articles", "POST") in WRITES


@pytest.mark.parametrize(("path", "method"), WRITES)
@pytest.mark.parametrize("auth", [None, "", "Bearer", "Bearer ", "Bearer wrong", f"Basic {TOKEN}", TOKEN,
                                  f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}", "Bearer \x00"])
def test_every_write_needs_the_exact_bearer_token(client, path, method, auth):
    headers = {"Authorization": auth} if auth is not None else {}
    r = client.request(method, path, json={"text": "قصفت طائرات بلدة في ريف إدلب."}, headers=headers)
    assert r.status_code == 401, (auth, r.status_code)
    assert r.headers.get("www-authenticate", "").lower().startswith("bearer")


def test_the_right_token_writes(client):
    r = client.post("/api/articles", json={"text": "قصفت طائرات حربية بلدة كفرنبل في ريف إدلب.", "id": "sec-ok"},
                    headers=AUTH)
    assert r.status_code in (200, 201) and r.json()["id"] == "sec-ok"


@pytest.mark.parametrize("body", [b'{"text": "\\ud800 \\u0642\\u0627\\u0644"}',
                                  b'{"text": "\\u0642", "id": "x\\udfff"}',
                                  b'{"text": "\\u0642", "title": "\\udc00"}'])
def test_lone_surrogates_in_a_json_body_are_422_not_500(client, body):
    r = client.post("/api/articles", content=body, headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["detail"][0]["type"] == "string_unicode"


# --- request size limits ------------------------------------------------------------------------

def test_declared_body_over_the_limit_is_413_before_reading_it():
    with TestClient(app_for(max_body=1000)) as c:
        r = c.post("/api/articles", content=b"x" * 1001, headers={**AUTH, "Content-Type": "application/json"})
        assert r.status_code == 413
        assert r.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("length", ["abc", "-1", "1e9", "99999999999999999999"])
def test_nonsense_content_length_is_refused(length):
    app = app_for(max_body=1000)
    with ServerThread(app) as srv:
        conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
        conn.putrequest("POST", "/api/articles")
        conn.putheader("Content-Length", length)
        conn.putheader("Authorization", AUTH["Authorization"])
        conn.endheaders()
        status = conn.getresponse().status
        conn.close()
    assert status in (400, 413)


def test_streamed_body_without_length_is_cut_at_the_limit():
    """Chunked transfer over a real socket: the limit holds without a Content-Length."""
    app = app_for(max_body=10_000)
    with ServerThread(app) as srv:
        conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=20)
        conn.putrequest("POST", "/api/articles")
        conn.putheader("Transfer-Encoding", "chunked")
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Authorization", AUTH["Authorization"])
        conn.endheaders()
        chunk = b'{"text": "' + b"a" * 4000
        try:
            for _ in range(50):  # 200 KB offered; the server answers long before
                conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            conn.send(b"0\r\n\r\n")
        except OSError:
            pass  # the server may close the connection once it has answered
        r = conn.getresponse()
        assert r.status == 413
        conn.close()


# --- per-client rate limiting -------------------------------------------------------------------

def test_defaults_leave_reads_open_and_limit_writes(monkeypatch):
    monkeypatch.delenv("RASD_RATE_READ", raising=False)
    monkeypatch.delenv("RASD_RATE_WRITE", raising=False)
    limits = Limits.from_env()
    assert limits.read is None and limits.write == Rate(30, 60.0)
    with TestClient(app_for()) as c:
        assert all(c.get("/api/stats").status_code == 200 for _ in range(100))


def test_writes_over_the_limit_are_429_with_retry_after(monkeypatch):
    monkeypatch.setenv("RASD_RATE_WRITE", "3/60")
    app = app_for()
    assert "429" in app.openapi()["paths"]["/api/articles"]["post"]["responses"]
    assert "429" not in app.openapi()["paths"]["/api/articles"]["get"]["responses"]
    with TestClient(app) as c, TestClient(app, client=("10.0.0.2", 4000)) as other:
        codes = [c.post("/api/articles", json={}, headers=AUTH).status_code for _ in range(4)]
        assert codes[:3] == [422] * 3 and codes[3] == 429
        r = c.post("/api/articles", json={}, headers=AUTH)
        assert r.status_code == 429 and 1 <= int(r.headers["retry-after"]) <= 20
        assert "too many" in r.json()["detail"]
        assert r.headers["x-content-type-options"] == "nosniff"
        assert c.get("/api/stats").status_code == 200  # reads are counted apart
        assert other.post("/api/articles", json={}, headers=AUTH).status_code == 422  # another client


def test_read_limit_when_configured_spares_static_files(monkeypatch):
    monkeypatch.setenv("RASD_RATE_READ", "5/min")
    with TestClient(app_for()) as c:
        assert [c.get("/api/stats").status_code for _ in range(6)] == [200] * 5 + [429]
        assert c.get("/static/rasd.css").status_code == 200
        assert c.get("/").status_code == 429


def test_bucket_refills_and_forgets_old_clients():
    now = [0.0]
    limiter = RateLimit(None, limits=Limits(None, Rate(2, 10.0)), max_clients=3, clock=lambda: now[0])
    rate = limiter.limits.write
    assert [limiter.take("a", "write", rate) for _ in range(3)] == [0.0, 0.0, 5.0]
    now[0] = 5.0
    assert limiter.take("a", "write", rate) == 0.0
    for client in "bcde":
        limiter.take(client, "write", rate)
    assert len(limiter.buckets) == 3 and ("a", "write") not in limiter.buckets


@pytest.mark.parametrize("value", ["x/60", "3/-1", "-3/60", "3/0"])
def test_bad_rate_settings_fail_loudly(value):
    with pytest.raises(ValueError):
        Rate.parse(value)


@pytest.mark.parametrize(("value", "expected"), [("off", None), ("", None), ("0", None), ("10/min", Rate(10, 60.0)),
                                                 ("5/s", Rate(5, 1.0)), ("120/3600", Rate(120, 3600.0))])
def test_rate_settings(value, expected):
    assert Rate.parse(value) == expected


# --- CORS ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/api/articles", f"/api/articles/{ARTICLE_ID}", "/api/stats", "/"])
def test_cors_is_off_by_default(client, path):
    r = client.get(path, headers={"Origin": "https://evil.example"})
    assert r.status_code == 200
    assert not any(h.startswith("access-control-") for h in r.headers)
    pre = client.options(path, headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST",
                                        "Access-Control-Request-Headers": "authorization"})
    assert "access-control-allow-origin" not in pre.headers


def test_configured_cors_allows_only_the_listed_origins():
    with TestClient(app_for(cors_origins=("https://ok.example",))) as c:
        assert c.get("/api/stats", headers={"Origin": "https://ok.example"}).headers[
            "access-control-allow-origin"] == "https://ok.example"
        assert "access-control-allow-origin" not in c.get("/api/stats", headers={"Origin": "https://evil.example"}).headers


# --- security headers ---------------------------------------------------------------------------

RESPONSES = {
    "page": ("GET", "/", 200),
    "article page": ("GET", f"/articles/{ARTICLE_ID}", 200),
    "events page": ("GET", "/events", 200),
    "quotes page": ("GET", "/quotes", 200),
    "docs page": ("GET", "/docs", 200),
    "api": ("GET", "/api/articles", 200),
    "openapi": ("GET", "/openapi.json", 200),
    "static": ("GET", "/static/rasd.js", 200),
    "404 page": ("GET", "/articles/no-such-article", 404),
    "404 api": ("GET", "/api/articles/no-such-article", 404),
    "422": ("GET", "/api/articles?limit=0", 422),
    "401": ("POST", "/api/articles", 401),
    "405": ("DELETE", "/api/articles", 405),
}


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_security_headers_on_every_kind_of_response(client, name):
    method, path, status = RESPONSES[name]
    r = client.request(method, path)
    assert r.status_code == status
    csp = dict(part.strip().split(" ", 1) for part in r.headers["content-security-policy"].split(";"))
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    for directive in ("script-src", "default-src"):
        assert "'unsafe-inline'" not in csp[directive] and "'unsafe-eval'" not in csp[directive]
        assert "*" not in csp[directive].split()
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


@pytest.mark.parametrize("path", ["/", f"/articles/{ARTICLE_ID}", "/events", "/quotes", "/docs", "/?lang=en",
                                  "/articles/no-such-article", "/?q=<script>alert(1)</script>"])
def test_pages_have_no_inline_scripts_or_handlers(client, path):
    page = client.get(path).text
    assert not INLINE_SCRIPT.search(page), INLINE_SCRIPT.search(page)
    assert not INLINE_HANDLER.search(page), INLINE_HANDLER.search(page)
    assert not JS_URL.search(page)
