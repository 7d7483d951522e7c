"""Places across the Arab world (issue #15): the index built from the Arab-world bundle answers,
admin fields and ACLED geo_precision, the article's own context for homonyms, and the phrases that
used to lose or misplace a place. Every sentence is written for these tests."""

from __future__ import annotations

import time

import pytest

from rasd.extract.places import admin_fields, extract
from rasd.geo.build import km
from rasd.geo.index import Gazetteer, gazetteer, index_path
from rasd.text.keys import place_key


def found(text: str) -> dict[str, dict]:
    return {text[p["start"]:p["end"]]: p for p in extract(text, gazetteer())}


def near(p: dict, lat: float, lon: float, tol: float = 15.0) -> bool:
    return p["lat"] is not None and km(p["lat"], p["lon"], lat, lon) <= tol


# --- the index ---------------------------------------------------------------------------------

def test_index_loads_fast_and_reads_on_demand():
    t0 = time.perf_counter()
    gaz = Gazetteer(index_path())
    assert time.perf_counter() - t0 < 1.0
    assert index_path().stat().st_size < 10_000_000  # the size budget (~9 MB)
    entries = gaz.lookup(place_key("المكلا"))
    assert any(e.place.country == "YE" for e in entries)
    assert gaz.lookup(place_key("كلمةليستمكانا")) == []


@pytest.mark.parametrize("name,cc,admin1", [
    ("المخا", "YE", "Taiz"), ("زنجبار", "YE", "Abyan"), ("الفاشر", "SD", "North Darfur"),
    ("كسلا", "SD", "Kassala"), ("بيدوا", "SO", "Bay"), ("بلدوين", "SO", "Hiraan"),
    ("تلعفر", "IQ", "Nineveh"), ("الشيخ زويد", "EG", "North Sinai"), ("درنة", "LY", "Derna"),
])
def test_towns_of_the_region_have_country_and_admin1(name, cc, admin1):
    places = [e.place for e in gazetteer().lookup(place_key(name))]
    assert any(p.country == cc and p.admin1 == admin1 for p in places), [(p.country, p.admin1) for p in places]


def test_yemen_units_carry_pcodes_and_their_parents():
    district = found("اشتباكات في مديرية حيس")["مديرية حيس"]
    assert district["feature"] == "ADM2" and district["pcode"].startswith("YE18")
    assert district["admin1"] == "Al Hudaydah" and district["admin2"] == "Hays"
    town = found("قتل جنديان في مدينة المخا")["المخا"]
    assert town["admin1"] == "Taiz" and town["pcode"].startswith("YE15") and town["admin2"]


# --- admin fields and geo_precision -------------------------------------------------------------

def test_every_place_has_the_admin_fields():
    for p in extract("وصل الوفد إلى عدن قادما من الخرطوم ومقديشو", gazetteer()):
        for k in ("admin1", "admin2", "admin3", "pcode", "geo_precision"):
            assert k in p
        assert admin_fields(p)["geo_precision"] == p["geo_precision"] in (1, 2, 3)


@pytest.mark.parametrize("text,name,precision", [
    ("قتل مدني في مدينة تعز", "تعز", 1),
    ("قصفت المدفعية مواقع غرب مدينة تعز", "تعز", 2),  # near a known town: ACLED 2
    ("اشتباكات في مديرية حيس", "مديرية حيس", 2),  # a district
    ("قتل جندي في قضاء تلعفر غرب الموصل", "تلعفر", 2),  # a district named by its town
    ("سيطرت المقاومة على مواقع في محافظة تعز", "تعز", 3),
    ("تدور معارك في ريف حلب الشمالي", "حلب", 3),  # a governorate's countryside
    ("وصل المبعوث إلى اليمن", "اليمن", 3),
])
def test_geo_precision_follows_acled(text, name, precision):
    assert found(text)[name]["geo_precision"] == precision


# --- the article's context ------------------------------------------------------------------------

def test_amman_or_oman_by_the_articles_country():
    assert found("وصل وزير الخارجية الأردني إلى عمان أمس")["عمان"]["country"] == "JO"
    assert found("استقبل السلطان في مسقط الوفد ثم غادر عمان")["عمان"]["country"] == "OM"
    assert found("زار الرئيس سلطنة عمان")["سلطنة عمان"]["feature"] == "PCLI"


def test_dateline_names_a_city():
    assert found("عمان - أعلنت الحكومة الأردنية اليوم خطة جديدة")["عمان"]["country"] == "JO"
    hits = found("عين اليوم – بيروت\nانطلقت مسيرات داخل المخيمات في صور")
    assert hits["صور"]["country"] == "LB"


