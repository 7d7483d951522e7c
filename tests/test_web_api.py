"""The web app's JSON API and pages over a real SQLite store (status codes, pagination, filters, auth)."""

from __future__ import annotations

import csv
import http.server
import io
import json
import threading

import pytest
from fastapi.testclient import TestClient

from tests.web_support import ARTICLES, OBFUSCATED_ID, PAYLOAD_ARTICLE, TOKEN, highlights, store_url

N = len(ARTICLES)


@pytest.fixture(scope="module")
def url() -> str:
    return store_url()


@pytest.fixture(scope="module")
def client(url):
    from rasd.web import create_app

    with TestClient(create_app(url, token=TOKEN)) as c:
        yield c


@pytest.fixture(scope="module")
def records(client) -> dict[str, dict]:
    return {a["id"]: client.get(f"/api/articles/{a['id']}").json() for a in ARTICLES}


# --- articles ---------------------------------------------------------------------------------

def test_article_list_has_every_article_with_its_metadata(client):
    body = client.get("/api/articles").json()
    assert body["total"] == N
    assert {i["id"] for i in body["items"]} == {a["id"] for a in ARTICLES}
    for item in body["items"]:
        assert {"id", "title", "source", "published"} <= item.keys()
    assert [i["published"] for i in body["items"]] == sorted((i["published"] for i in body["items"]), reverse=True)


def test_article_list_paginates_without_overlap(client):
    first = client.get("/api/articles", params={"limit": 2, "offset": 0}).json()
    second = client.get("/api/articles", params={"limit": 2, "offset": 2}).json()
    assert first["total"] == second["total"] == N
    assert len(first["items"]) == 2 and len(second["items"]) == N - 2
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    assert client.get("/api/articles", params={"offset": 100}).json()["items"] == []


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 201}, {"offset": -1}, {"date_from": "2019/08/01"},
                                    {"date_to": "2019-13"}, {"date_from": "2019-02-30"}, {"q": "x" * 501}])
def test_bad_list_parameters_are_422(client, params):
    assert client.get("/api/articles", params=params).status_code == 422


@pytest.mark.parametrize("query", ["الإرهابيين", "إرهابيين", "والإرهابيين"])
def test_search_finds_an_obfuscated_spelling(client, query):
    body = client.get("/api/articles", params={"q": query}).json()
    assert [i["id"] for i in body["items"]] == [OBFUSCATED_ID]
    hit = body["items"][0]
    assert hit["snippet"] and hit["highlights"]
    s, e = hit["highlights"][0]
    assert hit["snippet"][s:e] == "بالإرهـ.ابيين" or "ابيين" in hit["snippet"][s:e]


def test_search_page_marks_hits_and_counts(client):
    page = client.get("/", params={"q": "الإرهابيين"}).text
    assert f'href="/articles/{OBFUSCATED_ID}"' in page
    assert "<mark>" in page
    assert 'id="total" data-total="1"' in page


@pytest.mark.parametrize(("params", "expected"), [
    ({"source": "شبكة رصد"}, {OBFUSCATED_ID, "web-aleppo-shelling"}),
    ({"date_from": "2019-08-19"}, {OBFUSCATED_ID, "web-aleppo-shelling"}),
    ({"date_to": "2019-08-15"}, {"web-hama-clashes"}),
    ({"date_from": "2019-08", "date_to": "2019-08"}, {a["id"] for a in ARTICLES}),
    ({"date_to": "2018"}, set()),
    ({"source": "no such source"}, set()),
])
def test_article_filters(client, params, expected):
    body = client.get("/api/articles", params=params).json()
    assert {i["id"] for i in body["items"]} == expected
    assert body["total"] == len(expected)


