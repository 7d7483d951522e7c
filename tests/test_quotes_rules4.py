"""Quotes, fourth round (the blind regional dev set's lessons): a dotted acronym in brackets after
an outlet (بي.بي.سي) is the same intermediary named again and no sentence end -- on sentences
written for these tests in the style of the region's news."""

from __future__ import annotations

from rasd.article import Article


def quotes(pipeline, text: str) -> list[dict]:
    return pipeline.analyze(Article(id="t", text=text))["quotes"]


def hit(pipeline, text: str, has: str) -> dict:
    found = quotes(pipeline, text)
    q = next((q for q in found if has in q["text"]), None)
    assert q is not None, f"no quote holds {has!r}: {[x['text'] for x in found]}"
    return q


def test_dotted_acronym_in_brackets_after_an_outlet_is_a_second_via(pipeline):
    text = ("وقال وزير الخارجية البريطاني فيليب هاموند لهيئة الإذاعة البريطانية (بي.بي.سي)، "
            "«سنواصل دعم الحكومة اليمنية في عدن حتى تستعيد مؤسساتها».")
    q = hit(pipeline, text, "سنواصل دعم الحكومة")
    assert [v["text"] for v in q["via"]] == ["هيئة الإذاعة البريطانية", "بي.بي.سي"]
    assert "هاموند" in q["speaker"]["text"]


def test_dotted_acronym_with_spaces_keeps_the_sentence(pipeline):
    text = "وقال قائد الشرطة في بنغازي لشبكة سي. إن. إن إن المسلحين انسحبوا من وسط المدينة."
    q = hit(pipeline, text, "المسلحين انسحبوا")
    assert "قائد الشرطة" in q["speaker"]["text"]


def test_words_in_brackets_after_an_outlet_are_no_via(pipeline):
    text = "وقال مسؤول سوداني لوكالة رويترز (في الخرطوم) إن المفاوضات ستستأنف الأسبوع المقبل."
    q = hit(pipeline, text, "المفاوضات ستستأنف")
    assert [v["text"] for v in q["via"]] == ["وكالة رويترز"]
