"""The target side of an event read from who was hurt, arrested or attacked: the counted phrase of
a casualty figure, a person named after the verb, the subject of "تعرض لـ", a position held by a
force ("مواقع للجيش"), the second side of "بين A من جهة وB من جهة أخرى". Sentences written for
these tests across the region, run through the whole pipeline."""

from __future__ import annotations

import rasd


def event(text: str) -> dict:
    [ev] = rasd.analyze(text, published="2016-03-10")["events"]
    return ev


def side(ev: dict, key: str) -> str:
    return (ev.get(key) or {}).get("text") or ""


def test_the_counted_victims_are_actor2():
    ev = event("قتل أحد منتسبي وزارة الداخلية بتفجير عبوة ناسفة في قضاء المحمودية جنوبي بغداد أمس.")
    assert side(ev, "actor2") == "أحد منتسبي وزارة الداخلية" and ev["actor1"] is None
    ev = event("أسفر انفجار عبوة ناسفة في مدينة العريش أمس عن إصابة ضابطين ومجند.")
    assert side(ev, "actor2") == "ضابطين ومجند" and ev["injured"] == 3
    ev = event("خطف مسلحون مجهولون أربعة عمال أتراك في مدينة سرت الليبية أمس.")
    assert side(ev, "actor1") == "مسلحون مجهولون" and side(ev, "actor2").startswith("أربعة عمال")


def test_a_victim_word_widens_to_its_figure_and_list():
    ev = event("أعدم تنظيم داعش عشرة أشخاص في مدينة الموصل أمس.")
    assert side(ev, "actor2") == "عشرة أشخاص" and ev["actor2"]["canonical"] == "Civilians (Iraq)"
    ev = event("قتل 8 أطفال و3 نساء في غارة على سوق شعبي في مدينة صعدة أمس.")
    assert side(ev, "actor2") == "8 أطفال و3 نساء" and ev["fatalities"] == 11


def test_a_victim_phrase_stops_at_a_time_and_skips_others():
    ev = event("قتل جندي تركي الثلاثاء في انفجار لغم أرضي استهدف عربة عسكرية في مدينة ماردين.")
    assert side(ev, "actor2") == "جندي تركي"
    ev = event("قتل جندي صومالي وأصيب آخرون في انفجار عبوة ناسفة في مدينة مقديشو أمس.")
    assert side(ev, "actor2") == "جندي صومالي"


def test_a_person_named_after_the_verb_is_the_victim():
    ev = event("قتلت قوات الاحتلال الشاب محمد أحمد عودة في بلدة بيت أمر شمال الخليل أمس.")
    assert side(ev, "actor1") == "قوات الاحتلال" and side(ev, "actor2").endswith("محمد أحمد عودة")


def test_a_family_name_is_no_group():
    ev = event("وذكرت الحركة أنه تم اعتقال عبد الخالق الحوثي وهو قائد عسكري أمس في مدينة عدن.")
    assert ev["actor1"] is None and side(ev, "actor2") == "عبد الخالق الحوثي"


def test_the_subject_of_taarrada_is_the_target():
    ev = event("تعرضت دورية للشرطة لهجوم مسلح في مدينة بنغازي أمس ما أدى إلى مقتل شرطي.")
    assert ev["actor1"] is None and side(ev, "actor2") == "دورية للشرطة"
    ev = event("تعرضت دورية للجيش اللبناني لإطلاق نار في بلدة عرسال أمس ما أدى إلى إصابة جنديين.")
    assert ev["actor2"]["canonical"] == "Military Forces of Lebanon" and ev["actor1"] is None


def test_a_position_held_by_a_force_is_the_target():
    ev = event("قصفت ميليشيات الحوثي مواقع للجيش الوطني في مديرية نهم أمس.")
    assert ev["actor1"]["canonical"].startswith("Houthi")
    assert ev["actor2"]["canonical"] == "Military Forces of Yemen"
    ev = event("قامت القوات المسلحة باستهداف تجمع للعناصر الإرهابية في مدينة الشيخ زويد أمس.")
    assert side(ev, "actor1") == "القوات المسلحة" and side(ev, "actor2") == "تجمع للعناصر الإرهابية"


def test_the_second_side_of_between_is_read_when_no_table_names_it():
    ev = event("اندلعت اشتباكات أمس في حي الصابري ببنغازي بين قوات الجيش الليبي من جهة والكتيبة 17 من جهة أخرى.")
    assert ev["actor1"]["canonical"] == "Military Forces of Libya" and side(ev, "actor2") == "الكتيبة 17"


def test_suicide_bombers_and_the_resistance_are_actors():
    ev = event("هاجم انتحاريان سوقا شعبيا في مدينة الموصل أمس ما أدى إلى مقتل 12 شخصا.")
    assert ev["actor1"]["canonical"] == "Unidentified Armed Group (Iraq)" and side(ev, "actor2") == "12 شخصا"
    ev = event("وقال مصدر محلي إن المقاومة سيطرت على تبة استراتيجية في مديرية المسراخ بمحافظة تعز أمس.")
    assert ev["actor1"]["canonical"] == "Popular Resistance (Yemen)"


