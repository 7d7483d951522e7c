"""Places: rules that keep common words, partial names and misplaced candidates out, on rows of the
tables (places_common.tsv, places_cues.tsv, places_supplement.tsv) and sentences written for them."""

from __future__ import annotations

import pytest

from rasd.extract.places import extract
from rasd.geo.build import km
from rasd.geo.index import gazetteer
from rasd.geo.keys import JOINING_HEADS
from rasd.lexicon import load_table, variants

CUES = load_table("places_cues")
CONTEXT_WORDS = [r for r in load_table("places_common") if r["mode"] == "context" and " " not in r["word"]]


def found(text: str) -> dict[str, dict]:
    return {text[p["start"]:p["end"]]: p for p in extract(text, gazetteer())}


@pytest.mark.parametrize("row", CONTEXT_WORDS, ids=lambda r: r["word"])
def test_context_words_need_a_cue(row):
    assert row["word"] not in found(f"قال إن {row['word']} مهمة")


@pytest.mark.parametrize("sentence", ["ونوه بأنه سيعمل مع الجميع", "بين سنة 1990 حتى 2005", "قناة «الخبر» القريبة",
                                      "على أمل أن يرسل مؤشرا", "مشيرا إلى الدور الذي يلعبه"])
def test_common_words_are_not_places(sentence):
    assert not found(sentence)


@pytest.mark.parametrize("head", ["تل", "خان", "دير", "عين"])
def test_bare_head_word_before_an_unknown_name_is_not_a_place(head):
    assert head in JOINING_HEADS
    assert head not in found(f"اشتباكات في محيط بلدة {head} السمسموم بريف الرقة")


def test_name_after_a_head_word_is_part_of_an_unknown_name():
    hits = found("قصف الطيران قرية قصر البريج في ريف حلب الشمالي الشرقي")
    assert "البريج" not in hits and hits["حلب"]["country"] == "SY"


@pytest.mark.parametrize("row", [r for r in CUES if r["kind"] == "street"], ids=lambda r: r["word"])
def test_street_words_make_street_names(row):
    street = variants(row["word"])[0]
    hits = found(f"سقطت قذيفة على {street} بغداد في دمشق")
    assert "بغداد" not in hits and "دمشق" in hits


def test_candidate_far_from_its_named_surroundings_is_dropped():
    hits = found("جددت قوات النظام قصفها لمناطق في بلدة الطيبة بالغوطة الغربية")
    assert "الطيبة" not in hits


def test_named_surroundings_pull_a_supplement_village():
    hits = found("استهدفت طائرة سيارة في بلدة الحضر في ريف القنيطرة")
    assert hits["الحضر"]["country"] == "SY" and hits["الحضر"]["admin1"] in ("Quneitra", "Rural Damascus")


def test_from_is_not_a_parent():
    hits = found("محاولات لمهاجمة قاعدتنا الجوية في حميميم من منطقة إدلب")
    assert hits["حميميم"]["country"] == "SY" and "parent" not in hits["حميميم"]


def test_neighbourhood_lies_in_the_articles_country():
    hits = found("اشتباكات في حلب وسوريا على أطراف حي الخالدية")
    assert "الخالدية" not in hits or hits["الخالدية"]["country"] == "SY"


def test_coordinated_names_share_the_preposition():
    hits = found("أجرى مقايضات في حلب ونبل والزهراء وفي درعا")
    assert {"حلب", "نبل", "الزهراء", "درعا"} <= set(hits)
    assert hits["الزهراء"]["country"] == "SY"
    assert "الزهراء" not in found("قالت الزهراء إنها")


def test_area_frame_names_the_town_not_the_district():
    p = found("كانوا متواجدين في منطقة حلب شمال سوريا")["حلب"]
    assert p["feature"] == "PPLA" and p["precision"] > 1


@pytest.mark.parametrize("rid", ["sy/kobani", "sy/bab-touma", "tr/suruc"])
def test_supplement_towns_resolve_to_the_town(rid):
    row = next(r for r in load_table("places_supplement") if r["id"] == rid)
    for name in variants(row["name_ar"]):
        text = f"وقع انفجار في {name} اليوم"
        p = found(text).get(name)
        assert p is not None, name
        assert km(p["lat"], p["lon"], float(row["lat"]), float(row["lon"])) < 5, (name, p["name"])
