"""The Python API as a notebook user meets it: rasd.analyze, rasd.analyze_many, rasd.frames."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

import rasd
from rasd.article import Article
from rasd.errors import RasdError
from rasd.export import formats
from rasd.rows import EVENT_COLUMNS, event_rows

# Our own sentences, in the style of the wires (Syria, Iraq, Yemen).
SYRIA = ("قتل ثلاثة مدنيين وأصيب خمسة آخرون يوم الثلاثاء في قصف جوي استهدف مدينة معرة النعمان "
         "في ريف إدلب الجنوبي، بحسب ما أفاد مصدر محلي.")
IRAQ = "قال المتحدث باسم وزارة الداخلية العراقية إن قوات الأمن اعتقلت أربعة مسلحين في مدينة الرمادي أمس."
YEMEN = "تظاهر مئات من الطلاب في مدينة تعز اليمنية يوم الجمعة احتجاجا على انقطاع الرواتب."


def test_bytes_give_a_type_error_naming_str():
    with pytest.raises(TypeError, match="expects the text as str, got bytes"):
        rasd.analyze(SYRIA.encode("utf-8"))


def test_analyze_many_equals_analyze_one_by_one_in_order_with_errors_per_item():
    items = [
        SYRIA,
        {"text": IRAQ, "published": "2015-03-02", "source": "الحياة", "id": "iq-1"},
        {"title": "no text here"},                      # missing text: E006, the rest go on
        b"bytes",                                        # not an accepted item: E013
        {"text": YEMEN, "published": "not a date"},      # bad date: E010
        Article.build(YEMEN, published="2015-04-10", id="ye-1"),
        "",                                              # empty: E001
    ]
    results = list(rasd.analyze_many(items, published="2015-06-01"))
    assert len(results) == len(items)
    assert [r.code if isinstance(r, RasdError) else "ok" for r in results] == [
        "ok", "ok", "E006", "E013", "E010", "ok", "E001"]
    assert results[0] == rasd.analyze(SYRIA, published="2015-06-01")
    assert results[1] == rasd.analyze(IRAQ, published="2015-03-02", source="الحياة", id="iq-1")
    assert results[5] == rasd.analyze(YEMEN, published="2015-04-10", id="ye-1")
    assert results[1]["doc"]["published"] == "2015-03-02"  # the item's own date wins over the default


def test_analyze_many_in_two_processes_gives_the_same_records():
    items = [SYRIA, {"text": "  "}, IRAQ, YEMEN, {"text": IRAQ, "id": "again"}]
    one = list(rasd.analyze_many(items, published="2015-06-01"))
    two = list(rasd.analyze_many(items, published="2015-06-01", n_process=2, batch_size=2))
    assert [r.message if isinstance(r, RasdError) else r for r in two] == \
           [r.message if isinstance(r, RasdError) else r for r in one]
    assert isinstance(two[1], RasdError) and two[1].code == "E001"


def test_analyze_many_rejects_bad_settings():
    with pytest.raises(ValueError):
        list(rasd.analyze_many([SYRIA], n_process=0))


def test_frames_have_the_export_columns():
    records = list(rasd.analyze_many([SYRIA, IRAQ, YEMEN, {"nope": 1}], published="2015-06-01"))
    tables = rasd.frames(records)
    assert set(tables) == {"articles", "entities", "quotes", "places", "events"}
    assert len(tables["articles"]) == 3  # the error is left out
    events = tables["events"]
    assert len(events) >= 1
    assert [c for c in events.columns if c != "geometry"] == list(EVENT_COLUMNS)
    out = io.StringIO()
    formats.write_csv([row for r in records if isinstance(r, dict) for row in event_rows(r)], out)
    out.seek(0)
    header = next(csv.reader(out))
    assert header == [c for c in events.columns if c != "geometry"]
    assert events["fatalities"].dtype.name == "Int64"
    assert tables["entities"]["article_id"].notna().all()
    assert (tables["quotes"]["article_id"].isin(tables["articles"]["article_id"])).all()


def test_frames_are_geodataframes_with_geopandas_and_plain_on_request():
    gpd = pytest.importorskip("geopandas")
    tables = rasd.frames([rasd.analyze(SYRIA, published="2015-06-01")])
    assert isinstance(tables["events"], gpd.GeoDataFrame)
    assert isinstance(tables["places"], gpd.GeoDataFrame)
    assert tables["events"].crs.to_epsg() == 4326
    located = tables["events"].dropna(subset=["longitude"])
    assert (located.geometry.x == located["longitude"].astype(float)).all()
    plain = rasd.frames([rasd.analyze(SYRIA, published="2015-06-01")], geo=False)
    assert not isinstance(plain["events"], gpd.GeoDataFrame)


def test_json_schema_is_the_shipped_one():
    schema = rasd.json_schema()
    assert schema["$id"] == "rasd.analysis/1"
    assert "events" in schema["required"]


def test_import_rasd_is_light():
    """`import rasd` loads neither spaCy, pandas nor the store: the API imports them on first use."""
    code = "import rasd, sys; print(sorted(m for m in ('spacy', 'pandas', 'sqlalchemy', 'numpy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(Path(__file__).parents[1] / "src")})
    assert out.stdout.strip() == "[]"
    assert rasd.RasdError is RasdError
