"""Events outside Syria (issue #15): accidents, corruption, arson, the dead among fighters, a
dateline glued to the lead. Sentences written for these tests, run through the whole pipeline."""

from __future__ import annotations

from typing import Any

import pytest

import rasd

PUBLISHED = "2015-07-21"


def events(text: str) -> list[tuple[Any, ...]]:
    rec = rasd.analyze(text, published=PUBLISHED)
    return [(e["event_type"], e["sub_event_type"], e["date"], e.get("fatalities")) for e in rec["events"]]


@pytest.mark.parametrize("text", [
    "انفجر إطار السيارة على طريق صلالة فانقلبت ولقي شخصان مصرعهما أمس.",  # Oman: a tyre
    "أصيب خمسة أشخاص بانفجار أسطوانة غاز في مطعم بمدينة عدن أمس.",  # Yemen: a gas cylinder
    "اتهم النائب مسؤولين كبارا في محافظة البصرة بنهب ثروات الدولة أمس.",  # Iraq: corruption
])
def test_accidents_and_corruption_are_no_events(text):
    assert events(text) == []


def test_a_bomb_beside_a_fuel_tank_is_still_a_bomb():
    text = "قتل ثلاثة جنود بانفجار عبوة ناسفة قرب خزان وقود في مدينة الموصل أمس."
    assert events(text) == [("Explosions/Remote violence", "Remote explosive/landmine/IED", "2015-07-20", 3)]


def test_looting_of_shops_is_still_looting():
    text = "نهب مسلحون محلات تجارية في سوق مدينة نيالا أمس."
    assert [e[:2] for e in events(text)] == [("Strategic developments", "Looting/property destruction")]


def test_arson_that_kills_is_an_attack_on_civilians():
    text = "أضرم مسلحون النار في منزل بقرية قرب مدينة الفاشر أمس مما أدى إلى مقتل امرأة وطفلين."
    assert events(text) == [("Violence against civilians", "Attack", "2015-07-20", 3)]


def test_suicide_bombers_among_the_dead_and_a_seized_workshop_are_no_bombing():
    text = ("أعلنت الشرطة صد هجوم شنه التنظيم على بلدة حديثة بمحافظة الأنبار أمس، وقتل 9 من عناصره بينهم "
            "انتحاريان، فضلا عن ضبط ورشة لتفخيخ السيارات قرب مدينة بيجي.")
    assert events(text) == [("Battles", "Armed clash", "2015-07-20", 9)]


def test_a_dateline_glued_to_the_lead_keeps_the_lead_and_its_day():
    text = ("مقتل ثلاثة جنود في العريش\n\nرويترز- القاهرة: قالت مصادر أمنية إن ثلاثة جنود قتلوا في هجوم على نقطة "
            "تفتيش بمدينة العريش يوم السبت.")
    assert events(text) == [("Battles", "Armed clash", "2015-07-18", 3)]


def test_a_take_over_told_after_mundhu_is_background():
    rec = rasd.analyze("يدير المجلس شؤون المدينة من مدينة طبرق منذ سيطرت جماعة مسلحة على مدينة بنغازي.",
                       published=PUBLISHED)
    assert rec["events"] == []
    assert [(e["sub_event_type"], e["background"]) for e in rec["background_events"]] == [
        ("Non-state actor overtakes territory", True)]


def test_a_statement_after_a_comma_keeps_its_own_day():
    text = ("قتل شرطيان في انفجار قنبلة في قرية سترة أمس. ويعد التفجير الأسوأ في البحرين منذ عام، وذكرت وكالة "
            "الأنباء أن السلطات ضبطت متفجرات من النوع نفسه يوم السبت الماضي.")
    assert events(text) == [("Explosions/Remote violence", "Remote explosive/landmine/IED", "2015-07-20", 2)]


