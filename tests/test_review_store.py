"""Reviews in the store (SQLite and PostgreSQL): edits reach the outputs, rejections leave them,
every change is in the history, a stale save is refused and loses nothing, and a re-analysis
keeps what reviewers did (flagging where the machine now disagrees)."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from rasd.article import Article
from rasd.cli import app
from rasd.geo.suggest import by_ref, row_fields
from rasd.pipeline import shared
from rasd.store import Store, accounts, review
from rasd.store.review import ReviewConflict, ReviewError
from tests.store_support import db_url

TEXTS = {
    "rv-idlib": "قصفت طائرات حربية بلدة كفرنبل في ريف إدلب يوم الأحد، ما أدى إلى مقتل ثلاثة مدنيين.",
    "rv-hama": "اندلعت اشتباكات عنيفة بين قوات النظام وفصائل المعارضة قرب مدينة حماة أمس السبت.",
    "rv-quote": 'وقال المتحدث باسم الحكومة إن "المفاوضات ستستأنف الأسبوع المقبل" في جنيف.',
}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path) -> Iterator[Store]:
    gen = db_url(request.param, tmp_path)
    url = next(gen)
    st = Store.open(url)
    for aid, text in TEXTS.items():
        article = Article.build(text, id=aid, title=aid, source="رصد" if aid != "rv-hama" else "الشمال",
                                published="2019-08-19")
        st.ingest(article, _record(article))
    yield st
    st.close()
    for _ in gen:
        pass


_RECORDS: dict[str, dict] = {}


def _record(article: Article) -> dict:
    """The real pipeline's record (analysed once per test session)."""
    if article.id not in _RECORDS:
        _RECORDS[article.id] = shared().analyze(article)
    return copy.deepcopy(_RECORDS[article.id])


def _event(store: Store, article_id: str) -> dict:
    items, _ = review.queue(store, status=None, article_id=article_id)
    assert items, f"no event in {article_id}"
    return items[0]


def _row(store: Store, article_id: str, **filters) -> dict | None:
    items, _ = store.events(**filters, limit=None)
    return next((i for i in items if i["article_id"] == article_id), None)


def test_an_edit_reaches_every_output_and_the_history(store, tmp_path):
    ev = _event(store, "rv-idlib")
    machine = ev["row"]
    aleppo = row_fields(by_ref("170063"))
    result = review.save_event(store, ev["pk"], user="rana", action="edit", version=0,
                               updates={**aleppo, "fatalities": 4}, comment="the report names Aleppo")
    assert result == {"status": "edited", "version": 1, "changes": 3}
    row = _row(store, "rv-idlib")
    assert (row["location"], row["admin1"], row["fatalities"]) == ("Aleppo", "Aleppo", 4)
    assert row["review_status"] == "edited"
    assert "4 fatalities" in row["notes"] and "Aleppo" in row["notes"]
    # the machine's values on request, filters applied to them
    mrow = _row(store, "rv-idlib", machine=True)
    assert (mrow["location"], mrow["fatalities"], mrow["review_status"]) == (machine["location"], 3, "edited")
    assert _row(store, "rv-idlib", admin1="Aleppo") and not _row(store, "rv-idlib", admin1="Aleppo", machine=True)
    assert _row(store, "rv-idlib", admin1="Idlib", machine=True) and not _row(store, "rv-idlib", admin1="Idlib")
    # every export format carries the reviewed values and the status
    out = io.StringIO()
    store.export("acled-csv", out)
    lines = out.getvalue().splitlines()
    assert lines[0].endswith(",review_status") and any(",Aleppo," in x and x.endswith(",edited") for x in lines)
    store.export("geojson", tmp_path / "e.geojson", review_status="edited")
    features = json.loads((tmp_path / "e.geojson").read_text())["features"]
    assert [f["properties"]["fatalities"] for f in features] == [4]
    store.export("parquet", tmp_path / "e.parquet")
    import pyarrow.parquet as pq

    assert "edited" in pq.read_table(tmp_path / "e.parquet").column("review_status").to_pylist()
    records = io.StringIO()
    store.export("jsonl", records)
    rec = next(json.loads(x) for x in records.getvalue().splitlines() if '"rv-idlib"' in x)
    assert rec["review"][0]["review_status"] == "edited" and rec["review"][0]["values"]["fatalities"] == 4
    # the history: who, when, field, before, after, comment
    changes = review.history(store, "rv-idlib")
    assert {c["field"] for c in changes} == {"location", "fatalities", "review_status"}
    fat = next(c for c in changes if c["field"] == "fatalities")
    assert (fat["user"], fat["before"], fat["after"], fat["comment"]) == ("rana", "3", "4", "the report names Aleppo")
    assert store.stats()["review"]["edited"] == 1


