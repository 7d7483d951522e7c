"""De-duplication: near-duplicate articles and events merged across sources (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rasd.article import Article
from rasd.store import Store
from rasd.store.dedup import Report, km, merge_events, merged_row, same_event, signature
from tests.store_support import VERSION, db_url, event, place, record

AGENCY = (
    "قتل خمسة مدنيين وأصيب تسعة آخرون اليوم الثلاثاء جراء غارات جوية شنتها طائرات حربية على بلدة كفرنبل "
    "في ريف إدلب الجنوبي بحسب ما أفاد المرصد السوري لحقوق الإنسان الذي قال إن الغارات استهدفت سوقا شعبيا "
    "وسط البلدة وإن فرق الدفاع المدني عملت على انتشال الضحايا من تحت الأنقاض ونقل المصابين إلى المشافي"
)
KAFRANBEL = place("p1", "Kafr Nabl", "كفرنبل", 35.61, 36.56, "Idlib", 169304)
NEARBY = place("p1", "Hass", "حاس", 35.60, 36.60, "Idlib", 170000)
ALEPPO = place("p1", "Aleppo", "حلب", 36.20, 37.16, "Aleppo", 170063)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path) -> Iterator[Store]:
    gen = db_url(request.param, tmp_path)
    st = Store.open(next(gen))
    yield st
    st.close()
    gen.close()


def add(store: Store, aid: str, text: str, source: str, **lists) -> None:
    a = Article.build(text, id=aid, source=source, url=f"https://{source}.example/{aid}", published="2019-08-20")
    store.ingest(a, record(a, **lists), version=VERSION)


def test_agency_copies_are_grouped(store):
    add(store, "a", "الرياض: " + AGENCY, "okaz")
    add(store, "b", AGENCY + " وأضاف المرصد أن الطيران ما زال يحلق في الأجواء", "alriyadh")
    add(store, "c", "ارتفعت أسعار النفط في الأسواق العالمية اليوم بعد قرار أوبك خفض الإنتاج مجددا", "sabq")
    result = store.dedup()
    assert result["duplicate_groups"] == 1 and result["duplicate_articles"] == 2
    assert store.get_article("a")["duplicates"] == ["b"]
    assert store.get_article("c")["duplicates"] == []
    assert store.stats()["duplicate_groups"] == 1


def test_events_merged_across_sources_with_conservative_fatalities(store):
    ev = {"date": "2019-08-20", "place_id": "p1", "actor1": "قوات النظام"}
    add(store, "a", "خبر أول عن غارة كفرنبل", "okaz", places=[KAFRANBEL], events=[event("v1", fatalities=5, **ev)])
    add(store, "b", "خبر ثان مختلف عن الغارة", "sabq", places=[NEARBY], events=[event("v1", fatalities=7, **ev)])
    add(store, "c", "خبر ثالث بلا رقم", "alwatan", places=[KAFRANBEL], events=[event("v1", fatalities=None, **ev)])
    add(store, "d", "غارة في حلب", "okaz", places=[ALEPPO], events=[event("v1", fatalities=2, **ev)])
    result = store.dedup()
    assert result["events"] == 4 and result["merged_events"] == 2 and result["multi_source_events"] == 1
    assert result["fatality_disagreements"] == 1
    items, _ = store.events(admin1="Idlib")
    merged = {i["merged"]["id"] for i in items}
    assert len(merged) == 1
    info = items[0]["merged"]
    assert info == {
        "id": info["id"],
        "articles": 3,
        "sources": 3,
        "fatalities": 5,
        "fatalities_max": 7,
        "disagreement": True,
    }
    # each source keeps its own figure
    reported = sorted((i["source"], i["fatalities"] if i["fatalities_known"] else None) for i in items)
    assert reported == [("alwatan", None), ("okaz", 5), ("sabq", 7)]
    assert store.stats()["multi_source_events"] == 1


def test_dedup_is_recomputed_not_accumulated(store):
    add(
        store,
        "a",
        "خبر",
        "okaz",
        places=[KAFRANBEL],
        events=[event("v1", date="2019-08-20", place_id="p1", actor1=None, fatalities=1)],
    )
    first = store.dedup()
    assert store.dedup() == first


def report(pk, article, **kw) -> Report:
    base = dict(
        source=None,
        event_type="Battles",
        sub_event_type=None,
        date="2019-08-20",
        actor1="a",
        actor2=None,
        geonameid=1,
        lat=35.0,
        lon=36.0,
        admin1="Idlib",
        location="x",
        fatalities=None,
        injured=None,
        confidence=0.5,
    )
    base.update(kw)
    return Report(pk, article, **base)


@pytest.mark.parametrize(
    ("change", "same"),
    [
        ({}, True),
        ({"event_type": "Protests"}, False),
        ({"date": "2019-08-21"}, False),
        ({"actor1": "b"}, False),
        ({"actor1": None}, False),  # nothing named by both
        ({"actor1": None, "actor2": "c"}, False),
        ({"actor2": "c"}, True),  # one names the target, the other does not contradict
        ({"precision": 3}, False),  # a whole country or region cannot tell events apart
        ({"geonameid": 2, "lat": 35.05, "lon": 36.0}, True),  # 5.6 km apart: within tolerance
        ({"geonameid": 2, "lat": 35.5, "lon": 36.0}, False),  # 55 km apart
        ({"geonameid": 2, "lat": None, "lon": None}, False),
    ],
)
def test_same_event_rule(change, same):
    assert same_event(report(1, 1), report(2, 2, **change)) is same


def test_one_article_never_merges_with_itself():
    clusters = merge_events([report(1, 1), report(2, 1), report(3, 2)])
    assert sorted(len(c.reports) for c in clusters) == [1, 2]


def test_conservative_rule_ignores_missing_figures():
    row = merged_row(merge_events([report(1, 1, fatalities=None), report(2, 2, fatalities=4)])[0])
    assert row["fatalities"] == 4 and not row["disagreement"]


def test_distance():
    assert 300 < km(33.51, 36.29, 36.20, 37.16) < 320  # Damascus - Aleppo


def test_signature_of_empty_text():
    assert signature("") is None
    assert len(signature("كلمة")) == 64 * 8
