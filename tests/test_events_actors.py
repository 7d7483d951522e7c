"""Event-side actor rules: the reporting body is never a party, an attacker named in the sentence
before, unidentified gunmen and civilians named by the event's country. Sentences written for
these tests, run through the whole pipeline."""

from __future__ import annotations

import rasd


def events(text: str) -> list[dict]:
    return rasd.analyze(text, published="2015-07-20")["events"]


def test_unidentified_gunmen_take_the_events_country():
    [ev] = events("هاجم مسلحون مجهولون نقطة تفتيش للشرطة في مدينة عدن اليوم.")
    assert ev["actor1"]["canonical"] == "Unidentified Armed Group (Yemen)"


def test_civilians_take_the_events_country():
    [ev] = events("قالت وكالة الأنباء إن 5 أشخاص قتلوا في انفجار بمدينة بغداد اليوم.")
    assert (ev["actor2"] or {}).get("canonical") == "Civilians (Iraq)"


def test_reporting_body_is_never_actor1():
    for text in ("أعلنت وزارة الصحة مقتل 12 شخصا في غارة على مدينة صعدة اليوم.",
                 "قالت وكالة الأنباء إن 5 أشخاص قتلوا في انفجار بمدينة بغداد اليوم."):
        [ev] = events(text)
        assert ev["actor1"] is None or not ev["actor1"]["text"].startswith(("وزارة", "وكالة"))


def test_attacker_from_the_previous_sentence():
    text = "شن مسلحون حوثيون هجوما على مواقع المقاومة في مدينة تعز أمس. وقتل في الهجوم 4 مدنيين."
    evs = events(text)
    assert any("حوثي" in ((e.get("actor1") or {}).get("text") or "") for e in evs)


def test_demonstrators_are_actor1_and_only_an_intervening_force_actor2():
    [ev] = events("تظاهر آلاف العراقيين في ساحة التحرير ببغداد اليوم ضد الفساد.")
    assert ev["actor1"]["text"] == "آلاف العراقيين" and ev["actor2"] is None
    [ev] = events("فرقت الشرطة المحتجين في مدينة القاهرة اليوم بالغاز المسيل للدموع.")
    assert ev["actor1"]["text"] == "المحتجين" and ev["actor2"]["text"] == "الشرطة"


def test_the_group_protested_against_is_not_a_side():
    [ev] = events("خرج المتظاهرون في مدينة صنعاء اليوم ضد الحوثيين.")
    assert ev["actor1"]["text"] == "المتظاهرون" and ev["actor2"] is None


def test_victims_are_never_actor1():
    [ev] = events("قتلت امرأة وطفلان في غارة جوية على مدينة صعدة اليوم.")
    assert ev["actor1"] is None or ev["actor1"].get("inter") != 7


def test_youths_confronting_the_police_is_a_riot():
    [ev] = events("اندلعت مواجهات بين الأهالي وقوات الأمن في مدينة القاهرة اليوم.")
    assert (ev["event_type"], ev["sub_event_type"]) == ("Riots", "Violent demonstration")


def test_an_assassinated_gendarme_is_a_clash():
    [ev] = events("اغتالت مجموعة مسلحة ثلاثة من أفراد الدرك في مدينة عين الدفلى اليوم.")
    assert ev["event_type"] == "Battles"


def test_arrest_of_a_cell():
    [ev] = events("ضبطت قوات الأمن خلية إرهابية في مدينة الإسكندرية اليوم.")
    assert ev["sub_event_type"] == "Arrests"


def test_a_bomb_targeting_a_patrol_is_a_bomb_and_the_patrol_its_target():
    [ev] = events("انفجار يستهدف دورية للشرطة في مدينة المنامة اليوم.")
    assert ev["sub_event_type"] == "Remote explosive/landmine/IED"
    assert ev["actor1"] is None and ev["actor2"]["text"] == "دورية"


def test_a_ministry_announcing_is_not_a_party():
    [ev] = events("أعلنت وزارة الداخلية مقتل شرطي في هجوم مسلح في مدينة العريش اليوم.")
    assert ev["actor1"] is None or not ev["actor1"]["text"].startswith("وزارة")
