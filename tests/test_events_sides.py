"""Who is actor1 and who actor2 (issue #15): the arrester and the arrested, across the Arab world.
Sentences written for these tests, run through the whole pipeline."""

from __future__ import annotations

import pytest

import rasd

PUBLISHED = "2015-07-21"


def sides(text: str, sub: str) -> list[tuple[str | None, str | None]]:
    rec = rasd.analyze(text, published=PUBLISHED)
    return [((e.get("actor1") or {}).get("canonical"), (e.get("actor2") or {}).get("canonical"))
            for e in rec["events"] if e["sub_event_type"] == sub]


@pytest.mark.parametrize(("text", "expected"), [
    # the ministry that announces an arrest made it; the group after the noun is the arrested
    ("أعلنت وزارة الداخلية العراقية أمس اعتقال خمسة من عناصر تنظيم داعش في مدينة كركوك.",
     ("Ministry of Interior of Iraq", "Islamic State (Iraq)")),
    ("كشفت وزارة الداخلية الكويتية أمس عن ضبط شبكة إرهابية لتنظيم داعش في الكويت.",
     ("Ministry of Interior of Kuwait", "Islamic State")),
    ("أعلن جيش الاحتلال اعتقال ستة مواطنين فلسطينيين في مدينة الخليل أمس.",
     ("Military Forces of Israel", "Civilians (Palestinian Territories)")),
    ("تمكنت الشرطة الليبية من القبض على عناصر من تنظيم داعش في مدينة مصراتة أمس.",
     ("Police Forces of Libya", "Islamic State (Libya)")),
    # a verb keeps its subject after it
    ("اعتقلت قوات الأمن السودانية عشرة ناشطين في مدينة الخرطوم أمس.",
     ("Police Forces of Sudan", "Civilians (Sudan)")),
    ("ألقت الشرطة الصومالية القبض على عناصر من حركة الشباب في مقديشو أمس.",
     ("Police Forces of Somalia", "Al Shabaab")),
])
def test_the_arrester_is_actor1_and_the_arrested_actor2(text, expected):
    assert sides(text, "Arrests") == [expected]


def test_the_arrested_after_an_arrest_noun_is_never_actor1():
    # Yemen: the group after the noun is the arrested's, the resistance that announced it arrested him
    text = "أعلنت المقاومة أمس اعتقال قيادي في جماعة الحوثي في مدينة تعز."
    assert sides(text, "Arrests") == [("Popular Resistance (Yemen)", "Houthi Movement (Ansar Allah)")]


@pytest.mark.parametrize(("text", "expected"), [
    # Libya: the first side of بين is named by no table, the second is
    ("قتل خمسة أشخاص أمس خلال اشتباكات في شرق ليبيا بين قوات موالية للحكومة المعترف بها دوليا وجماعات مسلحة.",
     ("قوات موالية للحكومة المعترف بها دوليا", "جماعات مسلحة")),
    # Sudan: both sides are actor phrases (unchanged)
    ("اندلعت اشتباكات عنيفة أمس بين مسلحين قبليين وقوات الجيش السوداني في ولاية جنوب كردفان.",
     ("مسلحين قبليين", "قوات الجيش السوداني")),
])
def test_both_sides_of_a_clash_between_two(text, expected):
    rec = rasd.analyze(text, published=PUBLISHED)
    assert [((e.get("actor1") or {}).get("text"), (e.get("actor2") or {}).get("text"))
            for e in rec["events"] if e["sub_event_type"] == "Armed clash"] == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    # Syria, Libya, Yemen: aircraft without an owner are the attacker as written, unidentified
    ("وقتل طفلان شقيقان في غارة من طائرات حربية على مدينة معرة النعمان أمس.", ("طائرات حربية", None)),
    ("وهاجمت طائرة حربية مواقع تابعة لمسلحين جنوبي مدينة أجدابيا أمس.", ("طائرة حربية", None)),
    ("قتل ثلاثة أشخاص بغارة لطائرة بدون طيار على سيارة في محافظة شبوة أمس.", ("طائرة بدون طيار", None)),
    # an owner named in the phrase still names the actor
    ("قتل خمسة مدنيين في غارة من طائرات التحالف على سوق في محافظة صعدة أمس.", ("طائرات التحالف", 8)),
    ("قصفت طائرات حربية روسية مواقع في ريف إدلب أمس.", ("طائرات حربية روسية", 8)),
])
def test_aircraft_without_an_owner_are_kept_unidentified(text, expected):
    rec = rasd.analyze(text, published=PUBLISHED)
    assert [((e.get("actor1") or {}).get("text"), (e.get("actor1") or {}).get("inter"))
            for e in rec["events"] if e["sub_event_type"] == "Air/drone strike"] == [expected]


def test_a_type_word_opens_a_quoted_name():
    # Iraq, as the Gulf press writes it: "مسلحي «داعش»" is one actor, the other side of the clash
    rec = rasd.analyze("اشتبكت قوات الأمن مع مسلحي «داعش» في مدينة الرمادي أمس.", published=PUBLISHED)
    assert [((e.get("actor1") or {}).get("text"), (e.get("actor2") or {}).get("text"),
             (e.get("actor2") or {}).get("canonical")) for e in rec["events"]] == [
        ("قوات الأمن", "مسلحي «داعش»", "Islamic State (Iraq)")]


@pytest.mark.parametrize(("text", "expected"), [
    # the subject of a verb that foils or repels an attack was attacked; the attacker follows with ل
    ("أحبطت القوات السعودية اليوم هجوما لميليشيات الحوثي على منفذ الطوال الحدودي.",
     ("ميليشيات الحوثي", "القوات السعودية")),
    ("صد الجيش العراقي هجوما لتنظيم داعش على ناحية البغدادي أمس.", ("تنظيم داعش", "الجيش العراقي")),
    ("صدت قوات الجيش الصومالي هجوما لحركة الشباب على بلدة في إقليم شبيلي السفلى أمس.",
     ("حركة الشباب", "قوات الجيش الصومالي")),
    # an attack launched, not repelled (unchanged)
    ("شن تنظيم داعش هجوما على مواقع الجيش العراقي في الرمادي أمس.", ("تنظيم داعش", "الجيش العراقي")),
])
def test_the_side_that_repels_an_attack_is_actor2(text, expected):
    rec = rasd.analyze(text, published=PUBLISHED)
    assert [((e.get("actor1") or {}).get("text"), (e.get("actor2") or {}).get("text"))
            for e in rec["events"]] == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    # Somalia: the side that held the town, named after الخاضعة ل, lost it
    ("سيطرت القوات الصومالية أمس على مدينة باردهير، وهي من آخر البلدات الخاضعة لجماعة «الشباب» في جنوب البلاد.",
     ("القوات الصومالية", "Al Shabaab")),
    # Iraq and Yemen: "من أيدي"، "في قبضة" (unchanged)
    ("استعادت القوات العراقية أمس بلدة الكرمة من أيدي تنظيم داعش.", ("القوات العراقية", "Islamic State (Iraq)")),
    ("سيطرت المقاومة الشعبية على موقع استراتيجي في مدينة تعز كان في قبضة الحوثيين.",
     ("المقاومة الشعبية", "Houthi Movement (Ansar Allah)")),
])
def test_the_side_that_held_the_place_lost_it(text, expected):
    rec = rasd.analyze(text, published=PUBLISHED)
    assert [((e.get("actor1") or {}).get("text"), (e.get("actor2") or {}).get("canonical"))
            for e in rec["events"]] == [expected]