def test_governorate_event_type_and_actor_filters_agree_with_the_records(client, records):
    for rec in records.values():
        for v in rec["events"]:
            got = client.get("/api/articles", params={"event_type": v["event_type"]}).json()
            assert rec["doc"]["id"] in {i["id"] for i in got["items"]}
        for p in rec["places"]:
            if p.get("admin1"):
                got = client.get("/api/articles", params={"governorate": p["admin1"]}).json()
                assert rec["doc"]["id"] in {i["id"] for i in got["items"]}
    assert client.get("/api/articles", params={"governorate": "Atlantis"}).json()["total"] == 0
    assert client.get("/api/articles", params={"event_type": "Riots", "source": "درعا اليوم",
                                               "actor": "لا أحد"}).json()["total"] == 0


def test_article_record_is_the_analysis(client, records):
    rec = records[OBFUSCATED_ID]
    assert rec["schema"] == "rasd.analysis/1"
    assert rec["doc"]["id"] == OBFUSCATED_ID
    assert "الإرهـ.ابيين" in rec["text"]
    assert client.get("/api/articles/no-such-article").status_code == 404


# --- the article page -------------------------------------------------------------------------

@pytest.mark.parametrize("article_id", [a["id"] for a in ARTICLES])
def test_article_page_highlights_match_the_record_offsets(client, records, article_id):
    rec = records[article_id]
    page = client.get(f"/articles/{article_id}")
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in page.text
    shown, pieces, tags = highlights(page.text)
    assert shown == rec["text"]  # nothing lost, nothing added, whatever the spans
    assert tags == 0
    for piece in pieces:
        assert piece["text"] == rec["text"][piece["start"]:piece["end"]], piece
    by_id: dict[str, list[dict]] = {}
    for piece in pieces:
        by_id.setdefault(piece["id"], []).append(piece)
    expected = {e["id"]: e for e in rec["entities"]} | {p["id"]: p for p in rec["places"]} \
        | {t["id"]: t for t in rec["times"]} | {q["id"]: q for q in rec["quotes"]}
    for ident, item in expected.items():
        if item["end"] <= item["start"]:
            continue
        parts = sorted(by_id[ident], key=lambda p: p["start"])
        assert parts[0]["start"] == item["start"] and parts[-1]["end"] == item["end"]
        assert "".join(p["text"] for p in parts) == item["text"]
        assert sum(1 for p in parts if p["html_id"] == f"span-{ident}") == 1
    for v in rec["events"]:
        for i, ev in enumerate(v["evidence"]):
            parts = by_id[f"{v['id']}-ev{i}"]
            assert min(p["start"] for p in parts) == ev["start"] and max(p["end"] for p in parts) == ev["end"]


def test_restored_obfuscation_shows_the_canonical_form_on_hover(client, records):
    rec = records[OBFUSCATED_ID]
    _, pieces, _ = highlights(client.get(f"/articles/{OBFUSCATED_ID}").text)
    restored = [p for p in pieces if p["kind"] == "restored"]
    obfuscations = [c for c in rec["cleaned"] if c["reason"] == "obfuscation"]
    assert obfuscations, "cleaning should record the obfuscated spelling"
    for c in obfuscations:
        match = [p for p in restored if p["start"] == c["start"]]
        assert match and c["canonical"] in match[0]["title"]


def test_side_panel_links_point_at_anchors_that_exist(client, records):
    for article_id, rec in records.items():
        page = client.get(f"/articles/{article_id}").text
        for q in rec["quotes"]:
            assert f'href="#span-{q["id"]}"' in page and f'id="span-{q["id"]}"' in page
        for v in rec["events"]:
            if v["evidence"]:
                assert f'href="#span-{v["id"]}-ev0"' in page and f'id="span-{v["id"]}-ev0"' in page


def test_missing_article_page_is_404_html(client):
    r = client.get("/articles/nothing-here")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]


def test_english_toggle_sets_a_cookie_and_flips_direction():
    from rasd.web import create_app

    with TestClient(create_app(store_url())) as c:
        r = c.get("/", params={"lang": "en"})
        assert '<html lang="en" dir="ltr">' in r.text and r.cookies.get("lang") == "en"
        assert '<html lang="en" dir="ltr">' in c.get("/events").text
        assert '<html lang="ar" dir="rtl">' in c.get("/quotes", params={"lang": "ar"}).text
        c.cookies.set("lang", "yy")
        assert '<html lang="ar" dir="rtl">' in c.get("/", params={"lang": "xx"}).text


