"""The entities component: actor lexicon rows, the clitic-aware ruler, and the seed acceptance."""

from __future__ import annotations

import itertools

import pytest

from rasd.extract.entities import actor_for, actors, match_actors, slugify
from rasd.lexicon import load_table, variants
from rasd.text.keys import phrase_key

ROWS = load_table("actors")
ACTOR_TYPES = {"state forces", "rebel group", "political militia", "identity militia", "external/other forces",
               "rioters", "civilians", "protesters"}
KINDS = ACTOR_TYPES | {"government", "ministry", "media", "monitor", "organization", "person"}


def test_table_is_large_and_well_formed():
    assert len(ROWS) >= 800
    names = [r["name"] for r in ROWS]
    assert len(set(names)) == len(names)
    assert len({slugify(n) for n in names}) == len(names)
    for r in ROWS:
        assert r["kind"] in KINDS, r["name"]
        assert r["label"] in {"ORG", "PER", "NORP", "-"}, r["name"]
        assert r["inter"] in {"", "1", "2", "3", "4", "5", "6", "7", "8"}, r["name"]
        assert len(r["country"]) == 2, r["name"]
        if r["kind"] in ACTOR_TYPES:
            assert r["inter"], f"{r['name']}: an ACLED actor type needs its inter code"


def test_no_variant_names_two_actors():
    seen: dict[str, str] = {}
    for r in ROWS:
        for form in variants(r["variants"]) + variants(r["titles"]):
            k = phrase_key(form)
            assert seen.setdefault(k, r["name"]) == r["name"], f"{form!r} in {seen[k]} and {r['name']}"


@pytest.mark.parametrize("row", ROWS, ids=[r["name"] for r in ROWS])
def test_every_variant_matches_its_row(row):
    for form in variants(row["variants"]):
        for text, offset in ((form, 0), (f"وقال {form} أمس", 5), (f"وقالت و{form} أمس", 7)):
            found = match_actors(text)
            assert [(m.start, m.end, m.actor.name) for m in found] == [(offset, offset + len(form), row["name"])], text
        assert actor_for(form).name == row["name"]


@pytest.mark.parametrize("row", [r for r in ROWS if r["titles"]], ids=lambda r: r["name"])
def test_titles_resolve_but_are_not_names(row):
    for title in variants(row["titles"]):
        assert actor_for(title).name == row["name"]
        assert all(m.actor.name != row["name"] for m in match_actors(f"وقال {title} أمس"))
        found = match_actors(f"وقال {title} أمس", titles=True)
        assert [(m.start, m.end, m.actor.name, m.title) for m in found] == [(5, 5 + len(title), row["name"], True)]


@pytest.mark.parametrize(
    ("text", "span", "name"),
    [
        ("دعم لقوات النظام في حماة", "قوات النظام", "Military Forces of Syria"),
        ("هجوم للجيش السوري", "للجيش السوري", "Military Forces of Syria"),
        ("وبالتحالف الدولي", "التحالف الدولي", "Global Coalition Against Daesh"),
        ("قصف طائرات النظام السوري لرتل", "طائرات النظام السوري", "Military Forces of Syria"),
        ("مع إيمانويل ماكرون", "إيمانويل ماكرون", "Emmanuel Macron"),
        ("عناصر تنظيم الدولة الإسلامية", "تنظيم الدولة الإسلامية", "Islamic State"),
        ("عن الشبكة السورية لحقوق الانسان", "الشبكة السورية لحقوق الانسان", "Syrian Network for Human Rights"),
        ("اعلنت وزارة الدفاع التركيه", "وزارة الدفاع التركيه", "Ministry of National Defence of Turkey"),
    ],
)
def test_clitics_folding_and_longest_match(text, span, name):
    (m,) = match_actors(text)
    assert (text[m.start : m.end], m.actor.name) == (span, name)


