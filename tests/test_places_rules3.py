"""Places, third round (the blind regional dev set's lessons): a bearing from a named town picks the
namesake near it, common words that are also place names, port and settlement frames, the
curated rows of December 2026, a preposition before a name inside a person's name, and a byline's
city -- on sentences written for these tests."""

from __future__ import annotations

import pytest

from rasd.article import Article
from rasd.extract.places import extract
from rasd.geo.build import km
from rasd.geo.index import gazetteer


def found(text: str) -> dict[str, dict]:
    return {text[p["start"]:p["end"]]: p for p in extract(text, gazetteer())}


def test_bearing_from_a_town_picks_the_namesake_near_it():
    near = found("أعلنت الشرطة صد هجوم للتنظيم في حصيبة شرقي الرمادي فجر اليوم")["حصيبة"]
    assert km(near["lat"], near["lon"], 33.42, 43.31) < 30  # Husaybah of Ramadi, not of al-Qaim
    far = found("سيطر التنظيم على حصيبة قرب الحدود السورية")["حصيبة"]
    assert far["lat"] > 34.0  # alone, the border town keeps its place


def test_bearing_admits_no_far_namesake():
    hits = found("تقدمت القوات في حصيبة جنوب بغداد")  # no Husaybah lies within reach of Baghdad's bearing
    assert "حصيبة" not in hits or km(hits["حصيبة"]["lat"], hits["حصيبة"]["lon"], 33.34, 44.40) > 100


@pytest.mark.parametrize("text", [
    "أضرم متطرفون يهود النار في منزل العائلة",
    "تعتزم الوزارة قيد ثلاث شركات في بورصة مصر",
    "انفجر الإطار الأمامي للسيارة فانقلبت",
])
def test_common_words_are_no_places(text):
    assert not any(p["country"] in ("IL", "TR", "LB") for p in found(text).values())


def test_bursa_after_its_frame():
    assert found("التقى الوزير نظيره في مدينة بورصة التركية")["بورصة"]["country"] == "TR"


@pytest.mark.parametrize(("text", "name", "country"), [
    ("اندلع القتال في بلدة أجدابيا قرب ميناء البريقة النفطي", "البريقة", "LY"),
    ("رست السفينة في ميناء الحديدة غربي اليمن", "الحديدة", "YE"),
    ("هدمت السلطات بنايتين في مستوطنة بيت إيل بالضفة الغربية", "بيت إيل", "PS"),
])
def test_port_and_settlement_frames(text, name, country):
    assert found(text)[name]["country"] == country


@pytest.mark.parametrize(("text", "name", "country", "lat", "lon"), [
    ("وأعلنت الإمارات مقتل أحد جنودها", "الإمارات", "AE", 24.0, 54.0),
    ("اغتيل نائب في منطقة بونتلاند شمال الصومال", "بونتلاند", "SO", 8.8, 48.8),
    ("وصل الجثمان إلى مطار البطين في أبوظبي", "مطار البطين", "AE", 24.43, 54.46),
    ("وقع الحادث في المخدرة غرب مأرب", "المخدرة", "YE", 15.56, 44.97),
    ("تقدمت القوات نحو حي التأميم في الرمادي", "حي التأميم", "IQ", 33.40, 43.27),
])
def test_curated_rows_of_the_third_round(text, name, country, lat, lon):
    p = found(text)[name]
    assert p["country"] == country and km(p["lat"], p["lon"], lat, lon) < 10


def test_turabah_of_mecca_province_near_taif():
    p = found("انقلبت سيارة العائلة في تربة ونقل المصابون إلى مستشفى الطائف")["تربة"]
    assert km(p["lat"], p["lon"], 21.21, 41.63) < 15


def test_soil_is_no_turabah():
    assert "تربة" not in found("وفرت الفوضى تربة خصبة للتنظيمات المتطرفة")


def test_preposition_before_a_name_is_no_surname(pipeline):
    text = "وأحيل المصابون الى مستشفى الملك عبد العزيز بالطائف فيما عولج الباقون في مستشفى المدينة."
    record = pipeline.analyze(Article(id="t", text=text))
    assert any(p["text"] == "الطائف" and p["country"] == "SA" for p in record["places"])


def test_byline_city_is_a_place_marked_dateline(pipeline):
    text = "عين اليوم – بغداد\nأعلنت الشرطة العراقية اليوم صد هجوم مسلح في الرمادي وقتل عدد من المهاجمين."
    record = pipeline.analyze(Article(id="t", text=text, title="صد هجوم مسلح في الرمادي"))
    assert any(b["kind"] == "byline" for b in record["boilerplate"])
    baghdad = [p for p in record["places"] if p["text"] == "بغداد"]
    assert baghdad and baghdad[0]["dateline"] is True and baghdad[0]["country"] == "IQ"
    assert not any(p.get("dateline") for p in record["places"] if p["text"] == "الرمادي")
