"""Boilerplate lines and prefixes, one test per table row and per byline form."""

from __future__ import annotations

import pytest

from rasd.lexicon import load_table, variants
from rasd.text.boilerplate import find

BODY = "قصفت الطائرات الحربية بلدة في ريف إدلب صباح اليوم وأدى القصف إلى دمار واسع في المنازل والمحال التجارية."


def kinds(text: str) -> list[tuple[str, str]]:
    return [(b["kind"], text[b["start"]:b["end"]]) for b in find(text)]


@pytest.mark.parametrize(
    ("row", "form"),
    [(row, form) for row in load_table("boilerplate") for form in variants(row["forms"]) if row["match"] != "contains"],
)
def test_every_marker_row(row, form):
    if row["match"] == "tail":
        tail = f"{form} سوريا داعش"
        assert (row["kind"], tail) in kinds(f"{BODY} {tail}")
        return
    line = form if row["match"] == "line" else f"{form} عنوان خبر آخر"
    text = f"{BODY}\n{line}\n{BODY}"
    assert (row["kind"], line) in kinds(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"عنوان\nالوسيلة – متابعات:\n{BODY}", [("byline", "الوسيلة – متابعات:")]),
        (f"عنوان\nعين اليوم – جدة\n{BODY}", [("byline", "عين اليوم – جدة")]),
        (f" واس- الرياض: {BODY}", [("byline", "واس- الرياض:")]),
        (f"{BODY} رابط الخبر بصحيفة الوئام: عنوان آخر", [("link", "رابط الخبر بصحيفة الوئام: عنوان آخر")]),
        ("سوريا - تركيا: توتر على الحدود بعد قصف مدفعي", []),
        (f"{BODY}\nوقال المتحدث - وهو ضابط سابق - إن الوضع خطير.", []),
        (f"{BODY}\n{BODY}", []),
        (f"{BODY}\nalrashed@example.com", [("byline", "alrashed@example.com")]),
        ("أعلنت سمات الشركة الجديدة عن منتج.", []),
    ],
)
def test_bylines_and_links(text, expected):
    assert kinds(text) == expected
