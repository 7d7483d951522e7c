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
    assert ev["actor1"] is None and ev["actor2"]["text"] == "دورية للشرطة"


def test_a_ministry_announcing_is_not_a_party():
    [ev] = events("أعلنت وزارة الداخلية مقتل شرطي في هجوم مسلح في مدينة العريش اليوم.")
    assert ev["actor1"] is None or not ev["actor1"]["text"].startswith("وزارة")


def test_target_of_a_trigger_ending_in_its_preposition_is_actor2():
    # "أطلق ... النار على": what follows على is the target; the patrol belongs to the police
    [ev] = events("أطلق مسلحون مجهولون النار على دورية للشرطة في مدينة بنغازي اليوم.")
    assert ev["actor1"]["canonical"] == "Unidentified Armed Group (Libya)"
    assert ev["actor2"]["text"] == "دورية للشرطة"
    assert ev["actor2"]["canonical"] == "Police Forces of Libya"


def test_unit_tied_to_its_force_by_a_link_word_is_the_attacker():
    [ev] = events("قصفت طائرات تابعة لقوات حفتر مطار معيتيقة في العاصمة الليبية طرابلس اليوم.")
    assert ev["actor1"]["text"] == "طائرات تابعة لقوات حفتر"
    assert ev["actor1"]["canonical"].startswith("LNA")
    assert ev["actor2"] is None


def test_agent_between_verb_and_figure_is_not_a_victim():
    [ev] = events("خطف مسلحون مجهولون أربعة عمال أجانب في مدينة أوباري اليوم.")
    assert ev["actor1"]["canonical"] == "Unidentified Armed Group (Libya)"


def test_dead_of_one_side_are_actor2_never_actor1():
    [ev] = events("قتل ستة من أفراد الجيش المصري في هجوم مسلح استهدف كمينا في مدينة العريش اليوم.")
    assert ev["actor2"]["canonical"] == "Military Forces of Egypt"
    assert ev["actor1"] is None or ev["actor1"]["canonical"] != "Military Forces of Egypt"


def test_a_type_word_after_lam_alone_is_no_party():
    # "بتهمة العمالة للنظام": a complement, not the target of the execution
    evs = events("أعدم التنظيم ثمانية رجال بتهمة العمالة للنظام في مدينة حلب اليوم.")
    assert [e["event_type"] for e in evs] == ["Violence against civilians"]
    assert evs[0]["actor2"] is None or "النظام" not in evs[0]["actor2"]["text"]


def test_an_indefinite_participle_grows_the_actor_phrase():
    [ev] = events("هاجمت فصائل معارضة مواقع قوات النظام في مدينة حلب اليوم.")
    assert ev["actor1"]["text"] == "فصائل معارضة"
    assert ev["actor2"]["text"] == "قوات النظام"


def test_a_terrorist_group_is_an_unidentified_armed_group_of_the_country():
    [ev] = events("اغتالت مجموعة إرهابية ثلاثة من أفراد الدرك الوطني الجزائري بالرصاص في ولاية عين الدفلى اليوم.")
    assert ev["actor1"]["text"] == "مجموعة إرهابية"
    assert ev["actor1"]["canonical"] == "Unidentified Armed Group (Algeria)"


def test_fire_towards_a_force_makes_it_the_target():
    [ev] = events("أطلق مجهولان أعيرة نارية تجاه دورية للشرطة في مدينة الفيوم اليوم.")
    assert ev["actor1"]["canonical"] == "Unidentified Armed Group (Egypt)"
    assert ev["actor2"]["canonical"] == "Police Forces of Egypt"


def test_the_group_that_claimed_the_attack_is_actor1():
    [ev] = events("قتل ثمانية أشخاص في انفجار سيارة مفخخة أمام فندق في مدينة مقديشو اليوم، "
                  "وأعلنت حركة الشباب مسؤوليتها عن الهجوم.")
    assert ev["actor1"]["canonical"] == "Al Shabaab"
    [ev] = events("قتل خمسة جنود في تفجير سيارة مفخخة استهدف نقطة تفتيش في مدينة المكلا اليوم، "
                  "وتبنى تنظيم القاعدة في جزيرة العرب الهجوم.")
    assert ev["actor1"]["canonical"].startswith("AQAP")
    assert ev["actor2"] is None or not ev["actor2"]["canonical"].startswith("AQAP")


def test_a_crowd_is_named_protesters_or_rioters_of_the_events_country():
    [ev] = events("تظاهر آلاف العراقيين في ساحة التحرير وسط مدينة بغداد اليوم احتجاجا على انقطاع الكهرباء.")
    assert ev["actor1"]["text"] == "آلاف العراقيين" and ev["actor1"]["canonical"] == "Protesters (Iraq)"
    [ev] = events("أضرم محتجون النار في مبنى مجلس محافظة البصرة اليوم.")
    assert ev["event_type"] == "Riots"
    assert ev["actor1"]["canonical"] == "Rioters (Iraq)" and ev["actor1"]["inter"] == 5