# --- events, quotes, export, stats, docs ------------------------------------------------------

def test_events_api_and_page(client, records):
    expected = sum(len(r["events"]) for r in records.values())
    body = client.get("/api/events").json()
    assert body["total"] == expected == len(body["items"])
    for ev in body["items"]:
        assert {"event_type", "event_date", "article_id", "latitude", "longitude", "admin1", "evidence"} <= ev.keys()
        assert ev["article_id"] in records
    page = client.get("/events")
    assert page.status_code == 200 and 'id="map"' in page.text and 'id="timeline"' in page.text
    assert "data-api=\"/api/map?cap=1000\"" in page.text  # the server aggregates past the cap
    assert client.get("/api/events", params={"limit": 5001}).status_code == 422
    if expected:
        one = body["items"][0]
        got = client.get("/api/events", params={"event_type": one["event_type"]}).json()
        assert got["total"] >= 1 and all(e["event_type"] == one["event_type"] for e in got["items"])
        assert client.get("/api/events", params={"limit": 1}).json()["total"] == expected


def test_events_date_filter_uses_whole_days(client):
    assert client.get("/api/events", params={"date_from": "2030"}).json()["total"] == 0
    body = client.get("/api/events", params={"date_to": "2030-12"}).json()
    assert body["total"] == client.get("/api/events").json()["total"]


def test_quotes_api_filters_and_page(client, records):
    expected = sum(len(r["quotes"]) for r in records.values())
    body = client.get("/api/quotes").json()
    assert body["total"] == expected
    for q in body["items"]:
        assert {"text", "stance", "speaker", "article_id", "source"} <= q.keys()
    for stance in {q["stance"] for q in body["items"]}:
        got = client.get("/api/quotes", params={"stance": stance}).json()
        assert got["total"] >= 1 and all(q["stance"] == stance for q in got["items"])
    assert client.get("/api/quotes", params={"source": "none"}).json()["total"] == 0
    assert client.get("/api/quotes", params={"limit": 0}).status_code == 422
    assert client.get("/quotes", params={"stance": "deny", "speaker": "ناجي"}).status_code == 200


@pytest.mark.parametrize(("fmt", "media"), [("acled-csv", "text/csv"), ("geojson", "application/geo+json"),
                                            ("jsonl", "application/x-ndjson"),
                                            ("parquet", "application/vnd.apache.parquet")])
def test_export_formats(client, records, fmt, media):
    r = client.get("/api/export", params={"format": fmt})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    assert "attachment" in r.headers["content-disposition"]
    if fmt == "jsonl":
        lines = [json.loads(line) for line in r.text.splitlines() if line]
        assert {rec["doc"]["id"] for rec in lines} == set(records)
    elif fmt == "parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(io.BytesIO(r.content))
        assert table.num_rows == sum(len(rec["events"]) for rec in records.values())
        assert b"geo" in table.schema.metadata
    elif fmt == "geojson":
        data = json.loads(r.text)
        assert data["type"] == "FeatureCollection"
        assert len(data["features"]) == sum(len(rec["events"]) for rec in records.values())
    else:
        rows = list(csv.reader(io.StringIO(r.text)))
        assert rows and len(rows) - 1 == sum(len(rec["events"]) for rec in records.values())


def test_export_follows_filters_and_rejects_unknown_formats(client):
    r = client.get("/api/export", params={"format": "jsonl", "source": "درعا اليوم"})
    assert [json.loads(x)["doc"]["id"] for x in r.text.splitlines()] == ["web-daraa-protest"]
    assert client.get("/api/export", params={"format": "xml"}).status_code == 422


