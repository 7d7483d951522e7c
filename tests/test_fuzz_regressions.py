"""Inputs that `bench/fuzz.py` found crashing, kept as regression tests (each must now give an
`Article` or a per-item `RasdError`, never an exception), and the fuzz targets' own invariants
over a few seeds so that the targets themselves stay runnable."""

from __future__ import annotations

import importlib.util
import json

import pytest

from rasd.article import Article
from rasd.errors import RasdError
from rasd.ingest.files import article_from_json_line
from tests.conftest import ROOT

# (what crashed, the input) -- found by `python bench/fuzz.py --seconds 40` (atheris)
JSONL_CRASHERS = [
    # AttributeError: a non-string title with an empty text ('int' object has no attribute 'strip')
    b'{"text":"","title": "\xd9\x82", "daxt": "7", "title": 1, "publishete": "2019-13-45"}',
    b'{"text": "", "title": []}',
    b'{"text": "", "title": {"a": 1}}',
    b'{"text": " ", "title": false}',
]


# clean: a medial presentation form of a mark (U+FE7B = tatweel + kasra) left a tatweel in the
# canonical text; the first one is the fuzzer's input as found (invalid UTF-8 as lone surrogates)
CLEAN_CRASHERS = [
    (b"\x00\xd8 \xf0\x9f\x99\x82 \r\n\xd8\xa7\xd9\x84\xd8\xa5\xd8\xb1\xd9\x87\xd9\x88&\xd9\x86 \xef\xb9\xbb \xef\xb7"
     b"\xb2\xe0 \xa3\xd9\xa5 \xda\xa9 \xdb\x8c \xe2\x80\x8b\xe2\x80\x8f\xe2\x80\xae \x01\x00\x00\x00\x00\x00\x00\x00"
     b"\xd9\x8b\xd9\x91 \xd9\x80*\xd9\x80 \xd8\xaa.&\x87.\t\xd8\xaf.\xd9\x8a.\xd8\xaf"
     ).decode("utf-8", "surrogateescape"),
    *(f"ب{chr(c)}ب" for c in (0xFE71, 0xFE77, 0xFE79, 0xFE7B, 0xFE7D, 0xFE7F)),
]


@pytest.mark.parametrize("text", CLEAN_CRASHERS)
def test_clean_crashers(text):
    _fuzz_module().check_clean(text)


@pytest.mark.parametrize("raw", JSONL_CRASHERS)
def test_jsonl_crashers(raw):
    assert isinstance(article_from_json_line(raw, where="t.jsonl:1"), Article | RasdError)


def _fuzz_module():
    spec = importlib.util.spec_from_file_location("rasd_bench_fuzz", ROOT / "bench" / "fuzz.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("target", ["clean", "html", "bytes", "jsonl"])
def test_fuzz_targets_hold_on_their_seeds(target):
    fuzz = _fuzz_module()
    for seed in fuzz.seeds(target):
        fuzz.CHECKS[target](seed)


# Lone surrogates (a JSON "\ud800"; found by tests/test_robustness.py): spaCy refused them
# (UnicodeEncodeError), `rasd analyze` could not write its JSON and `rasd ingest` could not store.
SURROGATES = ["\ud800", "قال \ud800 بوتين", "\udcff\udcfe" * 50 + "قصف", "\ud83d\ude42 مرحبا"]


@pytest.mark.parametrize("text", SURROGATES)
def test_lone_surrogates_clean_one_for_one(text):
    from rasd.text.clean import clean

    ct = clean(text)
    assert len(ct.text) == len(text) and "\ufffd" in ct.text
    assert not any("\ud800" <= c <= "\udfff" for c in ct.text)


@pytest.mark.parametrize("text", SURROGATES)
def test_lone_surrogates_through_analyze(text):
    import rasd
    from rasd.validate import problems

    rec = rasd.analyze(text, title="\udc80 عنوان", source="\ud800")
    assert problems(rec) == []
    json.dumps(rec, ensure_ascii=False).encode("utf-8")  # writable as UTF-8
    assert any("surrogate" in w for w in rec["warnings"])


def test_jsonl_with_escaped_surrogates_through_the_cli(tmp_path):
    from typer.testing import CliRunner

    from rasd.cli import app

    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "s1", "text": "قصفت طائرات \\ud800 بلدة في إدلب", "title": "\\udfff"}\n', encoding="utf-8")
    res = CliRunner().invoke(app, ["analyze", str(path)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    rec = json.loads(res.stdout)
    assert rec["doc"]["id"] == "s1" and "\ufffd" in rec["text"]
    db = tmp_path / "s.db"
    res = CliRunner().invoke(app, ["ingest", str(path), "--db", str(db), "--json"], catch_exceptions=False)
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    assert (summary["ingested"], summary["failed"]) == (1, 0), summary
