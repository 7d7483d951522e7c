"""The Parquet tables (flattening, coercion of surprising values) and the WARC shard reader, in
process (`workers=0`, no cluster)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from rasd.batch import SCHEMAS, run_batch
from rasd.batch.shards import Shard, Task, discover, tasks_of
from rasd.batch.tables import rows_of, to_table
from rasd.errors import RasdError

RECORD = {
    "schema": "rasd.analysis/1",
    "doc": {"id": "x1", "title": "t", "source": "s", "url": None, "published": "2019-08-19", "language": "ar"},
    "text": "نص",
    "sentences": [{"start": 0, "end": 2}],
    "entities": [{"id": "e1", "start": 0, "end": 2, "text": "نص", "label": "PER", "canonical": "نص", "link": None}],
    "times": [{"id": "t1", "start": 0, "end": 2, "text": "نص", "type": "DATE", "value": "2019", "anchored": True}],
    "quantities": [],
    "places": [{"id": "p1", "start": 0, "end": 2, "text": "نص", "geonameid": "169389", "lat": 35.9, "lon": 36,
                "score": True}],
    "quotes": [{"id": "q1", "kind": "direct", "start": 0, "end": 2, "text": "نص",
                "speaker": {"text": "بوتين", "start": 0, "end": 1, "entity": "e1", "canonical": "بوتين"},
                "cue": {"text": "قال", "lemma": "قال"}, "stance": "neutral",
                "via": [{"text": "سبوتنيك", "start": 0, "end": 1}], "addressee": None}],
    "events": [{"id": "v1", "event_type": "Battles", "sub_event_type": "Armed clash", "date": "2019-08-19",
                "time_precision": 1, "actor1": {"text": "قوات", "canonical": "قوات"}, "actor2": None,
                "location": {"place": "p1", "geonameid": 169389, "name": "Idlib", "lat": 35.9, "lon": 36.6},
                "fatalities": 3.0, "injured": None, "source": {"text": "المرصد"},
                "evidence": [{"start": 0, "end": 2}], "confidence": 0.8}],
    "warnings": ["w"],
}


def test_rows_flatten_nested_items():
    rows = rows_of(RECORD, "shard-1")
    assert rows["articles"][0]["events"] == 1 and rows["articles"][0]["shard"] == "shard-1"
    assert rows["quotes"][0]["speaker"] == "بوتين" and rows["quotes"][0]["via"] == ["سبوتنيك"]
    event = rows["events"][0]
    assert (event["actor1"], event["actor2"], event["location"], event["geonameid"]) == ("قوات", None, "Idlib", 169389)
    assert json.loads(rows["records"][0]["record"]) == RECORD


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_tables_take_the_rows_of_their_schema(name):
    rows = rows_of(RECORD, "s").get(name, [{"shard": "s", "code": "E001", "message": "m"}])
    table = to_table(name, rows)
    assert table.schema == SCHEMAS[name] and table.num_rows == len(rows)


def test_surprising_values_are_coerced_not_fatal():
    place = to_table("places", rows_of(RECORD, "s")["places"]).to_pylist()[0]
    assert place["geonameid"] == 169389  # a numeric string where an int belongs is read as its number
    assert place["lon"] == 36.0 and place["score"] is None  # int widened; bool is not a score
    event = to_table("events", rows_of(RECORD, "s")["events"]).to_pylist()[0]
    assert event["fatalities"] == 3 and event["evidence"] == "0-2"
    odd = to_table("entities", [{"article_id": "x", "text": {"a": 1}, "start": "5", "label": ["PER"]}]).to_pylist()[0]
    assert (odd["text"], odd["start"], odd["label"]) == ('{"a": 1}', None, '["PER"]')


def test_tasks_cut_jsonl_in_chunks_and_keep_warc_whole():
    shard = Shard("/data/part.001.jsonl.gz", "jsonl", 10, 1)
    assert [(t.start, t.stop, t.size) for t in tasks_of(shard, 2500, 1000)] == [
        (0, 1000, 1000), (1000, 2000, 1000), (2000, 2500, 500)]
    assert tasks_of(shard, 999, 1000) == [Task(shard, size=999)]
    assert tasks_of(shard, 999, 1000)[0].key == shard.key and shard.key.startswith("part.001-")
    warc = Shard("/data/crawl.warc.gz", "warc", 10, 1)
    assert tasks_of(warc, None, 1000) == [Task(warc)]


def test_discover_rejects_unknown_inputs(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(RasdError) as err:
        discover([tmp_path / "notes.txt"])
    assert err.value.code == "E013"
    assert discover([tmp_path]) == []


ARTICLE_HTML = """<html><head><title>اشتباكات في ريف حلب</title>
<meta property="article:published_time" content="2019-08-19T10:00:00"></head><body><article>
<h1>اشتباكات في ريف حلب</h1><p>{body}</p></article></body></html>"""
BODY = "اندلعت اشتباكات عنيفة اليوم بين فصائل المعارضة وقوات النظام في ريف حلب الشمالي، وفق ما أفاد ناشطون. " * 4


def _write_warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        pages = [
            ("http://example.test/news/1", "200 OK", "text/html; charset=utf-8", ARTICLE_HTML.format(body=BODY)),
            ("http://example.test/missing", "404 Not Found", "text/html", "<html>not found</html>"),
            ("http://example.test/logo.png", "200 OK", "image/png", "\x89PNG"),
            ("http://example.test/empty", "200 OK", "text/html", "<html><body></body></html>"),
        ]
        for url, status, ctype, body in pages:
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body.encode()),
                                                          http_headers=http))


def test_warc_shard_in_process(tmp_path):
    _write_warc(tmp_path / "crawl.warc.gz")
    out = tmp_path / "out"
    result = run_batch([tmp_path / "crawl.warc.gz"], out, workers=0, progress=False)
    assert (result.tasks, result.articles, result.errors) == (1, 2, 1)
    records = [json.loads(r["record"]) for r in ds.dataset(out / "records").to_table().to_pylist()]
    assert len(records) == 1
    doc = records[0]["doc"]
    assert (doc["url"], doc["title"], doc["published"]) == (
        "http://example.test/news/1", "اشتباكات في ريف حلب", "2019-08-19")
    assert records[0]["text"].startswith("اشتباكات في ريف حلب")
    errors = ds.dataset(out / "errors").to_table().to_pylist()
    assert [(e["code"], e["where"]) for e in errors] == [("E007", "http://example.test/empty")]


def test_db_loading_once_per_database(tmp_path):
    from rasd.store import Store

    shard = tmp_path / "s.jsonl"
    shard.write_text("\n".join(json.dumps({"id": f"a{i}", "text": f"قال الوزير إن الوضع مستقر في حلب {i}."},
                                          ensure_ascii=False) for i in range(3)) + "\n", encoding="utf-8")
    out, url = tmp_path / "out", f"sqlite:///{tmp_path / 'r.db'}"
    assert run_batch([shard], out, workers=0, progress=False).loaded == 0
    first = run_batch([shard], out, workers=0, db=url, progress=False)  # analysed before: loaded, not redone
    assert (first.tasks, first.loaded) == (0, 3)
    assert run_batch([shard], out, workers=0, db=url, progress=False).loaded == 0
    store = Store.open(url)
    assert store.stats()["articles"] == 3
    assert store.get_record("a1") == json.loads(
        next(r["record"] for r in ds.dataset(out / "records").to_table().to_pylist() if r["article_id"] == "a1"))


def test_memory_zones_keep_records_and_forget_words(tmp_path):
    """A task analysed in spaCy memory zones of 2 articles (row groups of 2) gives the records of
    plain `analyze`, and leaves the vocabulary as it found it: the zones' new words were freed."""
    from rasd.batch.worker import pipeline, run_task
    from rasd.ingest.files import article_from_json_line
    from tests.conftest import shared_path

    lines = shared_path("data", "news", "saudinewsnet_syria_sample.jsonl").read_text(encoding="utf-8").splitlines()
    lines = [line for line in lines if line.strip()][:5]
    lines.insert(2, "not json")  # an input error inside a zone
    new_words = json.dumps({"id": "new-words", "text": "قال زرقلموني إن بلدة كفرطخشون شهدت قصفا عنيفا أمس."},
                           ensure_ascii=False)
    lines.insert(4, new_words)
    shard_path = tmp_path / "s.jsonl"
    shard_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pipe = pipeline()
    strings = len(pipe.nlp.vocab.strings)
    task = tasks_of(discover([shard_path])[0], len(lines), 100)[0]
    summary = run_task(task, str(tmp_path / "out"), flush_every=2, zone_every=2)
    assert (summary["articles"], summary["errors"]) == (7, 1)
    assert not pipe.nlp.vocab.in_memory_zone and len(pipe.nlp.vocab.strings) == strings
    expected = {}
    for i, line in enumerate(lines):
        article = article_from_json_line(line, where=str(i))
        if not isinstance(article, Exception):
            expected[article.id] = pipe.analyze(article)
    assert len(pipe.nlp.vocab.strings) > strings  # outside a zone the new words stay
    rows = ds.dataset(tmp_path / "out" / "records").to_table().to_pylist()
    assert {r["article_id"]: json.loads(r["record"]) for r in rows} == json.loads(json.dumps(expected))
