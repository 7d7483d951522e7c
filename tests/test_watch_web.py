"""The monitoring pages and API on the real app: sources with their health, saved searches with
their Atom / JSON feeds and delivery log, what is new since a time, `GET /api/changes` with a
cursor; writes need the token; hostile names and titles are escaped."""

from __future__ import annotations

import time

import feedparser
import pytest
from fastapi.testclient import TestClient

from rasd.ingest.watch import Options, Watcher
from rasd.store import Store
from rasd.store import sources as srcs
from rasd.web.app import create_app
from tests.watch_support import Server

TOKEN = "monitor-write-token"
HOSTILE = "<script>window.__pwned=1</script>"
IDLIB = ("قتل خمسة مدنيين اليوم في غارة جوية شنتها طائرات حربية على بلدة سراقب في ريف إدلب الشرقي، "
         "بحسب ما أفاد الدفاع المدني.")


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("RASD_FETCH_ALLOW_PRIVATE", "1")
    from rasd.pipeline import shared

    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'm.db'}"
    store = Store.open(url)
    with Server() as server, TestClient(create_app(url, token=TOKEN)) as client:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        r = client.post("/api/searches", json={"name": "idlib <b>", "filters": {"admin1": "إدلب"},
                                               "webhook": f"{server.base}/hook"}, headers=auth)
        assert r.status_code == 201, r.text
        assert len(r.json()["secret"]) == 64
        r = client.post("/api/sources", json={"url": server.feed_url("w"), "name": HOSTILE, "country": "سوريا"},
                        headers=auth)
        assert r.status_code == 201, r.text
        assert r.json()["country"] == "SY"
        server.site.add_item("w", 1, text=IDLIB, title=HOSTILE + " غارة")
        server.site.fail["/feed/broken.xml"] = 503
        srcs.add_source(store, f"{server.base}/feed/broken.xml")
        watcher = Watcher(store, pipeline=shared(), options=Options(delay=0.0, timeout=5.0))
        watcher.cycle()
        watcher.close()
        time.sleep(2.1)  # the changes feed lists what was stored at least 2 s ago
        yield client, auth, server
    store.close()
    mp.undo()


def test_sources_page_and_api(env):
    client, auth, server = env
    page = client.get("/sources?lang=en")
    assert page.status_code == 200
    assert HOSTILE not in page.text and "&lt;script&gt;" in page.text
    assert "HTTP 503" in page.text and "Watched sources" in page.text
    rows = {r["url"]: r for r in client.get("/api/sources").json()}
    assert rows[server.feed_url("w")]["items_seen"] == 1 and rows[server.feed_url("w")]["error_streak"] == 0
    assert rows[f"{server.base}/feed/broken.xml"]["error_streak"] == 1
    assert client.post("/api/sources", json={"url": server.feed_url("x")}).status_code == 401
    assert client.post("/api/sources", json={"url": "file:///etc/passwd"}, headers=auth).status_code == 422
    assert client.post("/api/sources", json={"url": server.feed_url("w")}, headers=auth).status_code == 409
    added = client.post("/api/sources", json={"url": server.feed_url("gone")}, headers=auth).json()
    assert client.delete(f"/api/sources/{added['id']}", headers=auth).status_code == 204
    assert client.delete(f"/api/sources/{added['id']}", headers=auth).status_code == 404


def test_alerts_pages_and_feeds(env):
    client, auth, _server = env
    searches = client.get("/api/searches").json()
    assert [s["name"] for s in searches] == ["idlib <b>"] and "secret" not in searches[0]
    assert searches[0]["alerts"] == 1
    listing = client.get("/alerts")
    assert listing.status_code == 200 and "idlib &lt;b&gt;" in listing.text
    assert "/alerts/idlib%20%3Cb%3E" in listing.text
    page = client.get("/alerts/idlib%20%3Cb%3E")
    assert page.status_code == 200 and HOSTILE not in page.text
    atom = client.get("/alerts/idlib%20%3Cb%3E/atom.xml")
    assert atom.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(atom.content)
    assert not parsed.bozo and len(parsed.entries) == 1 and "/articles/url-" in parsed.entries[0].link
    feed = client.get("/alerts/idlib%20%3Cb%3E/feed.json")
    assert feed.headers["content-type"].startswith("application/feed+json")
    assert len(feed.json()["items"]) == 1
    assert client.get("/alerts/nothing/atom.xml").status_code == 404
    assert client.get("/api/alerts/idlib%20%3Cb%3E").json()[0]["event"]["admin1"] == "Idlib"
    bad = client.post("/api/searches", json={"name": "x", "filters": {"admin1": "Atlantis"}}, headers=auth)
    assert bad.status_code == 422 and "admin1" in str(bad.json()["detail"][0]["loc"])
    assert client.post("/api/searches", json={"name": "y"}).status_code == 401
    assert client.delete("/api/searches/y", headers=auth).status_code == 404


def test_changes_api_and_new_page(env):
    client, _auth, _server = env
    first = client.get("/api/changes").json()
    assert len(first["events"]) == 1 and len(first["articles"]) == 1 and not first["more"]
    assert first["events"][0]["first_seen"] and first["events"][0]["admin1"] == "Idlib"
    again = client.get("/api/changes", params={"since": first["next"]}).json()
    assert again["events"] == [] and again["articles"] == [] and again["next"] == first["next"]
    assert client.get("/api/changes", params={"since": "yesterday"}).status_code == 422
    page = client.get("/new?lang=en")
    assert page.status_code == 200 and 'id="new-events-count" data-n="1">1 event<' in page.text
    assert HOSTILE not in page.text
    later = client.get("/new", params={"since": "2999-01-01T00:00", "lang": "ar"})
    assert 'id="new-events-count" data-n="0">لا أحداث<' in later.text
    assert client.get("/new", params={"since": "not a time"}).status_code == 422
