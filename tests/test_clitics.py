"""Clitic analysis: clitics split off only when the lexicon knows the stem."""

from __future__ import annotations

import pytest

from rasd.lexicon import load_table
from rasd.text.clitics import Analysis, split, stems


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("والأطفال", Analysis("وال", "أطفال", "")),
        ("فالجيش", Analysis("فال", "جيش", "")),
        ("ولبوتين", Analysis("ول", "بوتين", "")),
        ("بإدلب", Analysis("ب", "إدلب", "")),
        ("والإرهابيين", Analysis("وال", "إرهابيين", "")),
        ("قاعدتنا", Analysis("", "قاعدة", "نا")),
        ("كتابهم", Analysis("", "كتاب", "هم")),
        ("وزارة", Analysis("", "وزارة", "")),
        ("بلدة", Analysis("", "بلدة", "")),
        ("وكالة", Analysis("", "وكالة", "")),
        ("ولاية", Analysis("", "ولاية", "")),
        ("الله", Analysis("", "الله", "")),
    ],
)
def test_split(word, expected):
    assert split(word) == expected


@pytest.mark.parametrize("row", [r for r in load_table("clitics") if r["kind"] == "nosplit"], ids=lambda r: r["form"])
def test_nosplit_rows_stay_whole(row):
    assert split(row["form"]).stem == row["form"]


def test_stems_list_the_word_first():
    assert stems("وإدلب")[0] == "وإدلب" and "إدلب" in stems("وإدلب")
