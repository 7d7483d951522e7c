"""Incidents: reports of one event fused into one row, on real SQLite and PostgreSQL.

Records are built by hand (tests/store_support.py) so each rule is exercised on purpose; the real
articles of the news sample are in tests/test_incidents_dev.py.
"""

from __future__ import annotations

import csv
import io

import pytest

from rasd.article import Article
from rasd.store import Store
from rasd.store import incidents as inc
from rasd.store.fusion import conservative
from tests.store_support import VERSION, event, place, record

KAFRANBEL = place("p1", "Kafr Nabl", "كفرنبل", 35.61, 36.56, "Idlib", 169304)
ALEPPO = place("p1", "Aleppo", "حلب", 36.20, 37.16, "Aleppo", 170063)
IDLIB_GOV = dict(place("p1", "Idlib", "إدلب", 35.9, 36.6, "Idlib", 169388), feature="ADM1")
STRIKE = {"date": "2019-08-20", "place_id": "p1", "actor1": "Military Forces of Syria"}


def add(store: Store, aid: str, source: str, places: list, events: list, published: str = "2019-08-20") -> None:
    a = Article.build(f"خبر {aid} عن الغارة", id=aid, source=source, url=f"https://{source}.example/{aid}",
                      published=published)
    store.ingest(a, record(a, places=places, events=events), version=VERSION)


def four_reports(store: Store) -> None:
    """One strike on Kafranbel reported by three outlets (tolls 5, 7, none), one strike on Aleppo."""
    add(store, "a", "okaz", [KAFRANBEL], [event("v1", fatalities=5, **STRIKE)])
    add(store, "b", "sabq", [KAFRANBEL], [event("v1", fatalities=7, **STRIKE)])
    add(store, "c", "alwatan", [KAFRANBEL], [event("v1", fatalities=None, **STRIKE)])
    add(store, "d", "okaz", [ALEPPO], [event("v1", fatalities=2, **STRIKE)])


def test_reports_of_one_strike_are_one_row(store):
    four_reports(store)
    rows, total = store.events(limit=None)
    assert total == 2
    kafr = next(r for r in rows if r["location"] == "Kafr Nabl")
    assert kafr["event_id_cnty"] == kafr["incident_id"] == "SYR-I-a-v1"
    assert kafr["source"] == "alwatan; okaz; sabq" and kafr["source_count"] == 3 and kafr["reports"] == 3
    assert kafr["fatalities"] == 5 and kafr["fatalities_known"]  # same day: the lowest figure
    assert kafr["fatalities_disputed"] and kafr["fatalities_reported"] == "5 (okaz); 7 (sabq)"
    assert "Reported 3 times by 3 outlet(s)" in kafr["notes"]
    reports, n = store.events(limit=None, unit="report")
    assert n == 4 and {r["incident_id"] for r in reports} == {"SYR-I-a-v1", "SYR-I-d-v1"}
    stats = store.stats()
    assert (stats["incidents"], stats["multi_report_incidents"], stats["disputed_incidents"]) == (2, 1, 1)


def test_exports_count_incidents_unless_asked_per_report(store):
    four_reports(store)
    out = io.StringIO()
    assert store.export("acled-csv", out) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert sorted(r["source"] for r in rows) == ["alwatan; okaz; sabq", "okaz"]
    assert store.export("acled-csv", io.StringIO(), unit="report") == 4
    assert store.export("geojson", io.StringIO(), source="sabq") == 1  # the incident sabq reported
    assert store.export("geojson", io.StringIO(), source="sabq", unit="report") == 1


def test_a_later_higher_toll_is_an_update(store):
    add(store, "a", "okaz", [KAFRANBEL], [event("v1", fatalities=5, **STRIKE)], published="2019-08-20")
    add(store, "b", "sabq", [KAFRANBEL], [event("v1", fatalities=9, **STRIKE)], published="2019-08-21")
    add(store, "c", "alwatan", [KAFRANBEL], [event("v1", fatalities=8, **STRIKE)], published="2019-08-21")
    (row,), _ = store.events()
    assert row["fatalities"] == 8 and row["fatalities_disputed"] and row["first_reported"] == "2019-08-20"


