"""ACLED's taxonomy is one table: the JSON Schema's enums, the trigger table and the web labels agree with it."""

from __future__ import annotations

import json
from importlib import resources

from rasd import taxonomy
from rasd.lexicon import load_table


def _schema_enum(name: str) -> list[str]:
    schema = json.loads((resources.files("rasd") / "schema" / "analysis.schema.json").read_text("utf-8"))
    return schema["properties"]["events"]["items"]["properties"][name]["enum"]


def test_schema_enums_are_the_table():
    assert set(_schema_enum("event_type")) == set(taxonomy.event_types())
    assert set(_schema_enum("sub_event_type")) == set(taxonomy.sub_event_types())
    assert len(taxonomy.event_types()) == 6 and len(taxonomy.sub_event_types()) == 25


def test_trigger_table_uses_the_table_and_covers_every_sub_type():
    pairs = {(r["event_type"], r["sub_event_type"]) for r in taxonomy.rows()}
    triggers = {(r["event_type"], r["sub_event_type"]) for r in load_table("event_triggers")}
    assert triggers <= pairs
    assert {s for _, s in triggers} == set(taxonomy.sub_event_types())


def test_one_colour_and_label_per_event_type_and_arabic_names_resolve():
    for t in taxonomy.event_types():
        rows = [r for r in taxonomy.rows() if r["event_type"] == t]
        assert len({(r["color"], r["event_type_ar"], r["disorder_type"] if t != "Protests" and t != "Riots" else "")
                    for r in rows}) == 1
        assert taxonomy.event_type_of(rows[0]["event_type_ar"]) == t
    assert taxonomy.event_type_of("معارك") == "Battles" and taxonomy.event_type_of("battles") == "Battles"
    assert taxonomy.sub_event_type_of("اشتباك مسلح") == "Armed clash"
    excessive = taxonomy.disorder_type("Protests", "Excessive force against protesters")
    assert excessive == "Political violence; Demonstrations"
    for r in taxonomy.rows():  # "{a} verb[ ... {b}]": actor 1 first, actor 2 only inside the optional part
        assert r["note"].startswith("{a} ") and r["note"].count("[") == r["note"].count("]") <= 1
        assert "{b}" not in r["note"].split("[")[0]


def test_web_labels_come_from_the_table():
    from rasd.web import i18n

    assert list(i18n.EVENT_TYPES) == list(taxonomy.event_types())
    assert i18n.EVENT_TYPES["Battles"]["color"] == taxonomy.color("Battles")
    assert i18n.sub_event_type_name("Armed clash", "ar") == "اشتباك مسلح"