def test_an_aircraft_that_attacks_is_an_air_strike():
    text = "هاجمت طائرة حربية مواقع للمسلحين جنوبي مدينة درنة أمس."
    assert events(text) == [("Explosions/Remote violence", "Air/drone strike", "2015-07-20", None)]


def test_fighting_that_broke_out_is_a_clash():
    text = "اندلع القتال صباح أمس في مدينة ملكال بين الجيش ومتمردين."
    assert events(text) == [("Battles", "Armed clash", "2015-07-20", None)]


def test_a_country_level_lead_takes_the_place_the_next_sentence_gives_the_fighting():
    text = ("مقتل خمسة في اشتباكات في شرق السودان\n\nقتل خمسة أشخاص أمس خلال اشتباكات في شرق السودان بين الجيش "
            "ومسلحين قبليين. واندلع القتال أول أمس في مدينة كسلا قرب الحدود.")
    rec = rasd.analyze(text, published=PUBLISHED)
    assert [(e["date"], e["location"]["country"], e["location"]["geo_precision"], e["fatalities"])
            for e in rec["events"]] == [("2015-07-20", "SD", 1, 5), ("2015-07-19", "SD", 1, None)]
    assert len({e["location"]["name"] for e in rec["events"]}) == 1


def test_a_duty_to_fight_is_a_call_not_a_fight():
    assert events("واعتبر القيادي في مدينة سرت أنه من الواجب قتال الجيش والشرطة.") == []


@pytest.mark.parametrize("text", [
    "وكان الشاب من ضمن الذين ألقي القبض عليهم في مدينة كسلا ثم أطلق سراحه.",  # Sudan: a biography
    "سبق أن اعتقلته قوات الأمن في مدينة الموصل بتهمة الانتماء للتنظيم.",  # Iraq: "had been arrested"
])
def test_a_biographys_past_is_background(text):
    rec = rasd.analyze(text, published=PUBLISHED)
    assert rec["events"] == []
    assert [e["sub_event_type"] for e in rec["background_events"]] == ["Arrests"]


def test_a_headlines_period_does_not_make_the_body_report_a_summary():
    text = "أعنف اشتباكات منذ أشهر في عدن\n\nدارت اشتباكات عنيفة اليوم في مدينة عدن بين مسلحين قبليين والجيش."
    assert events(text) == [("Battles", "Armed clash", "2015-07-21", None)]


def test_al_tuwal_is_a_place_not_the_period_word_tuwal():
    text = "وتصدت قوات حرس الحدود لهجوم مسلح على منفذ الطوال بعد اشتباكات مع المتسللين."
    assert [e[:2] for e in events(text)] == [("Battles", "Armed clash")]


def test_security_strikes_are_a_crackdown_and_seizing_the_wanted_an_arrest():
    text = ("وأسفرت الضربات الأمنية الاستباقية التي تستهدف قيادات التنظيم في محافظة الجيزة أمس عن ضبط 12 من "
            "العناصر المطلوبة.")
    assert events(text) == [("Strategic developments", "Arrests", "2015-07-20", None)]


def test_opening_fire_told_with_the_verbal_noun_and_its_subject_keeps_yesterday():
    text = ("لقي شرطي مصرعه أمس وأصيب اثنان إثر إطلاق مسلحين النار على دورية أمنية. وقالت الوزارة إن الهجوم وقع "
            "على طريق العريش.")
    assert events(text) == [("Battles", "Armed clash", "2015-07-20", 1)]


def test_the_country_leading_a_coalition_is_not_where_its_strikes_fell():
    text = ("وقالت الشرطة في مدينة الرمادي إن القوات الخاصة والجيش تمكنت من دخول حرم الجامعة في وقت مبكر من صباح "
            "أمس، مدعومة بغارات مكثفة من التحالف الذي تقوده الولايات المتحدة.")
    rec = rasd.analyze(text, published=PUBLISHED)
    assert {e["location"]["country"] for e in rec["events"]} == {"IQ"}
    assert "Air/drone strike" in {e["sub_event_type"] for e in rec["events"]}
