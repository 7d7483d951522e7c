"""Places, second round: head words before unknown names, junction nouns, nearby homonyms, and
places inside actor names or bracketed asides -- on rows of places_heads.tsv / places_cues.tsv and
sentences written for them."""

from __future__ import annotations

import pytest

from rasd.extract.places import extract
from rasd.geo.index import gazetteer
from rasd.lexicon import load_table, variants

HEADS = load_table("places_heads")
CUES = load_table("places_cues")


def found(text: str) -> dict[str, dict]:
    return {text[p["start"]:p["end"]]: p for p in extract(text, gazetteer())}


@pytest.mark.parametrize("row", [r for r in HEADS if r["rule"] == "drop"], ids=lambda r: r["word"])
def test_drop_head_before_a_known_name_hides_it(row):
    head = variants(row["word"])[0]
    hits = found(f"سيطرت القوات على {head} واسط في ريف حلب")
    assert "واسط" not in hits and hits["حلب"]["country"] == "SY"


@pytest.mark.parametrize("row", [r for r in HEADS if r["rule"] == "local"], ids=lambda r: r["word"])
def test_local_head_keeps_only_the_articles_countries(row):
    head = variants(row["word"])[0]
    hits = found(f"قصفت الطائرات {head} واسط في ريف حلب")
    assert "واسط" not in hits  # Wasit province (Iraq) is not in a Syrian article


def test_local_head_keeps_a_place_of_the_article():
    hits = found("قصفت الطائرات طريق حلب قرب بلدة عندان في ريف حلب")
    assert hits["حلب"]["admin1"] == "Aleppo"


@pytest.mark.parametrize("sentence", ["توقفت السيارة عند مفرق الطرق قرب بلدة نوى",
                                      "انفجرت عبوة على المفرق المؤدي إلى بلدة نوى"])
def test_junction_is_no_mafraq(sentence):
    hits = found(sentence)
    assert not any(p["country"] == "JO" for p in hits.values()) and "نوى" in hits


def test_mafraq_city_after_a_preposition():
    assert found("وصل اللاجئون إلى المفرق شمال الأردن")["المفرق"]["country"] == "JO"


def test_nearby_towns_choose_the_homonym():
    near_azaz = found("سيطرت الفصائل على بلدة صوران بعد معارك مع التنظيم، وتقدمت نحو أعزاز ومارع.")
    assert near_azaz["صوران"]["admin1"] == "Aleppo"
    near_hama = found("قصفت الطائرات صوران وطيبة الإمام")
    assert near_hama["صوران"]["admin1"] == "Hama"


@pytest.mark.parametrize("word", variants(next(r["word"] for r in CUES if r["kind"] == "affiliation"))[:6])
def test_affiliation_marks_the_country_as_part_of_an_actor(word):
    hits = found(f"قال {word} القاعدة في سورية إنه سيطر على إدلب")
    assert hits["سورية"].get("in_actor") is True and "in_actor" not in hits["إدلب"]


def test_town_after_forces_is_an_event_place():
    assert "in_actor" not in found("قصفت قوات النظام في حلب الأحياء الشرقية")["حلب"]


def test_bracketed_aside():
    hits = found("قالت جبهة النصرة (فرع تنظيم القاعدة في سوريا) إنها قصفت حلب.")
    assert hits["سوريا"].get("aside") is True and "aside" not in hits["حلب"]


@pytest.mark.parametrize("text", ["سيطرت الوحدات على مدينة عين العرب (كوباني) السورية",
                                  "قتل عشرة في منبج (بلدة شمال شرق حلب) أمس"])
def test_bracket_after_a_place_qualifies_it(text):
    assert not any(p.get("aside") for p in found(text).values())


def test_unclosed_bracket_is_no_aside():
    text = "(" + "كلام " * 80 + "في حلب"
    assert "aside" not in found(text)["حلب"]


def test_place_inside_an_org_entity_is_in_actor():
    import rasd

    rec = rasd.analyze("هاجمت قوات سوريا الديمقراطية مواقع تنظيم الدولة قرب الرقة.")
    by = {p["text"]: p for p in rec["places"]}
    assert by["سوريا"].get("in_actor") is True and "in_actor" not in by["الرقة"]
