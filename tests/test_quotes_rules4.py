"""Quotes, fourth round (the blind regional dev set's lessons): a dotted acronym in brackets
after an outlet (بي.بي.سي) is the same intermediary named again and no sentence end; a cue opening a
relative clause (NAME الذي اعتبر …، قائلا) speaks for NAME -- on sentences written for these tests
in the style of the region's news."""

from __future__ import annotations

import pytest

from tests.quote_support import hit, quotes


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


@pytest.mark.parametrize(
    ("text", "first", "then", "who"),
    [
        ("وظهر في التسجيل المصور أبو يحيى التونسي الذي اعتبر أنه من «الواجب قتال» مجلس النواب الليبي، "
         "قائلا: «إننا لن نرحمكم وسنلاحقكم في كل مكان».", "الواجب قتال", "لن نرحمكم", "أبو يحيى التونسي"),
        ("وظهرت في المقطع الناشطة اليمنية سعاد علي، التي اعتبرت أن الحصار جريمة بحق المدنيين، "
         "قائلة: «نحن نموت ببطء في تعز».", "الحصار جريمة", "نموت ببطء", "سعاد علي"),
    ],
)
def test_cue_in_a_relative_clause_speaks_for_the_name_before_it(pipeline, text, first, then, who):
    for has in (first, then):
        assert who in hit(pipeline, text, has)["speaker"]["text"]


def test_relative_clause_after_a_common_noun_names_nobody_new(pipeline):
    text = "وسقطت القذيفة على المنزل الذي قال سكانه إنه كان خاليا."
    assert hit(pipeline, text, "كان خاليا")["speaker"]["text"] == "سكانه"


@pytest.mark.parametrize(
    ("text", "has", "who"),
    [
        ("وجدد وزير الخارجية اليمني اتهامه لإيران بدعم الحوثيين بالسلاح.", "بدعم الحوثيين", "وزير الخارجية"),
        ("وجدد نائب الرئيس السوداني إتهامه لجهات – لم يسمها- بتمويل الجماعات المتطرفة، ودعا إلى الحوار.",
         "بتمويل الجماعات", "نائب الرئيس"),
    ],
)
def test_renewed_accusation_takes_its_charge_with_bi(pipeline, text, has, who):
    q = hit(pipeline, text, has)
    assert q["text"].startswith(has) and who in q["speaker"]["text"] and q["stance"] == "accuse"


def test_owned_verbal_noun_with_a_root_waw_is_an_object(pipeline):
    text = "وقال وزير الداخلية العراقي إن الوضع في الأنبار هادئ، وأكد وقوفه إلى جانب العشائر في حربها على الإرهاب."
    q = hit(pipeline, text, "وقوفه إلى جانب العشائر")
    assert q["cue"]["text"] == "وأكد" and "وزير الداخلية" in q["speaker"]["text"]


def test_conjunction_before_an_owned_noun_is_no_root_waw(pipeline):
    text = "وقال الوزير إن الوضع هادئ، وأكد ودعمه للجيش."
    assert [q["cue"]["text"] for q in quotes(pipeline, text)] == ["وقال"]


@pytest.mark.parametrize(
    ("text", "has", "who"),
    [
        ("وشدد نائب البشير التزام السودان بالمنهج الوسطي ورفض الغلو.", "التزام السودان", "نائب البشير"),
        ("وأكد رئيس الحكومة الليبية التفاف الليبيين حول جيشهم في بنغازي.", "التفاف الليبيين", "رئيس الحكومة"),
    ],
)
def test_bare_noun_whose_stem_opens_with_al_starts_the_object(pipeline, text, has, who):
    q = hit(pipeline, text, has)
    assert q["text"].startswith(has) and q["speaker"]["text"].startswith(who) and has not in q["speaker"]["text"]
