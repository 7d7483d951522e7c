"""Modality: "قد + past" is factual, calls and "منع" inside a protest report do not cancel it, a
period (منذ أشهر) does not make a dated day's event a summary. Sentences written for these tests."""

from __future__ import annotations

import rasd
from tests.test_events import analyse


def test_qad_with_a_past_verb_is_factual(pipeline):
    [ev] = analyse(pipeline, "وكانت القرية قد تعرضت لقصف مدفعي عنيف في مدينة درعا أمس.")
    assert ev["event_type"] == "Explosions/Remote violence"


def test_qad_with_a_present_verb_is_not(pipeline):
    assert analyse(pipeline, "قد تقصف الطائرات مدينة الرقة غدا.") == []


def test_a_demand_inside_a_protest_does_not_cancel_it(pipeline):
    text = "خرج المئات في مسيرة في مدينة حماة اليوم للمطالبة بالإفراج عن المعتقلين ورفعوا لافتات تندد بالاعتقال."
    assert [e["event_type"] for e in analyse(pipeline, text)] == ["Protests"]


def test_a_past_ban_inside_a_protest_does_not_cancel_it(pipeline):
    text = "اعتصم العمال أمام مبنى المحافظة في مدينة حماة اليوم احتجاجا على منع صرف رواتبهم."
    assert [e["event_type"] for e in analyse(pipeline, text)] == ["Protests"]


def test_a_period_does_not_make_a_dated_event_a_summary(pipeline):
    [ev] = analyse(pipeline, "تعرضت بلدة كفرنبل المحاصرة منذ أشهر لقصف مدفعي عنيف اليوم.")
    assert "summary" not in ev


def test_a_total_until_today_stays_a_summary(pipeline):
    assert analyse(pipeline, "قتل 500 شخص في مدينة حلب منذ بداية العام حتى اليوم.") == []


def test_what_a_protest_is_against_is_not_an_event(pipeline):
    text = "تظاهر العشرات في مدينة حماة اليوم احتجاجا على الغارات الجوية."
    assert [e["event_type"] for e in analyse(pipeline, text)] == ["Protests"]


def test_the_victims_of_a_strike_refer_to_it(pipeline):
    assert analyse(pipeline, "زار الوزير مصابي القصف في مستشفى مدينة حلب اليوم.") == []


def test_stun_grenades_on_demonstrators_are_an_intervention(pipeline):
    text = "استخدمت الشرطة قنابل الصوت لتفريق المحتجين في مدينة حلب اليوم."
    assert [e["sub_event_type"] for e in analyse(pipeline, text)] == ["Protest with intervention"]


def test_a_court_verdict_is_no_attack(pipeline):
    assert analyse(pipeline, "أصدرت محكمة في مدينة حلب حكما بالإعدام على ثلاثة متهمين اليوم.") == []


def test_an_armed_groups_execution_is_an_attack(pipeline):
    text = "نفذت جماعة مسلحة حكم الإعدام بحق عشرة أشخاص في مدينة حلب أمس."
    assert [e["event_type"] for e in analyse(pipeline, text)] == ["Violence against civilians"]


def test_a_smugglers_arrest_is_crime_news(pipeline):
    assert analyse(pipeline, "ألقت الشرطة القبض على مهرب مخدرات في مدينة حلب اليوم.") == []


def test_on_this_day_entries_are_background(pipeline):
    [ev] = analyse(pipeline, "1982 - قصفت الطائرات مدينة حماة.")
    assert ev["background"] is True and ev["date"] == "1982"


def test_negation_with_diacritics(pipeline):
    assert analyse(pipeline, "لَمْ تُقصف مدينة إدلب اليوم.") == []


def test_quoted_report_of_an_armed_actor_at_a_named_place_is_an_event():
    # an official's direct quote that tells who did what where is a report, not talk
    text = "وقال المتحدث باسم الشرطة: «فجر مسلحون من تنظيم داعش سيارة مفخخة في سوق مدينة الرمادي»."
    evs = rasd.analyze(text, published="2015-07-20")["events"]
    assert [e["event_type"] for e in evs] == ["Explosions/Remote violence"]


def test_quoted_strong_word_without_an_armed_actor_stays_talk():
    text = "وقال المتحدث: «إن السكان في مدينة الرمادي يخشون السيارات المفخخة كل يوم»."
    assert rasd.analyze(text, published="2015-07-20")["events"] == []