@pytest.mark.parametrize("text", ["الأسدي", "بوتينا", "سانات", "حزب الله", "مجلس الأمنية"])
def test_whole_words_only(text):
    matches = match_actors(text)
    assert all(text[m.start : m.end] == text for m in matches)
    if text != "حزب الله":
        assert matches == []


@pytest.mark.parametrize("phrase", ["", "   ", "رتل كبير", "hello", "\u200f", "٣", "مسلحون مجهولون"])
def test_actor_for_unknown_is_none(phrase):
    assert actor_for(phrase) is None


def test_actor_links_and_dicts():
    putin = actor_for("الرئيس الروسي فلاديمير بوتين")
    assert putin.link == "rasd:actor/vladimir-putin"
    assert putin.as_dict() == {"name": "Vladimir Putin", "kind": "person", "inter": None, "country": "RU"}
    assert actor_for("قوات الأسد").link == "rasd:actor/military-forces-of-syria"
    assert len(actors()) == len(ROWS)


# --- the component on the seed ------------------------------------------------------------------


def _by_text(record):
    out: dict[str, list[dict]] = {}
    for e in record["entities"]:
        out.setdefault(e["text"], []).append(e)
    return out


@pytest.mark.parametrize("name", ["بوتين", "ماكرون"])
def test_seed_persons(seed_record, name):
    ents = _by_text(seed_record)[name]
    assert all(e["label"] == "PER" for e in ents)


@pytest.mark.parametrize(
    ("text", "label", "link"),
    [
        ("وكالة سبوتنيك", "ORG", "rasd:actor/sputnik"),
        ("وزارة الدفاع التركية", "ORG", "rasd:actor/ministry-of-national-defence-of-turkey"),
        ("خارجية النظام", "ORG", "rasd:actor/ministry-of-foreign-affairs-of-syria"),
        ("قوات الأسد", "ORG", "rasd:actor/military-forces-of-syria"),
        ("قوات المعارضة", "ORG", "rasd:actor/syrian-opposition-rebels"),
        ("بوتين", "PER", "rasd:actor/vladimir-putin"),
        ("ماكرون", "PER", "rasd:actor/emmanuel-macron"),
    ],
)
def test_seed_linked_actors(seed_record, text, label, link):
    ents = _by_text(seed_record)[text]
    assert all((e["label"], e["link"]) == (label, link) for e in ents)
    assert all(e["actor"]["name"] for e in ents)


def test_component_items_are_ordered(pipeline, seed_text):
    from rasd.article import Article

    doc = pipeline.make_doc(Article(id="seed", text=seed_text))
    for name, component in pipeline.nlp.pipeline:  # the NER model's pipes, then ours
        doc = component(doc)
        if name == "rasd_entities":
            break
    ents = doc._.entities
    assert [e["id"] for e in ents] == [f"e{i}" for i in range(1, len(ents) + 1)]
    assert [e["start"] for e in ents] == sorted(e["start"] for e in ents)
    assert all(a["end"] <= b["start"] for a, b in itertools.pairwise(ents))
    for e in ents:
        assert set(e) == {"id", "start", "end", "text", "label", "canonical", "link", "actor"}
        assert (e["link"] is None) == (e["actor"] is None)


def test_seed_items_are_consistent(seed_record):
    ents = seed_record["entities"]
    assert len({e["id"] for e in ents}) == len(ents)
    for e in ents:
        assert seed_record["text"][e["start"] : e["end"]] == e["text"]
        assert set(e) >= {"id", "start", "end", "text", "label", "canonical", "link"}
        assert e["label"] in {"PER", "ORG", "GPE", "LOC", "FAC", "NORP", "MISC"}


@pytest.mark.parametrize("text", ["", " ", "hello world", "\u200f\u200e", "ـــ", "٣٤٥", "(" * 500, "قوات " * 2000])
def test_component_tolerates_any_text(pipeline, text):
    doc = pipeline.nlp(text)
    assert isinstance(doc._.entities, list)
