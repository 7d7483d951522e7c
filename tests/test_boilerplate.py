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
    if row["match"] == "end":
        assert (row["kind"], form) in kinds(f"الخليل 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م {form}\n{BODY}")
        return
    if row["match"] == "phrase":
        assert (row["kind"], form) in kinds(f"{form} {BODY}")
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"بغداد 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس\n{BODY}", [("byline", "واس")]),
        (f"الرياض 3 ذو القعدة 1436 هـ الموافق 17 أغسطس 2015 م واس\n{BODY}", [("byline", "واس")]),
        (f"{BODY}\n // انتهى //\n 12:34 ت م", [("other", "// انتهى //"), ("other", "12:34 ت م")]),
        (f"شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك {BODY}",
         [("share", "شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك")]),
        (f"{BODY}\nقال مسؤول إن وكالة الأنباء نقلت الخبر عن واس", []),
        (f"{BODY}\nوصل 12 شخصا إلى المدينة بحسب قنا.", []),
    ],
)
def test_wire_signatures_times_and_widgets(text, expected):
    assert kinds(text) == expected
