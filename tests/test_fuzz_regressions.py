"""Inputs that `bench/fuzz.py` found crashing, kept as regression tests (each must now give an
`Article` or a per-item `RasdError`, never an exception), and the fuzz targets' own invariants
over a few seeds so that the targets themselves stay runnable."""

from __future__ import annotations

import importlib.util

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