def test_a_rejected_event_leaves_the_outputs_unless_asked_for(store):
    ev = _event(store, "rv-hama")
    with pytest.raises(ReviewError):
        review.save_event(store, ev["pk"], user="rana", action="reject", version=0)
    review.save_event(store, ev["pk"], user="rana", action="reject", version=0, comment="not an event")
    assert _row(store, "rv-hama") is None
    # a rejected report takes no part in any incident; one row per report shows it on request
    assert _row(store, "rv-hama", review_status="rejected") is None
    assert _row(store, "rv-hama", review_status="rejected", unit="report")["review_status"] == "rejected"
    assert _row(store, "rv-hama", machine=True) is not None  # the machine knows no rejection
    out = io.StringIO()
    store.export("acled-csv", out)
    assert "rv-hama" not in out.getvalue()
    out = io.StringIO()
    store.export("acled-csv", out, review_status="all", unit="report")
    assert "rv-hama" in out.getvalue()
    change = review.history(store, "rv-hama")[0]
    assert (change["field"], change["before"], change["after"], change["comment"]) == (
        "review_status", "unreviewed", "rejected", "not an event")


def test_two_saves_from_one_version_one_is_refused_none_lost(store):
    ev = _event(store, "rv-idlib")
    review.save_event(store, ev["pk"], user="rana", action="edit", version=0, updates={"fatalities": 5})
    with pytest.raises(ReviewConflict):  # the second reviewer loaded the form before the first saved
        review.save_event(store, ev["pk"], user="omar", action="edit", version=0, updates={"fatalities": 7})
    assert _row(store, "rv-idlib")["fatalities"] == 5
    ev = _event(store, "rv-idlib")
    assert ev["version"] == 1
    review.save_event(store, ev["pk"], user="omar", action="edit", version=1, updates={"injured": 2})
    with pytest.raises(ReviewConflict):
        review.save_event(store, ev["pk"], user="rana", action="confirm", version=1)
    row = _row(store, "rv-idlib")
    assert (row["fatalities"], row["injured"]) == (5, 2)
    assert [c["user"] for c in review.history(store, "rv-idlib") if c["field"] != "review_status"] == ["omar", "rana"]