def test_stats_docs_and_openapi(client):
    stats = client.get("/api/stats").json()
    assert stats["articles"] == N
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/openapi.json" in docs.text
    spec = client.get("/openapi.json").json()
    assert {"/api/articles", "/api/articles/{article_id}", "/api/events", "/api/quotes", "/api/export",
            "/api/stats"} <= set(spec["paths"])
    assert "post" in spec["paths"]["/api/articles"]


# --- writes, auth and security ----------------------------------------------------------------

def _app(**kwargs):
    from rasd.web import create_app

    return TestClient(create_app(store_url(), **kwargs))


def test_post_needs_the_bearer_token(tmp_path):
    from rasd.web import create_app

    with TestClient(create_app(f"sqlite:///{tmp_path / 'w.db'}", token=TOKEN)) as c:
        body = {"text": "قال مسؤول إن الوضع هادئ في حمص.", "title": "حمص", "published": "2019-08-23"}
        assert c.post("/api/articles", json=body).status_code == 401
        assert c.post("/api/articles", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.post("/api/articles", json=body, headers={"Authorization": TOKEN}).status_code == 401
        auth = {"Authorization": f"Bearer {TOKEN}"}
        r = c.post("/api/articles", json=body, headers=auth)
        assert r.status_code == 201, r.text
        created = r.json()
        assert created["status"] == "ingested" and created["href"] == f"/articles/{created['id']}"
        assert c.get(f"/api/articles/{created['id']}").json()["doc"]["title"] == "حمص"
        again = c.post("/api/articles", json=body, headers=auth)
        assert again.status_code == 200 and again.json()["status"] == "unchanged"
        assert c.get("/api/articles").json()["total"] == 1
        assert c.post("/api/articles", json={"title": "x"}, headers=auth).status_code == 422
        assert c.post("/api/articles", json={"text": "x", "evil": 1}, headers=auth).status_code == 422
        assert c.post("/api/articles", json={"text": "نص", "published": "yesterday"}, headers=auth).status_code == 422
        assert c.post("/api/articles", json={"url": "file:///etc/passwd"}, headers=auth).status_code == 422


def test_writes_are_off_without_a_configured_token(monkeypatch):
    monkeypatch.delenv("RASD_TOKEN", raising=False)
    with _app() as c:
        r = c.post("/api/articles", json={"text": "نص"}, headers={"Authorization": "Bearer anything"})
        assert r.status_code == 401 and "disabled" in r.json()["detail"]


class _Page(http.server.BaseHTTPRequestHandler):
    BODY = ("<html><head><title>انفجار في القامشلي</title></head><body><article><h1>انفجار في القامشلي</h1>"
            "<p>انفجرت سيارة مفخخة اليوم في مدينة القامشلي بمحافظة الحسكة، ما أدى إلى مقتل شخصين وإصابة آخرين "
            "بحسب مصادر محلية. وقال شهود عيان إن الانفجار وقع قرب سوق المدينة المزدحم في ساعات الصباح.</p>"
            "<p>ولم تعلن أي جهة مسؤوليتها عن التفجير حتى الآن، فيما طوقت قوات الأمن المكان.</p>"
            "</article></body></html>").encode()

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(self.BODY)))
        self.end_headers()
        self.wfile.write(self.BODY)

    def log_message(self, *args) -> None:
        pass


def test_post_a_url_fetches_and_analyses_it(tmp_path, monkeypatch):
    from rasd.web import create_app

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with TestClient(create_app(f"sqlite:///{tmp_path / 'u.db'}", token=TOKEN)) as c:
            url = f"http://127.0.0.1:{server.server_address[1]}/news/qamishli.html"
            refused = c.post("/api/articles", json={"url": url}, headers={"Authorization": f"Bearer {TOKEN}"})
            assert refused.status_code == 422 and "not a public" in refused.text  # loopback: refused by default
            monkeypatch.setenv("RASD_FETCH_ALLOW_PRIVATE", "1")
            r = c.post("/api/articles", json={"url": url, "source": "محلي"},
                       headers={"Authorization": f"Bearer {TOKEN}"})
            assert r.status_code == 201, r.text
            rec = c.get(f"/api/articles/{r.json()['id']}").json()
            assert rec["doc"]["url"] == url and "القامشلي" in rec["text"] and rec["doc"]["source"] == "محلي"
            dead = c.post("/api/articles", json={"url": "http://127.0.0.1:9/nothing"},
                          headers={"Authorization": f"Bearer {TOKEN}"})
            assert dead.status_code == 422 and "E012" in dead.text
    finally:
        server.shutdown()