def test_conservative_rule():
    assert conservative([]) is None
    assert conservative([("2019-08-20", 5), ("2019-08-20", 7)]) == 5
    assert conservative([("2019-08-20", 5), ("2019-08-21", 9), ("2019-08-21", 8)]) == 8
    assert conservative([(None, 3), ("2019-08-20", 4)]) == 4


def test_what_is_not_fused(store):
    add(store, "a", "okaz", [KAFRANBEL], [event("v1", fatalities=1, **STRIKE)])
    add(store, "b", "sabq", [KAFRANBEL], [event("v1", fatalities=1, **dict(STRIKE, date="2019-08-21"))])  # day
    add(store, "c", "alwatan", [KAFRANBEL], [event("v1", fatalities=1, event_type="Battles", **STRIKE)])  # type
    add(store, "d", "alriyadh", [KAFRANBEL], [event("v1", fatalities=1, **dict(STRIKE, actor1="Islamic State"))])
    assert store.events()[1] == 4


def test_a_governorate_report_nests_only_when_unambiguous(store):
    add(store, "a", "okaz", [KAFRANBEL], [event("v1", fatalities=1, **STRIKE)])
    gov = dict(event("v1", fatalities=None, **STRIKE), location={"place": "p1", "geo_precision": 3})
    add(store, "g", "sabq", [IDLIB_GOV], [gov])
    assert store.events()[1] == 1
    other = place("p1", "Ma'arrat an Nu'man", "معرة النعمان", 35.65, 36.68, "Idlib", 169000)
    add(store, "b", "alwatan", [other], [event("v1", fatalities=3, **STRIKE)])
    assert store.events()[1] == 3  # two towns in Idlib: the governorate report could be either, it stays alone


def _members(store: Store) -> list[list[str]]:
    """Every incident as the sorted keys of its reports."""
    out: dict[str, list[str]] = {}
    for r in store.events(limit=None, unit="report", background=True)[0]:
        out.setdefault(r["incident_id"], []).append(f"{r['article_id']}/{r['event_id']}")
    return sorted(sorted(v) for v in out.values())


def test_an_umbrella_actor_does_not_contradict_its_factions(store):
    """"The rebels" and the faction one paper names are one attacker (lexicon/actor_umbrellas.tsv);
    a jihadist group is not under "the rebels", and Al Qaeda covers its branches, in Syria and Yemen."""
    def by(actor: str, toll: int) -> list[dict]:
        return [event("v1", fatalities=toll, **dict(STRIKE, actor1=actor))]

    add(store, "a", "okaz", [KAFRANBEL], by("Syrian opposition rebels", 2))
    add(store, "b", "sabq", [KAFRANBEL], by("Nour al Din al Zinki Movement", 2))
    add(store, "c", "alwatan", [ALEPPO], by("Syrian opposition rebels", 1))
    add(store, "d", "alriyadh", [ALEPPO], by("Jabhat al Nusra", 1))
    aden = dict(place("p1", "Aden", "عدن", 12.78, 45.04, "Aden", 415189), country="YE")
    add(store, "e", "okaz", [aden], by("Al Qaeda", 3))
    add(store, "f", "sabq", [aden], by("AQAP: Al Qaeda in the Arabian Peninsula", 3))
    add(store, "g", "alwatan", [aden], by("Islamic State (Yemen)", 3))
    assert _members(store) == [["a/v1", "b/v1"], ["c/v1"], ["d/v1"], ["e/v1", "f/v1"], ["g/v1"]]


def test_umbrella_table_names_actors_of_the_actor_table():
    from rasd.lexicon import load_table, variants

    names = {r["name"] for r in load_table("actors")}
    rows = load_table("actor_umbrellas")
    assert rows
    for row in rows:
        members = variants(row["members"])
        assert {row["umbrella"], *members} <= names, row["umbrella"]
        assert row["umbrella"] not in members and len(set(members)) == len(members)


