"""The counts, the dashboard lists and the map data agree with the events list, on real SQLite and
real PostgreSQL, under random filter combinations.

Each count is recomputed in Python from `Store.events` under the same filters (the events list is
what users see); the SQL grouping (`rasd.store.counts`) must give the same numbers: buckets by day,
Monday weeks and months across a year boundary, top governorates/actors/places, fatalities,
the map's points or grid cells (whose counts add up to the total: nothing is dropped).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasd.article import Article
from rasd.filters import EventFilter
from rasd.store import Store
from rasd.store import counts as C
from tests.store_support import VERSION, db_url
from tests.store_support import record as make_record

PLACES = [  # name, Arabic, lat, lon, admin1, country, geonameid
    ("Idlib", "إدلب", 35.93, 36.63, "Idlib", "SY", 169389),
    ("Ma'arrat an Nu'man", "معرة النعمان", 35.65, 36.68, "Idlib", "SY", 167611),
    ("Aleppo", "حلب", 36.2, 37.16, "Aleppo", "SY", 170063),
    ("Aden", "عدن", 12.78, 45.04, "Aden", "YE", 415189),
    ("Tripoli", "طرابلس", 32.89, 13.19, "Tripoli", "LY", 2210247),
    ("Syria", "سوريا", None, None, None, "SY", 163843),  # country only: no coordinates
]
TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Air/drone strike"),
         ("Protests", "Peaceful protest"), ("Violence against civilians", "Attack"),
         ("Strategic developments", "Arrests")]
# days across weeks, months and a year boundary (2018-12-31 is a Monday; 2019-01-06 a Sunday)
DATES = ["2018-12-30", "2018-12-31", "2019-01-06", "2019-01-07", "2019-02-28", "2019-03-01", "2019-08-12",
         "2019-08-18", None, "2019-06"]
ACTORS = [None, ("قوات النظام", "Military Forces of Syria", 1), ("الحوثيين", "Houthis", 3),
          ("مسلحون مجهولون", None, 3), ("مدنيين", None, 7)]
SOURCES = ["sabq", "okaz", "alriyadh"]


def _actor(a):
    if a is None:
        return None
    text, canonical, inter = a
    return {"text": text, "canonical": canonical, "start": 0, "end": 2, "inter": inter}


def _records() -> list[dict]:
    out = []
    for i in range(24):
        article = Article.build(f"نص تجريبي رقم {i} عن أحداث.", id=f"ct-{i}", source=SOURCES[i % 3],
                                published=f"2019-08-{1 + i:02d}")
        places, events = [], []
        for j in range(1 + i % 4):
            name, name_ar, lat, lon, admin1, cc, gid = PLACES[(i + j) % len(PLACES)]
            pid = f"p{j + 1}"
            places.append({"id": pid, "start": 0, "end": 2, "text": name_ar, "geonameid": gid, "name": name,
                           "name_ar": name_ar, "lat": lat, "lon": lon, "country": cc, "admin1": admin1,
                           "feature": "PCLI" if lat is None else "PPL", "score": 0.9})
            et, sub = TYPES[(i + 2 * j) % len(TYPES)]
            events.append({
                "id": f"v{j + 1}", "event_type": et, "sub_event_type": sub, "date": DATES[(i * 3 + j) % len(DATES)],
                "time_precision": 1, "actor1": _actor(ACTORS[(i + j) % len(ACTORS)]),
                "actor2": _actor(ACTORS[(i + 2 * j + 1) % len(ACTORS)]),
                "location": {"place": pid, "name": name, "admin1": admin1, "country": cc, "lat": lat, "lon": lon,
                             "geo_precision": 1},
                "fatalities": (i * (j + 1)) % 7 or None, "injured": None, "source": None,
                "evidence": [{"start": 0, "end": 5}], "confidence": 0.7, "background": (i + j) % 6 == 5,
            })
        out.append(make_record(article, places=places, events=events))
    return out


RECORDS = _records()


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path_factory):
    gen = db_url(request.param, tmp_path_factory.mktemp("counts"))
    s = Store.open(next(gen))
    for rec in RECORDS:
        s.ingest(None, rec, version=VERSION)
    yield s
    s.close()
    gen.close()


filters = st.fixed_dictionaries({}, optional={
    "event_type": st.sampled_from(["Battles", "معارك", "Protests", "Explosions/Remote violence"]),
    "sub_event_type": st.sampled_from(["Armed clash", "Attack"]),
    "date_from": st.sampled_from(["2018-12-31", "2019-01", "2019-03-01", "2019"]),
    "date_to": st.sampled_from(["2019-01-06", "2019-06-30", "2019"]),
    "admin1": st.sampled_from(["Idlib", "إدلب", "Aden", "حلب"]),
    "actor": st.sampled_from(["النظام", "houthis", "Unidentified Armed Group", "مدنيين"]),
    "country": st.sampled_from(["SY", "اليمن", "LY"]),
    "source": st.sampled_from(SOURCES),
    "background": st.booleans(),
})


def _period(day: str, by: str) -> str:
    d = dt.date.fromisoformat(day)
    if by == "week":
        d -= dt.timedelta(days=d.weekday())
    elif by == "month":
        d = d.replace(day=1)
    return d.isoformat()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=filters, by=st.sampled_from(C.BYS), stack=st.sampled_from(C.STACKS),
       unit=st.sampled_from(["incident", "report"]))
def test_counts_equal_the_events_list(store, values, by, stack, unit):
    flt = store.event_filter(**values)
    events, total = store.events(flt, limit=None, unit=unit)
    got = C.timeline(store, flt, by=by, stack=stack, unit=unit)
    assert got["total"] == total == len(events)
    expected: dict[str, Counter] = {}
    fatalities: Counter = Counter()
    for e in events:
        if e["event_date"]:
            p = _period(e["event_date"], by)
            key = "events" if stack == "none" else (e[stack] or C.NO_VALUE)
            expected.setdefault(p, Counter())[key] += 1
            fatalities[p] += e["fatalities"] or 0
    assert {b["period"]: dict(b["counts"]) for b in got["buckets"]} == {p: dict(c) for p, c in expected.items()}
    assert {b["period"]: b["fatalities"] for b in got["buckets"]} == {p: fatalities[p] for p in expected}
    assert [b["period"] for b in got["buckets"]] == sorted(expected)
    assert got["undated"] == sum(1 for e in events if not e["event_date"])

    for field, of in (("admin1", lambda e: [e["admin1"]]), ("event_type", lambda e: [e["event_type"]]),
                      ("place", lambda e: [e["location"]]), ("actor", lambda e: [e["actor1"], e["actor2"]]),
                      ("source", lambda e: e["source"].split("; ") if e["source"] else [])):
        want = Counter(v for e in events for v in of(e) if v)
        top = C.top(store, flt, field, limit=100, unit=unit)
        assert {i["value"]: i["count"] for i in top["items"]} == dict(want), field
        assert top["total"] == total

    located = {(e["article_id"], e["id"]) for e in events if e["latitude"] is not None}
    points = C.map_data(store, flt, cap=1000, unit=unit)
    assert not points["aggregated"] and points["total"] == len(located)
    assert {(f["properties"]["article_id"], f["properties"]["id"]) for f in points["features"]} == located
    assert points["unlocated"] == total - len(located)
    if len(located) > 1:  # past the cap: every event is still counted, in cells
        grid = C.map_data(store, flt, cap=1, zoom=3, unit=unit)
        assert grid["aggregated"] and sum(f["properties"]["count"] for f in grid["features"]) == len(located)
        by_admin1 = C.map_data(store, flt, cap=1, agg="admin1", unit=unit)
        assert sum(f["properties"]["count"] for f in by_admin1["features"]) == len(located)

    deadly = sorted((e for e in events if (e["fatalities"] or 0) >= 3 and e["fatalities_known"]),
                    key=lambda e: (e["event_date"] or "", ), reverse=True)
    newest = C.newest(store, flt, min_fatalities=3, limit=100, unit=unit)
    assert newest["total"] == len(deadly)
    assert sorted((e["article_id"], e["id"]) for e in newest["items"]) == sorted(
        (e["article_id"], e["id"]) for e in deadly)
    dates = [e["event_date"] or "" for e in newest["items"]]
    assert dates == sorted(dates, reverse=True)


def test_weeks_start_on_monday_across_a_year_boundary(store):
    got = C.timeline(store, EventFilter(), by="week", stack="none")
    periods = [b["period"] for b in got["buckets"]]
    assert all(dt.date.fromisoformat(p).weekday() == 0 for p in periods)
    assert "2018-12-24" in periods and "2018-12-31" in periods  # Sunday 30 Dec is in the week of 24 Dec
    assert "2019-01-06" not in periods


def test_grid_cells_shrink_with_zoom_and_arabic_names_come_with_points(store):
    coarse = C.map_data(store, EventFilter(), cap=1, zoom=2)
    fine = C.map_data(store, EventFilter(), cap=1, zoom=10)
    assert len(coarse["features"]) < len(fine["features"])
    assert coarse["aggregation"]["cell_degrees"] > fine["aggregation"]["cell_degrees"]
    points = C.map_data(store, EventFilter(), cap=10_000)
    names = {f["properties"]["location"]: f["properties"]["location_ar"] for f in points["features"]}
    assert names["Aden"] == "عدن" and names["Idlib"] == "إدلب"
    href = points["features"][0]["properties"]["href"]
    assert href.startswith("/articles/ct-") and "#span-v" in href


def test_the_api_answers_with_the_store_counts_and_names_bad_values(store):
    from rasd.web import create_app

    with TestClient(create_app(store=store)) as client:
        api = client.get("/api/counts", params={"by": "month", "stack": "event_type", "country": "SY"}).json()
        assert api == json.loads(json.dumps(C.timeline(store, store.event_filter(country="SY"), by="month")))
        assert api["by"] == "month" and api["buckets"][0]["period"].endswith("-01")
        top = client.get("/api/counts/top", params={"field": "actor", "limit": 3}).json()
        assert len(top["items"]) == 3 and top["items"][0]["count"] >= top["items"][-1]["count"]
        assert client.get("/api/events/newest", params={"min_fatalities": 5}).json()["min_fatalities"] == 5
        geo = client.get("/api/map", params={"cap": 2, "zoom": 4}).json()
        assert geo["type"] == "FeatureCollection" and geo["aggregated"] is True
        assert sum(f["properties"]["count"] for f in geo["features"]) == geo["total"]
        view = client.get("/api/map", params={"bbox": "40,10,50,15"}).json()  # around Aden
        assert view["aggregated"] is False and {f["properties"]["admin1"] for f in view["features"]} == {"Aden"}
        bad = client.get("/api/counts", params={"governorate": "Atlantis"})
        assert bad.status_code == 422 and "governorate" in bad.text
        assert client.get("/api/map", params={"bbox": "west,10,40,15"}).status_code == 422
        swapped = client.get("/api/map", params={"bbox": "50,15,40,10"}).json()  # reversed edges: the same view
        assert swapped["features"] == view["features"]
        assert client.get("/api/counts", params={"by": "year"}).status_code == 422
        paths = client.get("/openapi.json").json()["paths"]
        assert {"/api/counts", "/api/counts/top", "/api/events/newest", "/api/map"} <= set(paths)


def test_the_server_map_cap_bounds_the_points_a_client_gets(store):
    """Past the server's cap (RASD_MAP_CAP) the map aggregates, whatever `cap` a client asks for;
    below it a client may ask for fewer points. The answer says which cap it applied."""
    from rasd.web import create_app
    from rasd.web.config import Settings

    located = C.map_data(store, EventFilter())["total"]
    assert located > 3
    with TestClient(create_app(store=store, settings=Settings.from_env(map_cap=3))) as client:
        default = client.get("/api/map").json()
        asked = client.get("/api/map", params={"cap": 10_000}).json()
        fewer = client.get("/api/map", params={"cap": 2}).json()
        assert (default["cap"], asked["cap"], fewer["cap"]) == (3, 3, 2)
        assert default["aggregated"] is asked["aggregated"] is fewer["aggregated"] is True
        assert sum(f["properties"]["count"] for f in asked["features"]) == asked["total"] == located
    with TestClient(create_app(store=store, settings=Settings.from_env(map_cap=located))) as client:
        whole = client.get("/api/map").json()
        assert whole["aggregated"] is False and len(whole["features"]) == located == whole["cap"]


def test_rasd_stats_prints_the_same_breakdowns(store, capsys):
    from rasd.cli import main

    url = str(store.engine.url.render_as_string(hide_password=False))
    with pytest.raises(SystemExit) as done:
        main(["stats", "--db", url, "--json"])
    assert done.value.code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["breakdowns"] == json.loads(json.dumps(C.breakdowns(store, EventFilter())))
    assert sum(out["breakdowns"]["by_type"].values()) == store.events(limit=None)[1]
    with pytest.raises(SystemExit):
        main(["stats", "--db", url, "--country", "اليمن", "--top", "3"])
    text = capsys.readouterr().out
    assert "by type" in text and "Aden" in text and "Idlib" not in text.split("by admin1")[1].split("by actor")[0]
