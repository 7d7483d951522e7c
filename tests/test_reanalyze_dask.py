"""`rasd reanalyze` on a real Dask LocalCluster: the workers analyse, this process stores; resumable,
nothing users keep beside the analysis is lost, a re-run does nothing, and workers running other
data than this process are refused before anything is stored."""

from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from rasd.batch.driver import dask_client
from rasd.cli import app
from rasd.errors import RasdError
from rasd.fingerprint import fingerprint, lexicon_dir
from rasd.store import Store
from rasd.store.reanalyze import run
from tests.test_reanalyze import _fill, _state


def _changed_lexicon(tmp_path, name: str, form: str):
    lexicon = tmp_path / name
    shutil.copytree(lexicon_dir(), lexicon)
    (lexicon / "extra.tsv").write_text(f"form\n{form}\n", encoding="utf-8")
    return lexicon


def test_reanalyze_on_dask_is_resumable_keeps_user_data_and_refuses_other_workers(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'r.db'}"
    _fill(url)
    monkeypatch.setenv("RASD_LEXICON_DIR", str(_changed_lexicon(tmp_path, "lex1", "كلمة")))
    current = fingerprint()
    with Store.open(url) as store, dask_client(1, None) as client:  # the worker inherits the lexicon
        before = _state(store)
        assert store.stale(current) == 3
        first = run(store, client=client, batch=1, limit=1)  # "interrupted" after one article
        assert (first.stale, first.updated + first.refreshed, first.failed) == (3, 1, 0)
        assert store.stale(current) == 2
        resumed = run(store, client=client, batch=1)  # pages of one: several in flight
        assert (resumed.stale, resumed.updated + resumed.refreshed, resumed.failed) == (2, 2, 0)
        assert store.stale(current) == 0
        after = _state(store)
        assert [e[:3] for e in after["events"]] == [e[:3] for e in before["events"]]  # first-stored times kept
        assert {a[3] for a in after["analyses"]} == {current}
        rec = store.get_record("re-0")
        assert rec["doc"]["id"] == "re-0" and "ingest: a note kept with the article" in rec["warnings"]
        assert run(store, client=client).to_dict() == {"stale": 0, "updated": 0, "refreshed": 0, "failed": 0}

        # this process now has other data than the worker: nothing is stored
        monkeypatch.setenv("RASD_LEXICON_DIR", str(_changed_lexicon(tmp_path, "lex2", "أخرى")))
        try:
            run(store, client=client)
            raise AssertionError("a worker with another fingerprint was used")
        except RasdError as err:
            assert err.code == "E013"
        assert store.stale() == 3 and _state(store) == after
    # the CLI starts its own cluster (whose worker has this process's data), then has nothing to do
    runner = CliRunner()
    cli = runner.invoke(app, ["reanalyze", "--db", url, "--dask", "--workers", "1", "--json"])
    summary = json.loads(cli.stdout.strip().splitlines()[-1])
    assert cli.exit_code == 0 and summary["stale"] == 3 and summary["updated"] + summary["refreshed"] == 3
    again = runner.invoke(app, ["reanalyze", "--db", url, "--dask", "--json"])
    assert again.exit_code == 0 and json.loads(again.stdout.strip().splitlines()[-1])["stale"] == 0