def test_tripoli_by_the_articles_country():
    assert found("اشتباكات في طرابلس بين الجيش اللبناني ومسلحين")["طرابلس"]["country"] == "LB"
    assert found("اشتباكات في طرابلس بين قوات الوفاق الليبية ومسلحين")["طرابلس"]["country"] == "LY"


def test_tyre_placed_by_the_next_name():
    hits = found("غارة إسرائيلية على صور في جنوب لبنان")
    assert hits["صور"]["country"] == "LB" and hits["صور"].get("parent")


@pytest.mark.parametrize("name", ["تعز", "الحديدة", "مأرب", "عدن"])
def test_bare_yemeni_name_is_the_city(name):
    p = found(f"قتل ثلاثة مدنيين في قصف على {name} أمس")[name]
    assert p["country"] == "YE" and p["feature"].startswith("PPL") and p["geo_precision"] == 1


def test_governorate_when_the_text_says_so():
    p = found("سيطرت القوات على مواقع في محافظة الحديدة")["الحديدة"]
    assert p["feature"] == "ADM1" and p["admin1"] == "Al Hudaydah"


def test_a_yemeni_village_is_not_taken_from_an_iraqi_article():
    hits = found("قالت الشرطة العراقية إن انفجارا وقع في قرية الثعالب شمال بغداد")
    assert "الثعالب" not in hits or hits["الثعالب"]["country"] != "YE"


# --- Sudan and Somalia admin1 ----------------------------------------------------------------------

def test_sudan_and_somalia_have_admin1():
    hits = found("قتل خمسة في نيالا وكادقلي بينما شهدت كيسمايو وبلدوين هدوءا")
    assert hits["نيالا"]["admin1"] == "South Darfur"
    assert hits["كادقلي"]["admin1"] == "South Kordofan"
    assert hits["بلدوين"]["admin1"] == "Hiraan"
    assert found("هاجم مسلحون قاعدة في إقليم شبيلي السفلى")["إقليم شبيلي السفلى"]["admin1"] == "Lower Shabelle"


# --- phrases ----------------------------------------------------------------------------------------

def test_bracketed_distance_keeps_the_town():
    text = "سيطرت القوات على مدينة الكفرة (370 كلم جنوب بنغازي) أمس"
    hits = found(text)
    assert near(hits["الكفرة"], 24.2, 23.3, 30) and "parent" not in hits["الكفرة"]
    assert hits["بنغازي"]["country"] == "LY"  # the reference point is resolved too


def test_streets_of_a_city_are_the_city():
    assert found("خرج المتظاهرون إلى شوارع عدن")["عدن"]["country"] == "YE"
    assert "بغداد" not in found("انفجرت سيارة في شارع بغداد بدمشق")


def test_town_in_its_region():
    hits = found("قتل ثلاثة جنود في الحوطة بلحج")
    assert hits["الحوطة"]["admin1"] == "Lahij" and hits["الحوطة"]["geo_precision"] == 1
    assert hits["الحوطة"].get("parent")


@pytest.mark.parametrize("text,name,lat,lon", [
    ("هبطت الطائرة في مطار صنعاء الدولي", "مطار صنعاء الدولي", 15.48, 44.22),
    ("هاجم مسلحون قاعدة العند الجوية", "قاعدة العند الجوية", 13.18, 44.77),
    ("أغلقت السلطات مطار معيتيقة", "مطار معيتيقة", 32.89, 13.28),
])
def test_airports_and_bases_have_coordinates(text, name, lat, lon):
    p = found(text)[name]
    assert near(p, lat, lon, 10) and p["feature"] in ("AIRP", "AIRB", "MILB")


def test_airport_of_a_city_without_its_own_row_is_the_city():
    p = found("أعلن التحالف إغلاق مطار المكلا")["المكلا"]
    assert p["country"] == "YE" and near(p, 14.54, 49.13, 10)


def test_people_and_words_named_like_villages_are_not_places():
    hits = found("التقى محمد علي بالرئيس علي عبد الله صالح وقال إن الجيش في البلاد مستعد")
    assert not hits


# --- actors and slogans -------------------------------------------------------------------------

def test_place_in_an_actors_name_is_marked():
    hits = found("أعلن تنظيم ولاية سيناء مسؤوليته عن هجوم في العريش")
    assert hits["سيناء"].get("in_actor") and not hits["العريش"].get("in_actor")
    assert found("تبنت جماعة أنصار بيت المقدس التفجير")["بيت المقدس"].get("in_actor")


def test_place_in_a_slogan_is_an_aside():
    hits = found("هتف المتظاهرون «الموت لأمريكا» أمام السفارة في صنعاء")
    assert hits["أمريكا"].get("in_slogan") and hits["أمريكا"].get("aside")
    assert not hits["صنعاء"].get("aside")