def test_a_report_near_two_towns_takes_its_own_towns_incident(store):
    """Nubl and al-Zahraa are 3 km apart: a strike "near Nubl" is Nubl's, whatever order the papers came in."""
    nubl = place("p1", "Nubl", "نبل", 36.373, 37.017, "Aleppo", 166331)
    zahraa = place("p1", "Al-Zahraa", "الزهراء", 36.390, 36.987, "Aleppo", 166332)
    near = dict(event("v1", fatalities=None, **STRIKE), location={"place": "p1", "geo_precision": 2})
    add(store, "a", "okaz", [nubl], [near])  # sorts first: it used to take the first incident near it
    add(store, "b", "sabq", [zahraa], [event("v1", fatalities=4, **STRIKE)])
    add(store, "c", "alwatan", [nubl], [event("v1", fatalities=1, **STRIKE)])
    assert _members(store) == [["a/v1", "c/v1"], ["b/v1"]]


def test_a_governorate_report_between_two_incidents(store):
    """Between two towns' incidents, a governorate report joins the one giving its toll; without a
    toll it guesses no town, but two such reports are one incident of their own."""
    add(store, "a", "okaz", [KAFRANBEL], [event("v1", fatalities=1, **STRIKE)])
    other = place("p1", "Ma'arrat an Nu'man", "معرة النعمان", 35.65, 36.68, "Idlib", 169000)
    add(store, "b", "alwatan", [other], [event("v1", fatalities=3, **STRIKE)])

    def gov(toll: int | None) -> dict:
        return dict(event("v1", fatalities=toll, **STRIKE), location={"place": "p1", "geo_precision": 3})

    add(store, "g", "sabq", [IDLIB_GOV], [gov(3)])
    add(store, "h", "alyaum", [IDLIB_GOV], [gov(None)])
    add(store, "i", "aawsat", [IDLIB_GOV], [gov(None)])
    assert _members(store) == [["a/v1"], ["b/v1", "g/v1"], ["h/v1", "i/v1"]]


def test_an_armed_groups_arrest_is_the_abduction_another_paper_reports(store):
    """ACLED codes arrests by state forces only: an armed group's "arrest" is an abduction (one
    incident, coded as the abduction most papers give); a police arrest stays an arrest."""
    def seized(sub: str, etype: str, actor: str, inter: int) -> list[dict]:
        ev = dict(event("v1", fatalities=None, event_type=etype, **STRIKE), sub_event_type=sub)
        return [dict(ev, actor1={"text": actor, "canonical": actor, "inter": inter, "start": 0, "end": 1})]

    abduction = ("Abduction/forced disappearance", "Violence against civilians")
    arrest = ("Arrests", "Strategic developments")
    add(store, "a", "okaz", [ALEPPO], seized(*abduction, "Jabhat al Nusra", 2))
    add(store, "b", "sabq", [ALEPPO], seized(*arrest, "Unidentified Armed Group (Syria)", 3))
    add(store, "c", "alwatan", [ALEPPO], seized(*abduction, "Jabhat al Nusra", 2))
    add(store, "d", "alriyadh", [ALEPPO], seized(*arrest, "Police Forces of Syria", 1))
    assert _members(store) == [["a/v1", "b/v1", "c/v1"], ["d/v1"]]
    row = next(r for r in store.events(limit=None)[0] if r["reports"] == 3)
    assert (row["event_type"], row["sub_event_type"]) == ("Violence against civilians", abduction[0])


def test_merge_and_split_win_over_fusion_and_survive_reanalysis(store):
    four_reports(store)
    shown = inc.split(store, "SYR-b-v1", by="reviewer")  # a report's event_id_cnty
    assert [r["key"] for r in shown["reports"]] == ["b/v1"] and shown["reports"][0]["pinned"]
    assert store.events()[1] == 3
    rest = inc.show(store, "a/v1")
    assert [r["key"] for r in rest["reports"]] == ["a/v1", "c/v1"]
    # the article is analysed again (its record changes): the split stands
    add(store, "b", "sabq", [KAFRANBEL], [event("v1", fatalities=6, **STRIKE)])
    assert store.events()[1] == 3
    # a fourth outlet still joins the fused incident of a and c, never b
    add(store, "e", "alyaum", [KAFRANBEL], [event("v1", fatalities=5, **STRIKE)])
    assert [r["key"] for r in inc.show(store, "e/v1")["reports"]] == ["a/v1", "c/v1", "e/v1"]
    merged = inc.merge(store, ["SYR-I-a-v1", "b/v1", "SYR-I-d-v1"], by="reviewer", note="one raid")
    assert [r["key"] for r in merged["reports"]] == ["a/v1", "b/v1", "c/v1", "d/v1", "e/v1"]
    assert [o["kind"] for o in merged["overrides"]] == ["split", "merge"]
    assert store.events()[1] == 1
    assert inc.rebuild(store)["incidents"] == 1  # a full re-fusion keeps the reviewer's decisions
    with pytest.raises(inc.UnknownReference):
        inc.merge(store, ["nothing/v9"])


