"""A frame word ("مدينة", "المدينة") is never itself a place after another frame word."""

from __future__ import annotations

import pytest

import rasd


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("تدور معارك في محيط مدينة خان شيخون جنوبي إدلب.", {"خان شيخون", "إدلب"}),
        ("اعتقلت دورية ثلاثة شبان عند حاجز على أطراف المدينة مساء اليوم.", set()),
        ("وصل الحجاج إلى المدينة المنورة أمس.", {"المدينة المنورة"}),
        ("انفجرت سيارة مفخخة في منطقة الشعب ببغداد.", {"الشعب", "بغداد"}),
    ],
)
def test_frame_words_are_not_places(text, expected):
    rec = rasd.analyze(text, published="2015-07-22")
    assert {p["text"] for p in rec["places"]} == expected
