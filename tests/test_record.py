"""Every record validates against the JSON Schema and keeps `text[start:end] == span text`."""

from __future__ import annotations

import json
from pathlib import Path

import rasd
from rasd.validate import problems

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles.jsonl"


def test_seed_record_is_valid(seed_record):
    assert problems(seed_record) == []
    assert seed_record["doc"]["title"].startswith("بوتين:")
    assert seed_record["doc"]["published"] == "2019-08-19"


def test_examples_are_valid():
    for line in EXAMPLES.read_text(encoding="utf-8").splitlines():
        art = json.loads(line)
        rec = rasd.analyze(art["text"], title=art["title"], published=art["published"], source=art["source"],
                           id=art["id"])
        assert problems(rec) == [], art["id"]
        assert rec["text"].startswith(art["title"] + "\n\n")


def test_seed_read_also_is_boilerplate(seed_record):
    kinds = {b["kind"]: seed_record["text"][b["start"]:b["end"]] for b in seed_record["boilerplate"]}
    assert kinds["read-also"].startswith("إقرأ أيضاً")


def test_seed_obfuscations_restored(seed_record):
    restored = {c["original"]: c["canonical"] for c in seed_record["cleaned"]}
    assert restored["تهـ.ديدات"] == "تهديدات"
    assert restored["الإرهـ.ابيين"] == "الارهابيين"
    for c in seed_record["cleaned"]:
        assert seed_record["text"][c["start"]:c["end"]] == c["original"]