def test_the_crowd_after_an_adverb_throws_the_stones():
    ev = event("اندلعت مواجهات في بلدة بيت فوريك أمس رشق خلالها الشبان جنود الاحتلال بالحجارة.")
    assert ev["event_type"] == "Riots" and side(ev, "actor1") == "الشبان"


def test_the_subject_before_the_verb_is_the_attacker():
    ev = event("قال مسؤول محلي إن مسلحين مجهولين أطلقوا النار على ضابط في الشرطة في مدينة درنة أمس فأردوه قتيلا.")
    assert side(ev, "actor1") == "مسلحين مجهولين" and ev["actor2"]["canonical"] == "Police Forces of Libya"


def test_a_profession_is_a_victim_and_the_gunmen_its_killers():
    ev = event("اغتال مسلحون مجهولون قاضيا في مدينة عدن أمس.")
    assert ev["event_type"] == "Violence against civilians"
    assert side(ev, "actor1") == "مسلحون مجهولون" and side(ev, "actor2") == "قاضيا" and ev["fatalities"] == 1


def test_opening_fire_in_the_plural_is_an_attack_on_the_police():
    ev = event("لقي شرطي مصرعه وأصيب ثلاثة آخرون إثر قيام مسلحين بإطلاق النيران على سيارة للشرطة "
               "على طريق الفيوم القاهرة أمس.")
    assert ev["event_type"] == "Battles" and side(ev, "actor2") == "شرطي"
    assert (ev["fatalities"], ev["injured"]) == (1, 3)


def test_the_figure_before_a_victim_word_and_the_clauses_own_dead():
    ev = event("ونفذت جبهة النصرة حكم الإعدام، أمس، بحق عشرة أشخاص في حي الشعار بحلب.")
    assert side(ev, "actor2") == "عشرة أشخاص"
    ev = event("وقتل طفلان شقيقان في غارة على مدينة معرة النعمان، وامرأة وطفلها في قصف جوي على قرية جوزف.")
    assert side(ev, "actor2") == "طفلان"


def test_the_crowd_named_before_the_protest_noun():
    ev = event("نظم مئات الطلاب وقفة احتجاجية أمام مبنى وزارة التعليم في الخرطوم أمس للمطالبة بتحسين أوضاعهم.")
    assert side(ev, "actor1") == "مئات الطلاب" and ev["actor1"]["canonical"] == "Protesters (Sudan)"


def test_a_type_word_opens_the_name_after_it():
    ev = event("جددت أمس العصابات الحوثية وميليشيات المخلوع صالح قصفها للشريط الحدودي بمنطقة جازان.")
    assert side(ev, "actor1") == "ميليشيات المخلوع صالح"


def test_a_definite_object_does_not_grow_the_subject():
    ev = event("قصفت الميليشيات الشريط الحدودي بمنطقة جازان أمس ما نتج عنه استشهاد أحد رجال الحرس الوطني.")
    assert side(ev, "actor1") == "الميليشيات" and side(ev, "actor2") == "أحد رجال الحرس الوطني"


def test_a_victims_title_runs_to_the_name():
    ev = event("أصيب قائد اللواء الثالث العميد محمد علي الشامي في انفجار عبوة ناسفة في مدينة عدن أمس.")
    assert side(ev, "actor2") == "قائد اللواء الثالث العميد محمد علي الشامي" and ev["injured"] == 1


def test_a_named_force_between_the_verb_and_its_figure_is_the_killer():
    ev = event("قتلت الشرطة المصرية خمسة مسلحين في تبادل لإطلاق النار في مدينة العريش أمس.")
    assert ev["actor1"]["canonical"] == "Police Forces of Egypt" and side(ev, "actor2") == "خمسة مسلحين"
    assert ev["fatalities"] == 5
    ev = event("قتلت قوات الأمن العراقية 12 عنصرا من داعش في الأنبار أمس.")
    assert ev["actor1"]["canonical"] == "Police Forces of Iraq" and ev["fatalities"] == 12


def test_the_wounded_make_a_country_level_report_an_event():
    ev = event("أصيب شرطيان في هجوم بقنبلة على دورية أمنية في البحرين.")
    assert ev["event_type"] == "Explosions/Remote violence" and ev["injured"] == 2
    assert ev["location"]["country"] == "BH"


def test_two_armed_sides_make_a_country_level_wire_sentence_an_event():
    ev = event("قصف الجيش التركي مواقع حزب العمال الكردستاني في شمال العراق.")
    assert ev["event_type"] == "Explosions/Remote violence" and ev["location"]["country"] == "IQ"
    assert ev["actor2"]["canonical"].startswith("PKK")


def test_fire_opened_on_indefinite_protesters_is_excessive_force():
    ev = event("أطلقت القوات الإسرائيلية النار على متظاهرين فلسطينيين قرب مدينة رام الله أمس.")
    assert (ev["event_type"], ev["sub_event_type"]) == ("Protests", "Excessive force against protesters")
