"""The store on real SQLite and PostgreSQL: idempotent ingest, versions, reading back, exports."""

from __future__ import annotations

import io
import json

import sqlalchemy as sa

from rasd.article import Article
from rasd.ingest.files import article_from_dict
from rasd.store import Store
from rasd.store.db import resolve_url, version_key
from tests.conftest import shared_path
from tests.store_support import VERSION, event, place, record


def dev_articles(n: int) -> list[Article]:
    path = shared_path("data", "news", "saudinewsnet_syria_sample.jsonl")
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            if obj["split"] == "dev":
                out.append(article_from_dict(obj))
            if len(out) == n:
                break
    return out


def test_same_30_articles_twice_leave_30(store, pipeline):
    articles = dev_articles(30)
    records = [pipeline.analyze(a) for a in articles]
    first = [store.ingest(a, r) for a, r in zip(articles, records, strict=True)]
    second = [store.ingest(a, r) for a, r in zip(articles, records, strict=True)]
    assert first.count("ingested") == 30
    assert second == ["unchanged"] * 30
    assert store.stats()["articles"] == 30
    assert all(store.status_of(a) == "unchanged" for a in articles)


def test_same_url_or_content_updates_instead_of_duplicating(store):
    a = Article.build("نص أول عن قصف في إدلب", id="a1", url="https://example.org/1")
    assert store.ingest(a, record(a), version=VERSION) == "ingested"
    by_url = Article.build("نص معدل عن قصف في إدلب", id="other-id", url="https://example.org/1")
    assert store.ingest(by_url, record(by_url), version=VERSION) == "updated"
    same_text = Article.build("نص معدل عن قصف في إدلب", id="third-id", url="https://example.org/1")
    assert store.ingest(same_text, record(same_text), version=VERSION) == "unchanged"
    assert store.stats()["articles"] == 1
    assert store.get_record("a1")["doc"]["id"] == "a1"  # the stored id stays; the others are aliases
    assert store.get_record("other-id") is None
    # a verbatim copy at another URL is another publication, kept apart
    copy = Article.build("نص معدل عن قصف في إدلب", id="copy", url="https://other.example/9")
    assert store.ingest(copy, record(copy), version=VERSION) == "ingested"
    assert store.stats()["articles"] == 2


def test_newer_pipeline_version_replaces_and_is_kept(store):
    a = Article.build("قصف على حلب", id="v")
    store.ingest(a, record(a), version="rasd-0.1.0")
    newer = record(a, warnings=["re-analysed"])
    assert store.ingest(a, newer, version="rasd-0.2.0") == "updated"
    assert store.get_record("v")["warnings"] == ["re-analysed"]
    assert store.get_article("v")["pipeline_version"] == "rasd-0.2.0"
    # an older pipeline never overwrites a newer analysis
    assert store.ingest(a, record(a), version="rasd-0.1.9") == "unchanged"
    assert store.get_record("v")["warnings"] == ["re-analysed"]
    assert store.stats()["pipeline_versions"] == {"rasd-0.2.0": 1}


def test_record_round_trip_and_listing(store):
    a = Article.build("غارة على معرة النعمان", title="غارة", id="r1", source="رصد", published="2019-08-19")
    rec = record(
        a,
        places=[place("p1", "Maarat al-Numan", "معرة النعمان", 35.64, 36.67, "Idlib", 167611)],
        events=[event("v1", date="2019-08-19", place_id="p1", actor1="قوات النظام", fatalities=3)],
        entities=[
            {"id": "e1", "start": 0, "end": 3, "text": "غارة", "label": "MISC", "canonical": "غارة", "link": None}
        ],
        quotes=[
            {
                "id": "q1",
                "kind": "direct",
                "start": 0,
                "end": 4,
                "text": "غارة",
                "stance": "claim",
                "speaker": {"text": "المرصد", "canonical": "المرصد", "start": 0, "end": 1, "entity": None},
                "cue": None,
                "via": [],
                "addressee": None,
            }
        ],
    )
    store.ingest(a, rec, version=VERSION)
    assert store.get_record("r1") == rec
    assert store.get_record("missing") is None
    items, total = store.list_articles()
    assert total == 1 and items[0]["id"] == "r1" and items[0]["events"] == 1 and items[0]["quotes"] == 1
    assert store.list_articles(source="رصد")[1] == 1
    assert store.list_articles(source="غيره")[1] == 0
    assert store.list_articles(date_from="2019-08-20")[1] == 0
    assert store.list_articles(date_to="2019-08-19")[1] == 1
    assert store.list_articles(place="معرة النعمان")[1] == 1
    assert store.list_articles(place="Idlib")[1] == 1
    assert store.list_articles(actor="النظام")[1] == 1
    assert store.list_articles(event_type="Explosions/Remote violence")[1] == 1
    assert store.list_articles(event_type="Protests")[1] == 0
    events, n = store.events(admin1="Idlib")
    assert n == 1 and events[0]["article_id"] == "r1" and events[0]["latitude"] == 35.64
    assert events[0]["location"] == "Maarat al-Numan" and events[0]["fatalities"] == 3
    assert store.events(admin1="إدلب")[1] == 1 and store.events(country="سوريا")[1] == 1
    assert store.events(date_from="2019-09-01")[1] == 0
    quotes, n = store.quotes(stance="claim")
    assert n == 1 and quotes[0]["article_id"] == "r1" and quotes[0]["speaker"]["text"] == "المرصد"
    assert store.quotes(speaker="مرصد")[1] == 1
    stats = store.stats()
    assert {k: stats[k] for k in ("articles", "events", "quotes", "places", "sources")} == {
        "articles": 1,
        "events": 1,
        "quotes": 1,
        "places": 1,
        "sources": 1,
    }


