"""The ACLED CSV export: ACLED's columns in ACLED's order, then rasd's; one row per atomic event."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from rasd.cli import app
from rasd.export import export_records
from rasd.export.acled import ACLED_COLUMNS, COLUMNS, notes, rows

EXPECTED = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]

RECORD = {
    "doc": {"id": "a1", "source": "الوسيلة", "published": "2019-08-19"},
    "text": "x" * 200,
    "places": [{"id": "p1", "name": "Maarat al-Numan", "country": "SY", "admin1": "Idlib", "lat": 35.6, "lon": 36.6}],
    "events": [
        {
            "id": "v1",
            "event_type": "Explosions/Remote violence",
            "sub_event_type": "Air/drone strike",
            "date": "2019-08-19",
            "time_precision": 1,
            "actor1": {
                "text": "طائرات النظام",
                "canonical": "Military Forces of Syria (2000-)",
                "start": 0,
                "end": 5,
                "inter": 1,
            },
            "actor2": {"text": "مدنيين", "canonical": "مدنيين", "start": 6, "end": 9, "inter": 7},
            "location": {
                "place": "p1",
                "geonameid": 167611,
                "name": "Maarat al-Numan",
                "admin1": "Idlib",
                "country": "SY",
                "lat": 35.6,
                "lon": 36.6,
                "geo_precision": 2,
            },
            "fatalities": 3,
            "injured": 12,
            "source": {"text": "وزارة الدفاع التركية", "start": 10, "end": 20},
            "evidence": [{"start": 0, "end": 50}],
            "confidence": 0.8,
        },
        {
            "id": "v2",
            "event_type": "Explosions/Remote violence",
            "sub_event_type": "Air/drone strike",
            "date": None,
            "summary": True,
            "location": {"name": "Idlib"},
            "evidence": [],
        },
    ],
}


def test_columns_in_acled_order_then_rasd():
    assert list(ACLED_COLUMNS) == EXPECTED
    assert list(COLUMNS[: len(EXPECTED)]) == EXPECTED
    assert {"injured", "article_id", "evidence", "confidence", "background", "reported_by"} <= set(COLUMNS)


def test_row_fields():
    (row,) = list(rows(RECORD))
    assert row["event_date"] == "2019-08-19" and row["year"] == 2019 and row["time_precision"] == 1
    assert row["disorder_type"] == "Political violence"
    assert row["actor1"] == "Military Forces of Syria (2000-)" and row["inter1"] == 1
    assert row["actor2"] == "Civilians (Syria)" and row["inter2"] == 7
    assert row["interaction"] == 17 and row["civilian_targeting"] == "Civilian targeting"
    assert (row["iso"], row["country"], row["region"]) == (760, "Syria", "Middle East")
    assert row["admin1_pcode"] == "SY07"
    assert row["fatalities"] == 3 and row["injured"] == 12
    assert row["source"] == "الوسيلة" and row["reported_by"] == "وزارة الدفاع التركية"
    assert row["evidence"] == "0-50"


def test_notes_is_one_english_sentence():
    (row,) = list(rows(RECORD))
    text = row["notes"]
    assert text.startswith("On 19 August 2019,") and text.endswith(".")
    assert "3 fatalities" in text and "12 injured" in text and text.count(". ") == 0
    assert notes is not None


def test_summaries_are_not_rows():
    assert [r["event_id_cnty"] for r in rows(RECORD)] == ["SYR-a1-v1"]


def test_export_records_writes_csv():
    out = io.StringIO()
    assert export_records([RECORD], "acled-csv", out) == 1
    table = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(table[0]) == list(COLUMNS)


def test_records_without_events_or_with_odd_values():
    out = io.StringIO()
    odd = {"doc": {}, "events": [{"id": "v1", "location": None, "actor1": "x", "evidence": None}]}
    assert export_records([{"doc": {"id": "e"}}, odd], "acled-csv", out) == 1


def test_cli_export_from_jsonl(tmp_path):
    src = tmp_path / "records.jsonl"
    src.write_text(json.dumps(RECORD, ensure_ascii=False) + "\n", encoding="utf-8")
    dest = tmp_path / "events.csv"
    result = CliRunner().invoke(app, ["export", "--format", "acled-csv", str(src), "-o", str(dest)])
    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(dest.open(encoding="utf-8")))
    assert len(table) == 1 and table[0]["sub_event_type"] == "Air/drone strike"


def test_notes_are_as_precise_as_the_date_and_say_actor2_only_when_there_is_one():
    def note(date, actor2=None):
        ev = dict(RECORD["events"][0], date=date, actor2=actor2)
        return next(rows(dict(RECORD, events=[ev])))["notes"]

    assert note("2014").startswith("In 2014, Military Forces of Syria (2000-) carried out an air/drone strike near")
    assert note("2012-SU").startswith("In summer 2012,") and note("2015-06").startswith("In June 2015,")
    assert note("2015-W30").startswith("On or around 20 July 2015,")
    assert " strike on " not in note("2019-08-19") and "[" not in note("2019-08-19")
    undated = note(None)
    assert undated.startswith("Military Forces of Syria") and "2019" not in undated.split(" near ")[0]


def test_formula_prefixes_are_neutralised_in_every_text_cell():
    """OWASP CSV injection: a source or actor from a feed must not run as a spreadsheet formula."""
    hostile = json.loads(json.dumps(RECORD))
    hostile["doc"]["source"] = '=HYPERLINK("http://x.example","click")'
    hostile["events"][0]["actor1"] = {"text": "+cmd|' /C calc'!A0", "canonical": "@SUM(1+1)", "start": 0, "end": 1}
    out = io.StringIO()
    export_records([hostile], "acled-csv", out)
    table = list(csv.DictReader(io.StringIO(out.getvalue())))
    cells = [v for row in table for v in row.values() if v]
    assert not any(v.startswith(("=", "+", "@")) for v in cells)
    assert any(v.startswith("'=HYPERLINK") for v in cells)
    assert all(not v.startswith("-") or v.lstrip("-").replace(".", "", 1).isdigit() for v in cells)
