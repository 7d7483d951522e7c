"""Cleaning: restored obfuscations, no false merges, and an exact, monotone offset map."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.text.clean import clean
from rasd.text.offsets import OffsetMap

DATA = Path(__file__).parent / "data"
NO_MERGE = [ln for ln in (DATA / "no_false_merge.txt").read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")]
MARKS = ".*-_·"


@pytest.mark.parametrize(
    ("original", "restored", "reason"),
    [
        ("الإرهـ.ابيين", "الإرهابيين", "obfuscation"),
        ("تهـ.ديدات", "تهديدات", "obfuscation"),
        ("الإرها.بيين", "الإرهابيين", "obfuscation"),
        ("داع*ش", "داعش", "obfuscation"),
        ("ا*ل*إ*ر*ه*ا*ب", "الإرهاب", "obfuscation"),
        ("مسل\u200bحين", "مسلحين", "obfuscation"),
        ("هجـمات", "هجمات", "normalization"),
        ("مُفاجـئة", "مفاجئة", "normalization"),
        ("بصـدام", "بصدام", "normalization"),
        ("کتاب", "كتاب", "normalization"),
    ],
)
def test_restores_word(original, restored, reason):
    sentence = f"قال إن {original} هنا"
    result = clean(sentence)
    assert result.text == f"قال إن {restored} هنا"
    [item] = result.cleaned
    assert item["original"] == original and item["reason"] == reason
    assert sentence[item["start"]:item["end"]] == original


def test_presentation_forms_and_digits():
    result = clean("ﻻ بد من ٣٥ ٪")
    assert result.text == "لا بد من 35 %"
    assert result.span(0, 2) == (0, 1)  # the ligature maps back to its one character


@pytest.mark.parametrize("line", NO_MERGE)
def test_no_false_merge(line):
    result = clean(line)
    assert all(c["reason"] != "obfuscation" for c in result.cleaned), result.cleaned
    assert sum(result.text.count(m) for m in MARKS) == sum(line.count(m) for m in MARKS)


def test_corpus_has_at_least_100_sentences():
    assert len(NO_MERGE) >= 100


LETTERS = list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي ءأإآةى")
ARABIC_NOISE = st.sampled_from(LETTERS + list("ـ.*-_·\u200b\u200f\u064b\u064e\u0650ﻻ٣ک ی\n"))
TEXT = st.one_of(st.text(max_size=200), st.lists(ARABIC_NOISE, max_size=200).map("".join))


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_offset_map_is_exact_and_monotone(text):
    result = clean(text)
    om: OffsetMap = result.offsets
    n = len(result.text)
    starts = [om.start(i) for i in range(n + 1)]
    ends = [om.end(i) for i in range(n + 1)]
    assert starts == sorted(starts) and ends == sorted(ends)
    assert all(0 <= x <= len(text) for x in starts + ends)
    for i in range(n):
        s, e = result.span(i, i + 1)
        assert s < e, (i, s, e)
    for c in result.cleaned:
        assert text[c["start"]:c["end"]] == c["original"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["الإرهـ.ابيين", "تهـ.ديدات", "قال", "بوتين", " ", "،", "\n", "هجـمات", "3.5"]),
                max_size=40).map("".join))
def test_words_map_back_to_their_original(text):
    result = clean(text)
    for word in ("الإرهابيين", "تهديدات", "هجمات"):
        at = result.text.find(word)
        if at >= 0:
            s, e = result.span(at, at + len(word))
            assert clean(text[s:e]).text == word