def _week_reports(st: Store, order: str = "abcdf") -> None:
    """A strike on Kafranbel on Tuesday 2019-08-20 (a), and reports dated only imprecisely
    (time_precision 2): around Thursday 22nd (b: within 3 days), around Sunday 25th (c: 5 days
    off), in the ISO week of Monday 19th (d: the whole week), and "this week" in an article of
    Monday 19th (f: the strike of the 20th was not yet news)."""
    loose = {"b": ("2019-08-22", "2019-08-23"), "c": ("2019-08-25", "2019-08-26"),
             "d": ("2019-08-19", "2019-08-27"), "f": ("2019-08-19", "2019-08-19")}
    for aid in order:
        if aid == "a":
            add(st, "a", "okaz", [KAFRANBEL], [event("v1", fatalities=4, **STRIKE)])
            continue
        day, published = loose[aid]
        ev = dict(event("v1", fatalities=None, **dict(STRIKE, date=day)), time_precision=2)
        add(st, aid, "sabq", [KAFRANBEL], [ev], published=published)


def test_a_report_dated_only_to_a_week_joins_the_incident_in_its_range(store):
    """ACLED dates an event known to a week or "around" a day with time_precision 2: such a report
    joins the incident of its type, place and actors on a day in its range, never on a day after
    the report was published; a report of the NEXT ISO week is another block (kept apart)."""
    _week_reports(store)
    assert _members(store) == [["a/v1", "b/v1", "d/v1"], ["c/v1"], ["f/v1"]]
    row = next(r for r in store.events(limit=None)[0] if r["reports"] == 3)
    assert row["event_date"] == "2019-08-20" and row["time_precision"] == 1  # the precise report's day
    nxt = dict(event("v1", fatalities=None, **dict(STRIKE, date="2019-08-26")), time_precision=2)
    add(store, "g", "alwatan", [KAFRANBEL], [nxt], published="2019-08-27")  # Monday of the next week
    assert ["g/v1"] in _members(store)


def test_an_imprecise_report_between_two_days_strikes_joins_the_most_reported(store):
    """A town struck on the 20th and the 22nd (one report each): "the strike on Kafranbel" around
    the 21st could be either, it stays alone; once the 22nd's strike is the more reported, it
    joins that one."""
    add(store, "a", "okaz", [KAFRANBEL], [event("v1", fatalities=2, **STRIKE)])
    add(store, "b", "sabq", [KAFRANBEL], [event("v1", fatalities=3, **dict(STRIKE, date="2019-08-22"))],
        published="2019-08-22")
    vague = dict(event("v1", fatalities=None, **dict(STRIKE, date="2019-08-21")), time_precision=2)
    add(store, "v", "alwatan", [KAFRANBEL], [vague], published="2019-08-23")
    assert _members(store) == [["a/v1"], ["b/v1"], ["v/v1"]]
    add(store, "c", "alriyadh", [KAFRANBEL], [event("v1", fatalities=3, **dict(STRIKE, date="2019-08-22"))],
        published="2019-08-22")
    assert _members(store) == [["a/v1"], ["b/v1", "c/v1", "v/v1"]]


def test_imprecise_dates_fuse_alike_in_any_order(store, tmp_path):
    _week_reports(store)
    other = Store.open(f"sqlite:///{tmp_path / 'other.db'}")
    _week_reports(other, order="fdcba")
    assert _members(other) == _members(store)
    other.close()


