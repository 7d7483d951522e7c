"""Stale analyses after rasd's data changes: `rasd stats` counts them, `rasd reanalyze` brings them
up to date without losing what the store keeps beside them, and a re-run does nothing
(SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import null as sa_null
from sqlalchemy import select
from typer.testing import CliRunner

from rasd.article import Article
from rasd.cli import app
from rasd.fingerprint import lexicon_dir
from rasd.pipeline import shared
from rasd.store import Store
from rasd.store.models import Analysis, Event
from rasd.store.reanalyze import run
from tests.store_support import db_url

TEXTS = [
    "قصفت طائرات حربية بلدة كفرنبل في ريف إدلب يوم الأحد، ما أدى إلى مقتل ثلاثة مدنيين.",
    "اندلعت اشتباكات عنيفة بين قوات النظام وفصائل المعارضة قرب مدينة حماة أمس السبت.",
    'وقال المتحدث باسم الحكومة إن "المفاوضات ستستأنف الأسبوع المقبل" في جنيف.',
]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request, tmp_path) -> Iterator[str]:
    gen = db_url(request.param, tmp_path)
    yield next(gen)
    for _ in gen:
        pass


def _fill(url: str) -> None:
    with Store.open(url) as store:
        for i, text in enumerate(TEXTS):
            article = Article.build(text, id=f"re-{i}", title=f"خبر {i}", source="رصد", published="2019-08-19",
                                    warnings=["ingest: a note kept with the article"])
            store.ingest(article, shared().analyze(article))


def _state(store: Store) -> dict:
    with store.session() as s:
        analyses = sorted(s.execute(select(Analysis.article_pk, Analysis.record_hash, Analysis.created_at,
                                           Analysis.fingerprint)).all())
        events = sorted(s.execute(select(Event.article_pk, Event.vid, Event.stored_at)).all())
    return {"analyses": analyses, "events": events}


def test_a_changed_lexicon_row_makes_analyses_stale_and_reanalyze_updates_them(url, tmp_path, monkeypatch):
    _fill(url)
    runner = CliRunner()
    stats = json.loads(runner.invoke(app, ["stats", "--db", url, "--json"]).stdout)
    assert stats["stale_analyses"] == 0 and stats["articles"] == 3

    lexicon = tmp_path / "lexicon"
    shutil.copytree(lexicon_dir(), lexicon)
    verbs = lexicon / "reporting_verbs.tsv"
    lines = verbs.read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines) if line and not line.startswith("#") and i > 0 and "\t" in line)
    lines[row] = lines[row].replace("\t", "|يفيدون\t", 1)  # one more form in one row
    verbs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("RASD_LEXICON_DIR", str(lexicon))

    result = runner.invoke(app, ["stats", "--db", url])
    assert result.exit_code == 0 and "stale_analyses         3" in result.stdout
    with Store.open(url) as store:
        before = _state(store)
        done = run(store, batch=2)  # pages of two: the run crosses a page boundary
        assert (done.stale, done.updated + done.refreshed, done.failed) == (3, 3, 0)
        assert store.stale() == 0
        after = _state(store)
        # nothing the store keeps beside the analysis is lost: article ids, notes, event timestamps
        assert [e[:3] for e in after["events"]] == [e[:3] for e in before["events"]]
        assert {a[3] for a in after["analyses"]} != {a[3] for a in before["analyses"]}
        assert store.get_article("re-0")["title"] == "خبر 0"
        rec = store.get_record("re-0")
        assert rec["doc"]["id"] == "re-0" and "ingest: a note kept with the article" in rec["warnings"]
        # a re-run does nothing
        again = run(store)
        assert again.to_dict() == {"stale": 0, "updated": 0, "refreshed": 0, "failed": 0}
        assert _state(store) == after
    cli = runner.invoke(app, ["reanalyze", "--db", url, "--json"])
    assert cli.exit_code == 0 and json.loads(cli.stdout.strip().splitlines()[-1])["stale"] == 0


def test_a_run_stopped_half_way_is_resumed(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'r.db'}"
    _fill(url)
    lexicon = tmp_path / "lexicon"
    shutil.copytree(lexicon_dir(), lexicon)
    (lexicon / "extra.tsv").write_text("form\nكلمة\n", encoding="utf-8")
    monkeypatch.setenv("RASD_LEXICON_DIR", str(lexicon))
    with Store.open(url) as store:
        assert run(store, limit=1).to_dict()["stale"] == 3  # "interrupted" after one article
        assert store.stale() == 2
        resumed = run(store)
        assert (resumed.stale, resumed.updated + resumed.refreshed) == (2, 2) and store.stale() == 0


def test_old_analyses_without_a_fingerprint_are_stale(tmp_path):
    url = f"sqlite:///{tmp_path / 'r.db'}"
    _fill(url)
    with Store.open(url) as store:
        with store.session() as s:
            s.execute(Analysis.__table__.update().values(fingerprint=None))
        assert store.stale() == 3 and store.stats()["stale_analyses"] == 3
        assert store.status_of(Article.build(TEXTS[0], id="re-0", title="خبر 0", published="2019-08-19")) is None


def test_the_store_reads_the_version_without_the_pipeline():
    import subprocess
    import sys

    code = ("import sys, rasd.store.db, rasd.export.formats, rasd.filters, rasd.rows; "
            "sys.exit(1 if 'rasd.pipeline' in sys.modules or 'spacy' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code], env={"PYTHONPATH": str(Path(__file__).parents[1] / "src")},
                          check=False).returncode == 0


def test_events_stored_before_the_row_model_get_their_rows_on_open(tmp_path):
    url = f"sqlite:///{tmp_path / 'r.db'}"
    _fill(url)
    with Store.open(url) as store:
        n = store.events(limit=None)[1]
        with store.session() as s:
            s.execute(Event.__table__.update().values(row=sa_null()))  # SQL NULL, as migration 0003 leaves them
    with Store.open(url) as store:
        items, total = store.events(limit=None)
        assert total == n and all(i["event_date"] and i["actor1"] for i in items)
