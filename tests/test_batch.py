"""`rasd batch` on a real 2-worker LocalCluster: same records as `rasd analyze`, errors kept per
article, finished shards skipped on a re-run."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from typer.testing import CliRunner

from rasd.batch import TABLES, run_batch
from rasd.cli import app
from tests.conftest import shared_path

N_DEV = 12
OWN = [
    {"id": "own-1", "title": "مقتل ثلاثة مدنيين في قصف على ريف إدلب",
     "text": "قتل ثلاثة مدنيين اليوم الإثنين في قصف مدفعي لقوات النظام على بلدة كفرنبل في ريف إدلب، "
             "بحسب ما أفاد المرصد السوري لحقوق الإنسان.", "published": "2019-08-19", "source": "تجربة"},
    {"id": "own-2", "text": "قال وزير الخارجية إن \"الحل السياسي هو الطريق الوحيد\" في سوريا.", "date": "2019-08-20"},
]
POISON = [
    '{"id": "poison-int", "text": 42}',  # non-string text -> E006
    "this is not json",  # -> E005
    json.dumps({"id": "poison-huge", "text": "ا" * 1_000_001}),  # the pipeline rejects it -> E003
]


def _dev_articles() -> list[dict]:
    path = shared_path("data", "news", "saudinewsnet_syria_sample.jsonl")
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    keep = ("id", "title", "text", "source", "url", "date")
    return [{k: r[k] for k in keep if k in r} for r in rows if r.get("split") == "dev"][:N_DEV]


@pytest.fixture(scope="module")
def shards(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("shards")
    dev = _dev_articles()
    lines = [json.dumps(a, ensure_ascii=False) for a in dev + OWN]
    (folder / "a.jsonl").write_text("\n".join(lines[:6]) + "\n", encoding="utf-8")
    (folder / "b.jsonl").write_text("\n".join([*lines[6:10], *POISON]) + "\n\n", encoding="utf-8")
    import gzip

    with gzip.open(folder / "c.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines[10:]) + "\n")
    return folder


@pytest.fixture(scope="module")
def run(shards, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    return out, run_batch([shards], out, workers=2, chunk=4, progress=False)


def _table(out: Path, name: str) -> list[dict]:
    return ds.dataset(out / name, format="parquet").to_table().to_pylist()


def test_records_equal_single_process_analyze(shards, run):
    out, result = run
    expected = {}
    for shard in sorted(shards.iterdir()):
        res = CliRunner().invoke(app, ["analyze", str(shard)])
        for line in res.stdout.splitlines():
            rec = json.loads(line)
            expected[rec["doc"]["id"]] = rec
    got = {r["article_id"]: json.loads(r["record"]) for r in _table(out, "records")}
    assert len(got) == N_DEV + len(OWN) == result.articles - result.errors
    assert got == expected


def test_poisoned_articles_land_in_errors(run):
    out, result = run
    errors = _table(out, "errors")
    assert sorted(e["code"] for e in errors) == ["E003", "E005", "E006"]
    assert {e["article_id"] for e in errors} == {"poison-huge", None}
    assert all(e["message"] and e["shard"] for e in errors)
    assert result.failed == [] and result.errors == 3


def test_every_table_written_per_task_and_pipeline_loaded_once_per_worker(run):
    out, result = run
    keys = {s["key"] for s in result.summaries}
    assert result.tasks == len(keys) == 5  # a: 4+2, b: 4+3 (chunks of 4), c: 4
    for name in TABLES:
        assert {p.stem for p in (out / name).glob("*.parquet")} == keys, name
    assert {s["pipeline_loads"] for s in result.summaries} == {1}
    assert len({s["pid"] for s in result.summaries}) <= 2
    articles = _table(out, "articles")
    assert {a["article_id"] for a in articles} >= {"own-1", "own-2"}
    own = next(a for a in articles if a["article_id"] == "own-1")
    assert own["published"] == "2019-08-19" and own["chars"] > 100
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))  # the data dictionary
    events = next(r for r in package["resources"] if r["name"] == "events")
    assert len(events["path"]) == len(keys) and all(f.get("description") for f in events["schema"]["fields"])


def test_rerun_skips_finished_shards_and_redoes_a_changed_one(shards, run, tmp_path):
    out, _ = run
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")}
    again = run_batch([shards], out, workers=2, progress=False)
    assert (again.skipped, again.tasks, again.articles) == (3, 0, 0)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")} == before

    copy = tmp_path / "out"
    import shutil

    shutil.copytree(out, copy)
    with (shards / "a.jsonl").open("a", encoding="utf-8") as fh:  # a changed shard is redone
        fh.write(json.dumps({"id": "own-3", "text": "اشتباكات عنيفة في حلب."}, ensure_ascii=False) + "\n")
    third = run_batch([shards], copy, workers=0, progress=False)
    assert (third.skipped, third.tasks, third.articles) == (2, 2, 7)
    assert "own-3" in {r["article_id"] for r in _table(copy, "records")}
