"""Hostile and random input through the whole `rasd.analyze`: never an exception, valid spans,
valid schema; clear per-item errors for what cannot be analysed."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rasd
from rasd.article import Article
from rasd.errors import RasdError
from rasd.validate import problems

PIECES = [
    "قال", "بوتين", "إن", "“", "”", "«", "»", '"', ":", "،", ".", "\n", " ", "الإرهـ.ابيين", "ـ", "*",
    "\u200b", "\u202e", "\u202d", "\u2066", "\ufeff", "\x00", "\x07", "قصف", "طائرات", "النظام", "على",
    "إدلب", "مقتل", "3", "مدنيين", "اليوم", "الإثنين", "نيسان", "السادس والعشرين من", "نحو مليون",
    "بحسب ما أعلنت", "وزارة الدفاع التركية", "اقرأ أيضا:", "ﻻ", "٣٥", "٪", "ک", "ی", "(", ")", "[", "]",
    "https://x.example/a.b", "a@b.co", "19.8.2019", "#وسم_هنا", "\u064b", "\u0651", "𝕏", "🙂", "\r\n",
]
ARTICLE_TEXT = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)
ANY_TEXT = st.one_of(ARTICLE_TEXT, st.text(max_size=400), st.text(alphabet=st.characters(), max_size=50))
PUBLISHED = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()))


def check(text: str, **meta) -> None:
    try:
        rec = rasd.analyze(text, **meta)
    except RasdError as err:
        assert err.code in ("E001", "E003"), err.message
        return
    assert problems(rec) == []
    failed = [w for w in rec["warnings"] if w.startswith("W1")]  # a component that raised fails the test
    assert failed == [], failed


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ARTICLE_TEXT, published=PUBLISHED)
def test_random_news_like_text(text, published):
    check(text, published=published)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ANY_TEXT, title=st.one_of(st.none(), st.text(max_size=40)))
def test_random_unicode(text, title):
    check(text, title=title)


@pytest.mark.parametrize(
    "text",
    [
        "“" * 5000 + "قال بوتين",
        "قال: " + "«" * 300 + "نص" + "»" * 10,
        "”قال ماكرون: ” لا ” نعم “ ربما “ " * 200,
        "و" * 100_000,
        "قال " + "ا" * 200_000,
        "\u202e" * 1000 + "نص معكوس",
        "\x00" * 100 + "قال",
        ("قصف الطيران بلدة كفرنبل. " * 4000),
        "\n" * 50_000 + "خبر",
        "بحسب " * 3000,
    ],
    ids=["open-quotes", "nested-quotes", "broken-pairs", "one-letter", "huge-token", "rlo", "nul",
         "repeated-sentence", "blank-lines", "repeated-cue"],
)
def test_hostile_strings(text):
    check(text, published="2019-08-19")


def test_over_time_limit_is_a_clear_error():
    from rasd.pipeline import shared

    pipeline = shared()
    saved = pipeline.time_limit
    pipeline.time_limit = 1e-9
    try:
        with pytest.raises(RasdError) as err:
            pipeline.analyze(Article.build("قال بوتين إن الوضع صعب.", id="slow"))
        assert err.value.code == "E011" and "slow" in err.value.message
    finally:
        pipeline.time_limit = saved


def test_too_long_is_a_clear_error():
    with pytest.raises(RasdError) as err:
        rasd.analyze("كلمة " * 300_000, id="long")
    assert err.value.code == "E003"