def test_read_token_guards_reads_but_not_static_files():
    with _app(read_token="reader") as c:
        for path in ("/", "/api/articles", f"/articles/{OBFUSCATED_ID}", "/events", "/api/events", "/quotes",
                     "/api/quotes", "/api/export", "/api/stats"):
            assert c.get(path).status_code == 401, path
        assert c.get("/api/articles", headers={"Authorization": "Bearer reader"}).status_code == 200
        c.cookies.set("rasd_token", "reader")
        assert c.get("/api/events").status_code == 200
        assert c.get("/static/rasd.css").status_code == 200


def test_security_headers_on_pages_api_and_static(client):
    for path in ("/", f"/articles/{OBFUSCATED_ID}", "/api/articles", "/static/rasd.js", "/docs", "/nope"):
        h = client.get(path).headers
        policy = h["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "frame-ancestors 'none'" in policy
        assert h["x-content-type-options"] == "nosniff"


def test_no_inline_scripts_or_styles_in_any_page(client):
    import re

    for path in ("/", f"/articles/{OBFUSCATED_ID}", "/events", "/quotes", "/docs", "/articles/none"):
        page = client.get(path).text
        for tag in re.findall(r"<script\b[^>]*>", page):
            assert 'src="/static/' in tag, (path, tag)
        assert "<style" not in page and not re.search(r"<[^>]*\s(style|on[a-z]+)\s*=", page), path


def test_cors_is_off_by_default_and_on_when_configured(client):
    r = client.get("/api/articles", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers
    with _app(cors_origins=("https://ok.example",)) as c:
        r = c.get("/api/articles", headers={"Origin": "https://ok.example"})
        assert r.headers["access-control-allow-origin"] == "https://ok.example"


def test_request_body_limit_is_413():
    with _app(token=TOKEN, max_body=2000) as c:
        big = {"text": "ن" * 5000}
        r = c.post("/api/articles", json=big, headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 413

        def chunks():
            for _ in range(10):
                yield b"x" * 500

        r = c.post("/api/articles", content=chunks(), headers={"Authorization": f"Bearer {TOKEN}",
                                                               "Content-Type": "application/json"})
        assert r.status_code == 413


def test_hostile_text_title_and_source_are_escaped(tmp_path):
    from rasd.web import create_app

    with TestClient(create_app(f"sqlite:///{tmp_path / 'x.db'}", token=TOKEN)) as c:
        r = c.post("/api/articles", json=PAYLOAD_ARTICLE, headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 201, r.text
        aid = r.json()["id"]
        for path in ("/", f"/articles/{aid}", "/?q=حلب", "/quotes", "/events"):
            page = c.get(path).text
            assert "<script>window" not in page and "<img src=x" not in page and "onerror=\"window" not in page
        page = c.get(f"/articles/{aid}").text
        assert "&lt;script&gt;window.__pwned" in page
        shown, _, tags = highlights(page)
        assert tags == 0 and "<script>" in shown


def test_wrong_method_lists_every_allowed_method(client):
    r = client.request("DELETE", "/api/articles")
    assert r.status_code == 405 and set(r.headers["allow"].split(", ")) == {"GET", "POST"}


def test_unparsable_body_is_400_or_422(client):
    r = client.post("/api/articles", content=b"{not json", headers={"Authorization": f"Bearer {TOKEN}",
                                                                     "Content-Type": "application/json"})
    assert r.status_code in (400, 422)
    detail = client.get("/api/articles", params={"date_from": "2019-02-30"}).json()["detail"]
    assert isinstance(detail, list) and detail[0]["loc"] == ["query", "date_from"]