def test_reanalysis_keeps_edits_and_rejections_and_flags_disagreement(store):
    idlib, hama = _event(store, "rv-idlib"), _event(store, "rv-hama")
    review.save_event(store, idlib["pk"], user="rana", action="edit", version=0, updates={"fatalities": 4})
    review.save_event(store, hama["pk"], user="rana", action="reject", version=0, comment="not an event")
    # a new analysis: the machine now counts 6 dead and numbers its events differently
    for aid in ("rv-idlib", "rv-hama"):
        rec = store.get_record(aid)
        for i, v in enumerate(rec["events"]):
            v["id"] = f"v{i + 7}"
            if aid == "rv-idlib":
                v["fatalities"] = 6
        assert store.ingest(None, rec) == "updated"
    row = _row(store, "rv-idlib")
    assert (row["fatalities"], row["review_status"], row["event_id"]) == (4, "edited", "v7")
    assert _row(store, "rv-idlib", machine=True)["fatalities"] == 6
    assert _row(store, "rv-hama") is None and _row(store, "rv-hama", review_status="rejected", unit="report")
    item = _event(store, "rv-idlib")
    assert item["flags"] == {"fatalities": {"judged": "3", "machine_now": "6"}} and item["version"] == 1
    assert [(f["article_id"], f["pk"]) for f in review.flagged(store)] == [("rv-idlib", item["pk"])]
    # the machine no longer finds the event: the reviewed one stays, flagged
    rec = store.get_record("rv-idlib")
    rec["events"] = []
    store.ingest(None, rec)
    row = _row(store, "rv-idlib")
    assert (row["fatalities"], row["review_status"]) == (4, "edited")
    assert _row(store, "rv-idlib", machine=True) is None
    assert "missing" in _event(store, "rv-idlib")["flags"]


def test_reanalyze_with_the_real_pipeline_keeps_the_edits(store, monkeypatch, tmp_path):
    """`rasd reanalyze` after a change of rasd's data re-analyses every article: edits survive."""
    import shutil

    from rasd.fingerprint import lexicon_dir
    from rasd.store.reanalyze import run

    ev = _event(store, "rv-idlib")
    review.save_event(store, ev["pk"], user="rana", action="edit", version=0,
                      updates={**row_fields(by_ref("170063")), "fatalities": 4})
    lexicon = tmp_path / "lexicon"
    shutil.copytree(lexicon_dir(), lexicon)
    verbs = lexicon / "reporting_verbs.tsv"
    lines = verbs.read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines) if line and not line.startswith("#") and i > 0 and "\t" in line)
    lines[row] = lines[row].replace("\t", "|يفيدون\t", 1)
    verbs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("RASD_LEXICON_DIR", str(lexicon))
    with store.session() as s:  # make the stored record differ, so the re-analysis rewrites the events
        from sqlalchemy import update

        from rasd.store.models import Analysis
        s.execute(update(Analysis).values(record_hash="x"))
    done = run(store)
    assert done.stale == 3 and done.failed == 0
    row = _row(store, "rv-idlib")
    assert (row["location"], row["fatalities"], row["review_status"]) == ("Aleppo", 4, "edited")


def test_quotes_are_confirmed_or_rejected(store):
    items, _ = store.quotes(limit=None)
    q = next(i for i in items if i["article_id"] == "rv-quote")
    assert q["review_status"] == "unreviewed"
    review.save_quote(store, "rv-quote", q["start"], q["end"], user="rana", action="reject", version=0,
                      comment="a headline, not a statement")
    assert not [i for i in store.quotes(limit=None)[0] if i["article_id"] == "rv-quote"]
    rejected = [i for i in store.quotes(review_status="rejected", limit=None)[0] if i["article_id"] == "rv-quote"]
    assert rejected and rejected[0]["review_status"] == "rejected"
    with pytest.raises(ReviewConflict):
        review.save_quote(store, "rv-quote", q["start"], q["end"], user="omar", action="confirm", version=0)
    assert review.history(store, "rv-quote")[0]["after"] == "rejected"


def test_accounts_and_sessions(store):
    assert not accounts.has_users(store)
    with pytest.raises(accounts.AccountError):
        accounts.add_user(store, "rana", "short", "reviewer")
    accounts.add_user(store, "rana", "a long enough secret", "reviewer")
    assert accounts.has_users(store)
    assert accounts.login(store, "rana", "wrong password") is None
    assert accounts.login(store, "nobody", "a long enough secret") is None
    token = accounts.login(store, "rana", "a long enough secret")
    who = accounts.session_account(store, token)
    assert (who.name, who.role, who.can("reviewer"), who.can("admin")) == ("rana", "reviewer", True, False)
    assert accounts.session_account(store, token + "x") is None
    accounts.logout(store, token)
    assert accounts.session_account(store, token) is None


