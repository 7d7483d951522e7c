"""Counts inside durations and "ago" dates are quantities (tied to their time), never casualty counts;
the digits of a calendar date are not quantities."""

from __future__ import annotations

import datetime as dt

import pytest

from rasd.article import Article
from rasd.pipeline import shared

PUB = dt.date(2015, 7, 23)


def run(text: str):
    pipe = shared()
    doc = pipe.make_doc(Article(text=text, published=PUB))
    for _name, component in pipe.nlp.pipeline:
        doc = component(doc)
    return doc


@pytest.mark.parametrize("text,count,value", [
    ("فقد الاتصال بهم منذ نحو عشرة أيام", "نحو عشرة", 10),
    ("ويأتي ذلك بعد ثلاثة أيام على الهجوم", "ثلاثة", 3),
    ("قتل الجندي قبل ثلاثة أيام", "ثلاثة", 3),
    ("استمر الحصار خلال 9 أشهر", "9", 9),
])
def test_count_inside_a_time_is_a_quantity_of_that_time(text, count, value):
    doc = run(text)
    q = next(q for q in doc._.quantities if q["text"] == count)
    t = next(t for t in doc._.times if t["id"] == q["time"])
    assert q["value"] == value and t["start"] <= q["start"] and q["end"] <= t["end"]


@pytest.mark.parametrize("text", ["وكان الجندي قد قتل منذ ثلاثة أيام في حلب", "أصيب قبل خمسة أيام"])
def test_count_inside_a_time_is_not_a_casualty(text):
    assert not run(text)._.casualties


@pytest.mark.parametrize("text", ["وقع ذلك في 12 تموز 2015", "بتاريخ 19/8/2019", "منذ عام 2011"])
def test_date_digits_are_not_quantities(text):
    assert not run(text)._.quantities