def _scanned(store: Store, value: str) -> set[str]:
    """The actor filter's answer computed the slow way: every entity and actor key read and tested."""
    from rasd.text.keys import name_filter_key

    k = name_filter_key(value)
    with store.engine.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT a.id, e.key FROM entities e JOIN articles a ON a.pk = e.article_pk "
            "UNION ALL SELECT a.id, v.actor1_key FROM events v JOIN articles a ON a.pk = v.article_pk "
            "UNION ALL SELECT a.id, v.actor2_key FROM events v JOIN articles a ON a.pk = v.article_pk")).all()
    return {aid for aid, key in rows if key and k in key}


def test_actor_filter_matches_part_of_any_name_as_a_scan_would(store):
    """The article list's actor filter reads the distinct name keys (migration 0008): the same
    articles as testing every entity and event actor, for names added later, re-analysed away or
    changed in place (as a review writes them)."""
    def ent(eid: str, name: str) -> dict:
        return {"id": eid, "start": 0, "end": 3, "text": name, "label": "ORG", "canonical": name, "link": None}

    texts = {"k1": ([ent("e1", "قوات سوريا الديمقراطية")], []),
             "k2": ([], [event("v1", date="2019-08-19", place_id="p1", actor1="قوات النظام", fatalities=1)]),
             "k3": ([ent("e1", "وزارة الدفاع")],
                    [event("v1", date="2019-08-20", place_id="p1", actor1="مسلحون", actor2="Islamic State",
                           fatalities=None)]),
             "k4": ([], [])}
    for aid, (entities, events) in texts.items():
        a = Article.build(f"نص الخبر {aid} عن إدلب", id=aid, published="2019-08-19")
        places = [place("p1", "Idlib", "إدلب", 35.9, 36.6, "Idlib", 169389)] if events else []
        store.ingest(a, record(a, entities=entities, events=events, places=places), version=VERSION)
    probes = ["سوريا", "النظام", "قوات", "islamic", "ISLAMIC STATE", "الدفاع", "مسلح", "غير موجود", "ت"]

    def check() -> None:
        for value in probes:
            items, total = store.list_articles(actor=value, limit=50)
            assert {i["id"] for i in items} == _scanned(store, value), value
            assert total == len(items), value

    check()
    assert {i["id"] for i in store.list_articles(actor="قوات")[0]} == {"k1", "k2"}
    assert store.list_articles(actor="islamic")[1] == 1
    # re-analysed: the old name leaves with its rows, a new one is found at once
    a = Article.build("نص الخبر k2 عن إدلب", id="k2", published="2019-08-19")
    store.ingest(a, record(a, entities=[ent("e1", "جيش الاحتلال")]), version="rasd-0.2.0")
    probes.append("الاحتلال")
    check()
    assert store.list_articles(actor="النظام")[1] == 0
    assert [i["id"] for i in store.list_articles(actor="الاحتلال")[0]] == ["k2"]
    # a key changed in place (a reviewer's edit rewrites the event's columns)
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE events SET actor2_key = 'حرس الحدود' WHERE actor2_key IS NOT NULL"))
    probes.append("الحدود")
    check()
    assert [i["id"] for i in store.list_articles(actor="الحدود")[0]] == ["k3"]