def test_evaluate_reviews_prints_agreement(store, tmp_path):
    idlib, hama = _event(store, "rv-idlib"), _event(store, "rv-hama")
    review.save_event(store, idlib["pk"], user="rana", action="edit", version=0, updates={"fatalities": 4})
    review.save_event(store, hama["pk"], user="rana", action="confirm", version=0)
    url = store.engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(app, ["evaluate", "reviews", "--db", url, "--json", "--gold", str(tmp_path / "gold")])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["overall"]["events"] == 2
    assert report["overall"]["fields"]["fatalities"] == {"agree": 1, "total": 2, "rate": 0.5}
    assert report["overall"]["fields"]["type"]["rate"] == 1.0
    assert set(report["by_source"]) == {"رصد", "الشمال"}
    gold = json.loads((tmp_path / "gold" / "rv-idlib.json").read_text())
    assert gold["id"] == "rv-idlib" and gold["events"][0]["fatalities"] == 4
    table = CliRunner().invoke(app, ["evaluate", "reviews", "--db", url])
    assert table.exit_code == 0 and "fatalities" in table.stdout and "50.0%" in table.stdout


@pytest.mark.parametrize("machine", [False, True])
def test_the_review_filters_select_what_the_rows_say(store, machine):
    """The store's SQL of `review_status` and `machine` selects exactly the events whose rows pass
    `EventFilter.matches`: reviewed rows by default, the records' own rows with `machine`."""
    from rasd.filters import EventFilter
    from rasd.rows import event_rows

    idlib, hama, = _event(store, "rv-idlib"), _event(store, "rv-hama")
    review.save_event(store, idlib["pk"], user="rana", action="edit", version=0,
                      updates={**row_fields(by_ref("170063")), "fatalities": 4})
    review.save_event(store, hama["pk"], user="rana", action="reject", version=0, comment="not an event")
    status = {"rv-idlib": "edited", "rv-hama": "rejected"}
    for aid in TEXTS:
        rows = event_rows(store.get_record(aid))
        assert len(rows) >= (1 if aid != "rv-quote" else 0)
    for review_status in (None, "rejected", "edited,confirmed", "unreviewed", "all"):
        for admin1 in (None, "Aleppo", "Idlib", "Hama"):
            values = {"review_status": review_status, "admin1": admin1, "machine": machine}
            flt = EventFilter.parse(**{k: v for k, v in values.items() if v})
            expected = set()
            for aid in TEXTS:
                for r in event_rows(store.get_record(aid)):
                    first = r.event_id == (idlib if aid == "rv-idlib" else hama)["id"]
                    r.review_status = status.get(aid, "unreviewed") if first else "unreviewed"
                    if aid == "rv-idlib" and first and not machine:
                        r = review.apply(r, {**row_fields(by_ref("170063")), "fatalities": 4, "fatalities_known": True})
                        r.review_status = "edited"
                    if flt.matches(r):
                        expected.add(r.event_id_cnty)
            items, total = store.events(flt, limit=None, unit="report")
            assert {i["event_id_cnty"] for i in items} == expected, values
            assert total == len(expected)
            # incidents (one report each here): the same selection, rejected reports in none
            incidents = {i["event_id_cnty"].replace("-I-", "-", 1) for i in store.events(flt, limit=None)[0]}
            assert incidents == (expected if machine else {e for e in expected if "rv-hama" not in e}), values
            out = io.StringIO()
            store.export("acled-csv", out, filter=flt, unit="report")
            assert {line.split(",")[0] for line in out.getvalue().splitlines()[1:]} == expected, values


