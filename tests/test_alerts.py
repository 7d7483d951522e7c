"""Saved searches against a local news site: each new matching event fires one alert and one webhook
delivery (signed, retried after a failure, logged), never again for the same event — not after
re-analysis, not for another outlet's report that de-duplication merged with it — and the Atom
feed, the JSON Feed and the changes since a cursor list what is new. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import time

import feedparser
import pytest
from sqlalchemy import func, select

from rasd.filters import UnknownFilterValue
from rasd.ingest.watch import Options, Watcher
from rasd.store import Store
from rasd.store import alerts as al
from rasd.store import changes as ch
from rasd.store import sources as srcs
from rasd.store import webhooks as wh
from tests.watch_support import Server, hook_payloads

IDLIB_1 = ("قتل خمسة مدنيين اليوم في غارة جوية شنتها طائرات حربية على بلدة سراقب في ريف إدلب الشرقي، "
           "بحسب ما أفاد الدفاع المدني.")
IDLIB_2 = ("قتل أربعة مدنيين اليوم في غارة جوية شنتها طائرات حربية على مدينة معرة النعمان في ريف إدلب الجنوبي، "
           "وفق مصادر محلية.")
HAMA = "قتل ستة مدنيين اليوم في غارة جوية شنتها طائرات حربية على بلدة كفرزيتا في ريف حماة الشمالي."
IDLIB_LOW = "قتل مدني واحد اليوم في غارة جوية شنتها طائرات حربية على بلدة سراقب في ريف إدلب."
# another outlet's report of the first strike, written differently (de-duplication merges the two events)
IDLIB_1_AGAIN = ("أفادت مصادر طبية بأن غارة جوية لطائرات حربية استهدفت بلدة سراقب في ريف إدلب اليوم وأسفرت عن مقتل "
                 "خمسة مدنيين بينهم طفلان.")


@pytest.fixture(autouse=True)
def loopback(monkeypatch):
    monkeypatch.setenv("RASD_FETCH_ALLOW_PRIVATE", "1")


def poll(store: Store, pipeline) -> dict:
    srcs.due_now(store)
    w = Watcher(store, pipeline=pipeline, options=Options(delay=0.0, timeout=5.0))
    try:
        return w.cycle().to_dict()
    finally:
        w.close()


def test_one_alert_and_one_webhook_delivery_per_new_matching_event(store, pipeline):
    with Server() as server:
        site = server.site
        site.hook_failures = 1  # the receiver fails once: that delivery is retried
        search = al.add_search(store, "idlib-strikes",
                               filters={"admin1": "إدلب", "event_type": "Explosions/Remote violence"},
                               min_fatalities=2, webhook=f"{server.base}/hook")
        site.add_item("a", 1, text=IDLIB_1)
        site.add_item("a", 2, text=HAMA)  # another governorate
        site.add_item("a", 3, text=IDLIB_LOW)  # under the fatalities threshold
        srcs.add_source(store, server.feed_url("a"), interval=600)
        report = poll(store, pipeline)
        assert report["ingested"] == 3 and report["alerts"] == 1, report

        sent = wh.deliver_due(store, retry_base=1.5)
        assert sent == {"sent": 0, "retry": 1, "failed": 0}
        assert wh.deliver_due(store, retry_base=1.5) == {"sent": 0, "retry": 0, "failed": 0}  # not yet due
        time.sleep(1.6)
        assert wh.deliver_due(store, retry_base=1.5)["sent"] == 1
        assert [h["status"] for h in site.hooks] == [500, 204]
        first, retry = site.hooks
        assert first["body"] == retry["body"]  # the retry repeats the same signed body and delivery id
        assert first["headers"]["X-Rasd-Delivery"] == retry["headers"]["X-Rasd-Delivery"]
        assert wh.verify(search["secret"], retry["body"], retry["headers"]["X-Rasd-Signature"])
        assert not wh.verify("another secret", retry["body"], retry["headers"]["X-Rasd-Signature"])
        body = hook_payloads(site)[0]
        assert body["search"] == "idlib-strikes" and body["event"]["admin1"] == "Idlib"
        assert body["event"]["fatalities"] == 5 and body["article"]["url"].endswith("/a/a/1")

        # a second new matching event: one more alert, one more delivery
        site.add_item("a", 4, text=IDLIB_2)
        report = poll(store, pipeline)
        assert report["alerts"] == 1, report
        assert wh.deliver_due(store, retry_base=0.2)["sent"] == 1
        # nothing new: no alert, no delivery; re-evaluating fires nothing either
        assert poll(store, pipeline).get("alerts") == 0
        assert all(not f.fired for f in al.evaluate(store))
        assert wh.deliver_due(store)["sent"] == 0
        assert len(site.hooks) == 3

        # re-analysis of a stored article (same events) fires nothing again
        from rasd.ingest.pages import article_from_page
        from tests.watch_support import page_html

        again = article_from_page(page_html("غارة", IDLIB_1 + "\nتحديث: ارتفع عدد الجرحى."), f"{server.base}/a/a/1",
                                  published="2026-12-01")
        store.ingest(again, pipeline.analyze(again))
        assert all(not f.fired for f in al.evaluate(store))

        log = al.delivery_log(store, "idlib-strikes")
        assert [r["status"] for r in log] == [204, 204, 500]
        assert log[-1]["error"] == "HTTP 500"
        fired = al.alerts(store, "idlib-strikes")
        assert len(fired) == 2 and all(a["delivery"]["state"] == "sent" for a in fired)
        assert fired[-1]["delivery"]["attempts"] == 2


def test_a_report_merged_into_an_alerted_event_does_not_alert(store, pipeline):
    with Server() as server:
        site = server.site
        al.add_search(store, "saraqib", query="غارة", filters={"admin1": "Idlib"})
        site.add_item("one", 1, text=IDLIB_1)
        srcs.add_source(store, server.feed_url("one"), name="شبكة أولى")
        assert poll(store, pipeline)["alerts"] == 1
        site.add_item("two", 1, text=IDLIB_1_AGAIN)
        srcs.add_source(store, server.feed_url("two"), name="شبكة ثانية")
        report = poll(store, pipeline)
        # the second outlet's report is fused into the incident already alerted: nothing fires
        # (same incident id: already alerted; a new incident id: recorded as "merged")
        assert report["alerts"] == 0, report
        [fired] = al.alerts(store, "saraqib")
        assert fired["article"]["source"] == "شبكة أولى" and fired["event"]["incident_id"]
        merged = al.alerts(store, "saraqib", state="merged")
        assert all(m["merged_into"] == fired["key"] for m in merged)
        with store.session() as s:
            from rasd.store.incidents import Incident

            assert s.scalar(select(func.count()).select_from(Incident)) == 1  # one incident, two reports


def test_alert_key_is_the_incident_else_the_stable_event_id():
    report = {"article_id": "url-1", "id": "v1", "event_type": "Battles", "incident_id": None}
    assert al.event_stable_id(report) == "url-1/v1"  # the report key incidents pin reports by
    assert al.alert_key(report) == "event:url-1/v1"
    fused = dict(report, incident_id="SYR-I-url-0-v2")
    assert al.alert_key(fused) == "incident:SYR-I-url-0-v2"
    assert al.alert_key(dict(fused, article_id="url-9", id="v4")) == al.alert_key(fused)  # one incident, one key


def test_feeds_and_changes(store, pipeline):
    with Server() as server:
        site = server.site
        search = al.add_search(store, "idlib", filters={"admin1": "Idlib"})
        assert ch.changes(store, None, settle=0)["events"] == []
        site.add_item("f", 1, text=IDLIB_1)
        site.add_item("f", 2, text=HAMA)
        srcs.add_source(store, server.feed_url("f"))
        poll(store, pipeline)
        items = al.alerts(store, "idlib")
        atom = feedparser.parse(al.atom_feed(search, items, "http://rasd.test"))
        assert not atom.bozo and len(atom.entries) == 1
        assert atom.entries[0].link.startswith("http://rasd.test/articles/")
        assert "Explosions" in atom.entries[0].title
        jf = al.json_feed(search, items, "http://rasd.test")
        assert jf["version"].endswith("1.1") and len(jf["items"]) == 1
        assert jf["items"][0]["_rasd"]["event"]["admin1"] == "Idlib"
        json.dumps(jf)

        first = ch.changes(store, None, settle=0)
        assert len(first["events"]) == 2 and len(first["articles"]) == 2
        assert all(e["first_seen"] for e in first["events"])
        assert ch.changes(store, first["next"], settle=0)["events"] == []
        site.add_item("f", 3, text=IDLIB_2)
        poll(store, pipeline)
        later = ch.changes(store, first["next"], settle=0)
        assert [e["location"] for e in later["events"]] != [] and len(later["events"]) == 1
        assert len(later["articles"]) == 1
        # a time works as a cursor too
        since = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).isoformat()
        assert len(ch.changes(store, since, settle=0)["events"]) == 3
        with pytest.raises(ValueError):
            ch.decode_cursor("not a cursor!")


def test_saved_search_refuses_unknown_values(store):
    with pytest.raises(UnknownFilterValue):
        al.add_search(store, "x", filters={"admin1": "Atlantis"})
    with pytest.raises(ValueError):
        al.add_search(store, "y", filters={"colour": "red"})
    with pytest.raises(ValueError):
        al.add_search(store, "z", webhook="file:///etc/passwd")
    with pytest.raises(UnknownFilterValue):
        al.add_search(store, "r", filters={"review_status": "approved-ish"})
    al.add_search(store, "confirmed", filters={"review_status": "confirmed,edited"})
    assert al.remove_search(store, "confirmed")
    al.add_search(store, "ok", filters={"event_type": "معارك"})
    with pytest.raises(al.SearchExists):
        al.add_search(store, "ok")
    assert [s["name"] for s in al.list_searches(store)] == ["ok"]
    assert al.remove_search(store, "ok") and al.list_searches(store) == []


def test_webhook_to_a_private_address_is_refused_by_default(store, monkeypatch):
    monkeypatch.delenv("RASD_FETCH_ALLOW_PRIVATE")
    from rasd.errors import RasdError

    with pytest.raises(RasdError, match="not a public"):
        wh.post("http://127.0.0.1:9/hook", b"{}", {})


def test_evaluation_pages_through_a_backlog(store, pipeline):
    """More new events than one page: every one alerts once, in pages, and the next pass fires none."""
    from rasd.article import Article
    from tests.watch_support import article_text

    al.add_search(store, "all")
    for n in range(5):
        article = Article.build(article_text(n), id=f"backlog-{n}", published="2026-12-01", detect_title=False)
        store.ingest(article, pipeline.analyze(article))
    [fired] = al.evaluate(store, page=2)
    assert len(fired.fired) == 5 and len(set(fired.fired)) == 5
    assert al.evaluate(store, page=2)[0].fired == []
    assert len(al.alerts(store, "all")) == 5
