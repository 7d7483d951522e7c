"""Every output selects the same EVENTS for the same filters: the ACLED CSV, GeoJSON, GeoParquet,
the API, the events page and exports from record files, over random filter combinations.

The records are written by hand (events in Syria and Yemen, of several types, with day, month, week
and missing dates, background events, named and unnamed actors) and stored in a real SQLite store.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasd.article import Article
from rasd.export import export_records
from rasd.filters import EventFilter, UnknownFilterValue
from rasd.rows import event_rows
from rasd.store import Store
from tests.store_support import VERSION
from tests.store_support import record as make_record

PLACES = {
    "idlib": ("Idlib", "إدلب", 35.93, 36.63, "Idlib", "SY", 169389),
    "maarat": ("Ma'arrat an Nu'man", "معرة النعمان", 35.65, 36.68, "Idlib", "SY", 167611),
    "aleppo": ("Aleppo", "حلب", 36.2, 37.16, "Aleppo", "SY", 170063),
    "aden": ("Aden", "عدن", 12.78, 45.04, "Aden", "YE", 415189),
    "syria": ("Syria", "سوريا", 35.0, 38.0, None, "SY", 163843),
}
TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Air/drone strike"),
         ("Protests", "Peaceful protest"), ("Violence against civilians", "Attack"),
         ("Strategic developments", "Arrests")]
DATES = ["2015-07-20", "2015-06", "2015-W30", None, "2014", "2015-07-02"]
ACTORS = [None, ("قوات النظام", "Military Forces of Syria", 1), ("الحوثيين", "Houthis", 3), ("مدنيين", None, 7)]
SOURCES = ["sabq", "okaz", "alriyadh"]


def _records() -> list[dict]:
    out = []
    for i in range(14):
        aid = f"rt-{i}"
        article = Article.build(f"نص تجريبي رقم {i} عن أحداث.", id=aid, source=SOURCES[i % 3],
                                published=f"2015-07-{10 + i:02d}")
        keys = list(PLACES)
        places, events = [], []
        for j in range(1 + i % 3):
            key = keys[(i + j) % len(keys)]
            name, name_ar, lat, lon, admin1, cc, gid = PLACES[key]
            pid = f"p{j + 1}"
            places.append({"id": pid, "start": 0, "end": 2, "text": name_ar, "geonameid": gid, "name": name,
                           "name_ar": name_ar, "lat": lat, "lon": lon, "country": cc, "admin1": admin1,
                           "feature": "PCLI" if key == "syria" else "PPL", "score": 0.9})
            et, sub = TYPES[(i + 2 * j) % len(TYPES)]
            a1, a2 = ACTORS[(i + j) % len(ACTORS)], ACTORS[(i + 2 * j + 1) % len(ACTORS)]
            events.append({
                "id": f"v{j + 1}", "event_type": et, "sub_event_type": sub, "date": DATES[(i + j) % len(DATES)],
                "time_precision": 1, "actor1": _actor(a1), "actor2": _actor(a2),
                "location": {"place": pid, "name": name, "admin1": admin1, "country": cc, "lat": lat, "lon": lon,
                             "geo_precision": 1},
                "fatalities": (i * j) % 5 or None, "injured": None, "source": None,
                "evidence": [{"start": 0, "end": 5}], "confidence": 0.7, "background": (i + j) % 5 == 4,
            })
        out.append(make_record(article, places=places, events=events))
    return out


def _actor(a):
    if a is None:
        return None
    text, canonical, inter = a
    return {"text": text, "canonical": canonical, "start": 0, "end": 2, "inter": inter}


RECORDS = _records()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = Store.open(f"sqlite:///{tmp_path_factory.mktemp('rt') / 'rasd.db'}")
    for rec in RECORDS:
        s.ingest(None, rec, version=VERSION)
    yield s
    s.close()


@pytest.fixture(scope="module")
def client(store):
    from rasd.web import create_app

    with TestClient(create_app(store=store)) as c:
        yield c


filters = st.fixed_dictionaries({}, optional={
    "event_type": st.sampled_from(["Battles", "معارك", "Protests", "احتجاجات", "Explosions/Remote violence"]),
    "sub_event_type": st.sampled_from(["Armed clash", "اعتقالات", "Attack"]),
    "date_from": st.sampled_from(["2015-06-01", "2015-07", "2015-07-15", "2014"]),
    "date_to": st.sampled_from(["2015-06-30", "2015-07-20", "2015"]),
    "admin1": st.sampled_from(["Idlib", "إدلب", "Aden", "عدن", "حلب"]),
    "actor": st.sampled_from(["النظام", "houthis", "Unidentified Armed Group", "Protesters", "مدنيين"]),
    "country": st.sampled_from(["SY", "Syria", "سوريا", "اليمن", "YE"]),
    "source": st.sampled_from(SOURCES),
    "background": st.booleans(),
})
WEB_NAMES = {"admin1": "governorate"}


def _web(values: dict) -> dict:
    return {WEB_NAMES.get(k, k): ("true" if v is True else v) for k, v in values.items() if v is not False}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=filters)
def test_every_output_selects_the_same_events(store, client, tmp_path_factory, values):
    flt = EventFilter.parse(**values)
    expected = {r.event_id_cnty for rec in RECORDS for r in event_rows(rec) if flt.matches(r)}
    # each selected event matches the filters, checked field by field here
    for rec in RECORDS:
        for r in event_rows(rec):
            if r.event_id_cnty in expected:
                assert flt.background or not r.background
                assert not flt.date_from or r.event_date >= flt.date_from
                assert not flt.date_to or r.event_date <= flt.date_to
                assert not flt.admin1 or r.admin1 == flt.admin1
                assert not flt.event_type or r.event_type == flt.event_type

    def outputs(unit: str) -> tuple[set, ...]:
        out = io.StringIO()
        store.export("acled-csv", out, unit=unit, **values)
        csv_ids = {row["event_id_cnty"] for row in csv.DictReader(io.StringIO(out.getvalue()))}
        out = io.StringIO()
        store.export("geojson", out, unit=unit, **values)
        geo_ids = {f["properties"]["event_id_cnty"] for f in json.loads(out.getvalue())["features"]}
        path = tmp_path_factory.mktemp("pq") / "events.parquet"
        store.export("parquet", path, unit=unit, **values)
        import pyarrow.parquet as pq

        pq_ids = set(pq.read_table(path).column("event_id_cnty").to_pylist())
        web = {**_web(values), "unit": unit}
        api = client.get("/api/events", params={**web, "limit": 5000}).json()
        api_ids = {e["event_id_cnty"] for e in api["items"]}
        page = client.get("/events", params=web).text
        page_count = int(re.search(r'id="total" data-total="(\d+)"', page)[1])
        web_csv = client.get("/api/export", params={**web, "format": "acled-csv"}).text
        web_ids = {row["event_id_cnty"] for row in csv.DictReader(io.StringIO(web_csv))}
        assert api["total"] == page_count == len(api_ids)
        return csv_ids, geo_ids, pq_ids, api_ids, web_ids

    out = io.StringIO()
    export_records(RECORDS, "acled-csv", out, **values)
    file_ids = {row["event_id_cnty"] for row in csv.DictReader(io.StringIO(out.getvalue()))}
    csv_ids, geo_ids, pq_ids, api_ids, web_ids = outputs("report")  # one row per report, as from files
    assert csv_ids == geo_ids == pq_ids == api_ids == web_ids == file_ids == expected
    csv_ids, geo_ids, pq_ids, api_ids, web_ids = outputs("incident")  # the default: one row per incident
    assert csv_ids == geo_ids == pq_ids == api_ids == web_ids


def test_the_filters_select_something_and_background_is_left_out_by_default(store):
    everything = {r.event_id_cnty for rec in RECORDS for r in event_rows(rec)}
    shown = {e["event_id_cnty"] for e in store.events(limit=None, unit="report")[0]}
    background = {r.event_id_cnty for rec in RECORDS for r in event_rows(rec) if r.background}
    assert background and shown == everything - background
    assert {e["event_id_cnty"] for e in store.events(limit=None, background=True, unit="report")[0]} == everything
    assert store.events(admin1="إدلب")[1] == store.events(admin1="Idlib")[1] > 0
    assert store.events(event_type="معارك")[1] == store.events(event_type="Battles")[1] > 0


@pytest.mark.parametrize(("name", "value"), [("admin1", "Atlantis"), ("event_type", "Picnics"),
                                             ("country", "Narnia"), ("source", "no such paper")])
def test_an_unknown_value_says_so(store, client, name, value):
    with pytest.raises(UnknownFilterValue, match=name):
        store.events(**{name: value})
    r = client.get("/api/events", params={WEB_NAMES.get(name, name): value})
    assert r.status_code == 422 and value in r.text
    page = client.get("/events", params={WEB_NAMES.get(name, name): value})
    assert page.status_code == 422 and 'id="filter-notice"' in page.text
    assert client.get("/api/export", params={WEB_NAMES.get(name, name): value}).status_code == 422


def test_dates_are_days_with_acled_precision_and_timestamps_are_stable(store):
    items = store.events(limit=None, background=True, unit="report")[0]
    by_text = {e["date_text"]: (e["event_date"], e["time_precision"]) for e in items}
    assert by_text["2015-06"] == ("2015-06-01", 3)
    assert by_text["2015-W30"] == ("2015-07-20", 2)
    assert by_text["2014"] == ("2014-01-01", 3)
    undated = [e for e in items if e["date_text"] is None]
    assert undated and all(e["event_date"] == e["published"] and e["time_precision"] == 3 for e in undated)
    assert all("publication date" in e["tags"] for e in undated)
    first = {e["event_id_cnty"]: e["timestamp"] for e in items}
    assert all(isinstance(t, int) for t in first.values())
    for rec in RECORDS[:3]:  # stored again (a re-analysis): each event keeps when it was first stored
        changed = dict(rec, warnings=["W000: test: stored again"])
        store.ingest(None, changed, version=VERSION)
    again = {e["event_id_cnty"]: e["timestamp"] for e in store.events(limit=None, background=True, unit="report")[0]}
    assert again == first


def test_actor1_and_place_columns_are_filled_the_acled_way(store):
    for e in store.events(limit=None, background=True)[0]:
        assert e["actor1"]  # ACLED: never empty
        if e["actor1_text"] is None:
            assert re.fullmatch(r"(Unidentified Armed Group|Protesters|Rioters) \((Syria|Yemen)\)", e["actor1"])
        if e["latitude"] is not None:
            assert e["admin1"] and e["country"] and e["iso"] in (760, 887) and e["region"] == "Middle East"
        else:
            assert "country only" in e["tags"] and e["country"] == "Syria"


def test_excel_csv_has_a_byte_order_mark_and_a_data_dictionary(tmp_path):
    from typer.testing import CliRunner

    from rasd.cli import app

    src = tmp_path / "records.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    dest = tmp_path / "events.csv"
    result = CliRunner().invoke(app, ["export", str(src), "-f", "acled-csv", "--excel", "--admin1", "إدلب",
                                      "-o", str(dest)])
    assert result.exit_code == 0, result.output
    assert dest.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(dest.open(encoding="utf-8-sig")))
    assert rows and {r["admin1"] for r in rows} == {"Idlib"}
    package = json.loads((tmp_path / "events.csv.datapackage.json").read_text(encoding="utf-8"))
    fields = package["resources"][0]["schema"]["fields"]
    assert [f["name"] for f in fields] == list(rows[0]) and all(f["description"] for f in fields)
    bad = CliRunner().invoke(app, ["export", str(src), "-f", "acled-csv", "--type", "Picnics"])
    assert bad.exit_code == 2 and "unknown event_type" in bad.output


def test_geopandas_reads_geoparquet_and_geojson_with_the_csv_types(store, tmp_path):
    gpd = pytest.importorskip("geopandas")
    store.export("parquet", tmp_path / "e.parquet")
    with (tmp_path / "e.geojson").open("w", encoding="utf-8") as fh:
        store.export("geojson", fh)
    pq_frame = gpd.read_parquet(tmp_path / "e.parquet")
    geo_frame = gpd.read_file(tmp_path / "e.geojson")
    assert len(pq_frame) == len(geo_frame) == store.events(limit=None)[1]
    assert pq_frame.geometry.notna().sum() == geo_frame.geometry.notna().sum() > 0
    assert set(geo_frame.columns) - {"id"} <= set(pq_frame.columns)
    import pandas as pd

    assert pd.to_datetime(pq_frame["event_date"], format="%Y-%m-%d").notna().all()


def test_exports_stream_events_in_pages(store):
    flt = store.event_filter(background=True)
    paged = [e["event_id_cnty"] for e in store.iter_events(flt, page=2)]
    assert len(paged) == len(set(paged)) == store.events(flt, limit=None)[1]