def test_reingest_in_another_order_gives_the_same_incidents(store, tmp_path):
    def snapshot(st: Store) -> list:
        rows, _ = st.events(limit=None, background=True)
        return sorted((r["event_id_cnty"], r["source"], r["fatalities"], r["fatalities_reported"]) for r in rows)

    four_reports(store)
    first = snapshot(store)
    other = Store.open(f"sqlite:///{tmp_path / 'other.db'}")
    add(other, "d", "okaz", [ALEPPO], [event("v1", fatalities=2, **STRIKE)])
    add(other, "c", "alwatan", [KAFRANBEL], [event("v1", fatalities=None, **STRIKE)])
    add(other, "b", "sabq", [KAFRANBEL], [event("v1", fatalities=7, **STRIKE)])
    add(other, "a", "okaz", [KAFRANBEL], [event("v1", fatalities=5, **STRIKE)])
    assert snapshot(other) == first
    other.close()


def test_api_reads_incidents_and_overrides_need_the_write_token(tmp_path):
    from fastapi.testclient import TestClient

    from rasd.web import create_app

    st = Store.open(f"sqlite:///{tmp_path / 'web.db'}")
    four_reports(st)
    with TestClient(create_app(store=st, token="s3cret")) as client:
        events = client.get("/api/events").json()
        assert events["total"] == 2 and {e["source"] for e in events["items"]} == {"alwatan; okaz; sabq", "okaz"}
        assert client.get("/api/events", params={"unit": "report"}).json()["total"] == 4
        assert client.get("/api/events", params={"unit": "town"}).status_code == 422
        assert client.get("/events", params={"unit": "report"}).status_code == 200
        shown = client.get("/api/incidents", params={"id": "SYR-I-a-v1"}).json()
        assert [r["key"] for r in shown["reports"]] == ["a/v1", "b/v1", "c/v1"]
        assert client.get("/api/incidents", params={"id": "nothing"}).status_code == 404
        body = {"id": "b/v1", "by": "web reviewer"}
        assert client.post("/api/incidents/split", json=body).status_code == 401
        auth = {"Authorization": "Bearer s3cret"}
        split = client.post("/api/incidents/split", json=body, headers=auth)
        assert split.status_code == 200 and [r["key"] for r in split.json()["reports"]] == ["b/v1"]
        assert client.get("/api/events").json()["total"] == 3
        merged = client.post("/api/incidents/merge", json={"ids": ["b/v1", "a/v1"], "by": "web reviewer"},
                             headers=auth)
        assert merged.status_code == 200 and merged.json()["overrides"][-1]["by"] == "web reviewer"
        assert client.get("/api/events").json()["total"] == 2
        bad = client.post("/api/incidents/merge", json={"ids": ["zzz/v1"]}, headers=auth)
        assert bad.status_code == 404 and "zzz/v1" in bad.text
    st.close()


def test_cli_merge_split_show(tmp_path):
    import json

    from typer.testing import CliRunner

    from rasd.cli import app

    db = f"sqlite:///{tmp_path / 'cli.db'}"
    st = Store.open(db)
    four_reports(st)
    st.close()
    run = CliRunner().invoke
    out = run(app, ["incidents", "split", "SYR-c-v1", "--db", db, "--by", "cli"])
    assert out.exit_code == 0, out.output
    assert [r["key"] for r in json.loads(out.output)["reports"]] == ["c/v1"]
    out = run(app, ["incidents", "show", "a/v1", "--db", db])
    assert [r["key"] for r in json.loads(out.output)["reports"]] == ["a/v1", "b/v1"]
    out = run(app, ["incidents", "merge", "a/v1", "c/v1", "--db", db])
    assert out.exit_code == 0 and len(json.loads(out.output)["reports"]) == 3
    assert run(app, ["incidents", "show", "nope/v1", "--db", db]).exit_code == 2
    csv_out = tmp_path / "e.csv"
    assert run(app, ["export", "-f", "acled-csv", "--db", db, "-o", str(csv_out)]).exit_code == 0
    assert len(csv_out.read_text(encoding="utf-8").splitlines()) == 3  # header + 2 incidents
    assert run(app, ["export", "-f", "acled-csv", "--db", db, "-o", str(csv_out), "--per-report"]).exit_code == 0
    assert len(csv_out.read_text(encoding="utf-8").splitlines()) == 5