def test_exports(store, tmp_path):
    a = Article.build("غارة على معرة النعمان", id="x1", source="رصد", published="2019-08-19")
    rec = record(
        a,
        places=[place("p1", "Maarat al-Numan", "معرة النعمان", 35.64, 36.67, "Idlib", 167611)],
        events=[event("v1", date="2019-08-19", place_id="p1", actor1="قوات النظام", fatalities=3)],
    )
    store.ingest(a, rec, version=VERSION)
    out = io.StringIO()
    assert store.export("jsonl", out) == 1
    assert json.loads(out.getvalue()) == rec
    out = io.StringIO()
    assert store.export("geojson", out) == 1
    feature = json.loads(out.getvalue())["features"][0]
    assert feature["geometry"]["coordinates"] == [36.67, 35.64]
    out = io.StringIO()
    assert store.export("acled-csv", out) == 1
    assert "Explosions/Remote violence" in out.getvalue()
    import pyarrow.parquet as pq

    assert store.export("parquet", tmp_path / "ev.parquet") == 1
    table = pq.read_table(tmp_path / "ev.parquet")
    assert table.column("fatalities").to_pylist() == [3]


def test_schema_matches_models(store):
    """The migrations create exactly the tables and columns the models declare."""
    from rasd.store.models import Base

    inspector = sa.inspect(store.engine)
    for name, table in Base.metadata.tables.items():
        columns = {c["name"] for c in inspector.get_columns(name)} - {"search_tsv", "search_head"}  # PostgreSQL only
        assert columns == {c.name for c in table.columns}, name


def test_url_resolution(monkeypatch):
    monkeypatch.delenv("RASD_DB", raising=False)
    assert resolve_url(None) == "sqlite:///./rasd.db"
    assert resolve_url("x/y.db") == "sqlite:///x/y.db"
    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    monkeypatch.setenv("RASD_DB", "sqlite:////tmp/z.db")
    assert resolve_url(None) == "sqlite:////tmp/z.db"
    assert version_key("rasd-0.10.0") > version_key("rasd-0.9.3")


def test_sqlite_is_in_wal_mode(tmp_path):
    st = Store.open(str(tmp_path / "w.db"))
    with st.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    st.close()


def test_sqlite_planner_statistics_follow_the_schema_and_the_growth(tmp_path):
    """SQLite never gathers planner statistics itself: the store takes them once it holds enough
    articles, again when it has doubled, and at once after a migration (new indexes)."""
    st = Store.open(str(tmp_path / "s.db"))

    def stat(index: str) -> str | None:
        with st.engine.connect() as conn:
            if not conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").scalar():
                return None
            return conn.exec_driver_sql("SELECT stat FROM sqlite_stat1 WHERE idx = ?", (index,)).scalar()

    for i in range(3):
        a = Article.build(f"قصف على حلب في اليوم {i}", id=f"s{i}", published="2019-08-19")
        st.ingest(a, record(a, entities=[{"id": "e1", "start": 0, "end": 3, "text": "قصف", "label": "MISC",
                                          "canonical": "قصف", "link": None}]), version=VERSION)
    assert st.refresh_statistics() is False and stat("ix_articles_published") is None  # too few to matter
    assert st.refresh_statistics(min_articles=2) is True
    assert stat("ix_articles_published").split()[0] == "3" and stat("ix_analyses_pipeline_version") is not None
    assert st.refresh_statistics(min_articles=2) is False  # not grown
    for i in range(3, 6):
        a = Article.build(f"قصف على حلب في اليوم {i}", id=f"s{i}", published="2019-08-19")
        st.ingest(a, record(a), version=VERSION)
    assert st.refresh_statistics(min_articles=2) is True and stat("ix_articles_published").split()[0] == "6"
    st.close()
    # a store migrated from an older schema: statistics at once, the new indexes' included
    st = Store.open(str(tmp_path / "s.db"), migrate=False)
    with st.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM sqlite_stat1")
        conn.exec_driver_sql("DROP INDEX ix_analyses_pipeline_version")
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0007'")
        conn.exec_driver_sql("DROP TABLE name_keys")
        for trigger in ("name_keys_entities_ai", "name_keys_entities_au", "name_keys_events_ai", "name_keys_events_au"):
            conn.exec_driver_sql(f"DROP TRIGGER {trigger}")
    st.close()
    st = Store.open(str(tmp_path / "s.db"))
    assert stat("ix_analyses_pipeline_version") is not None and stat("ix_articles_published").split()[0] == "6"
    assert st.list_articles(actor="قصف")[1] == 3  # the keys table rebuilt from the entities
    st.close()