def test_user_add_and_list_on_the_command_line(store):
    url = store.engine.url.render_as_string(hide_password=False)
    runner = CliRunner()
    added = runner.invoke(app, ["user", "add", "samir", "--role", "admin", "--db", url, "--password-stdin"],
                          input="a good long password\n")
    assert added.exit_code == 0, added.output
    bad = runner.invoke(app, ["user", "add", "x", "--role", "boss", "--db", url, "--password-stdin"],
                        input="a good long password\n")
    assert bad.exit_code == 2 and "role must be one of" in bad.output
    listed = json.loads(runner.invoke(app, ["user", "list", "--db", url, "--json"]).stdout)
    assert [(u["name"], u["role"]) for u in listed] == [("samir", "admin")]
    assert accounts.login(store, "samir", "a good long password")


def test_two_reviewers_saving_at_the_same_moment_one_wins(store):
    """Two threads save the same event from the same version at once, over and over: each round
    exactly one save is written and the other refused; the history holds only the written ones."""
    import threading

    ev = _event(store, "rv-idlib")
    for round_ in range(4):
        version = round_
        barrier = threading.Barrier(2)
        outcome: dict[str, str] = {}

        def save(user: str, fatalities: int, v: int = version, barrier: threading.Barrier = barrier,
                 outcome: dict[str, str] = outcome) -> None:
            barrier.wait()
            try:
                review.save_event(store, ev["pk"], user=user, action="edit", version=v,
                                  updates={"fatalities": fatalities})
                outcome[user] = "saved"
            except ReviewConflict:
                outcome[user] = "refused"

        threads = [threading.Thread(target=save, args=("rana", 10 + round_)),
                   threading.Thread(target=save, args=("omar", 20 + round_))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(outcome.values()) == ["refused", "saved"], outcome
        winner = next(u for u, o in outcome.items() if o == "saved")
        assert _event(store, "rv-idlib")["version"] == version + 1
        assert _row(store, "rv-idlib")["fatalities"] == (10 if winner == "rana" else 20) + round_
    changes = [c for c in review.history(store, "rv-idlib") if c["field"] == "fatalities"]
    assert len(changes) == 4


def test_a_bad_edit_is_refused_and_changes_nothing(store):
    ev = _event(store, "rv-idlib")
    for updates in ({"event_type": "Protests"},  # the machine's sub-type is not one of Protests'
                    {"sub_event_type": "Armed clash"}, {"event_date": "2019-02-30"}, {"fatalities": -1},
                    {"time_precision": 5}, {"event_type": "no such type"}, {"notes": "free text"}):
        with pytest.raises(ReviewError):
            review.save_event(store, ev["pk"], user="rana", action="edit", version=0, updates=updates)
    assert _event(store, "rv-idlib")["version"] == 0 and review.history(store, "rv-idlib") == []
    review.save_event(store, ev["pk"], user="rana", action="edit", version=0,
                      updates={"event_type": "Battles", "sub_event_type": "Armed clash"})
    row = _row(store, "rv-idlib")
    assert (row["event_type"], row["sub_event_type"], row["disorder_type"]) == ("Battles", "Armed clash",
                                                                                 "Political violence")


def test_a_store_from_before_reviews_upgrades_in_place(tmp_path):
    """Migration 0005 on a database holding events: they become `unreviewed`, nothing else moves."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, text

    from rasd.store.db import MIGRATIONS

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
        conn.execute(text("INSERT INTO articles (pk, id, content_hash, text, canonical, search_text, meta, "
                          "ingested_at, updated_at) VALUES (1, 'old', 'h', 't', 't', 't', '{}', '2019-01-01', "
                          "'2019-01-01')"))
        conn.execute(text("INSERT INTO events (pk, article_pk, vid, data, background, row) VALUES "
                          "(1, 1, 'v1', '{}', 0, '{\"event_id\": \"v1\", \"event_type\": \"Battles\"}')"))
    engine.dispose()
    with Store.open(url) as st:
        items, total = st.events(limit=None)
        assert total == 1 and items[0]["review_status"] == "unreviewed"
        assert review.queue(st)[1] == 1
