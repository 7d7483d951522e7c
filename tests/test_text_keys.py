"""The matching keys (rasd.text.keys): each folds what its name says, and the store's filter keys
fold a name the same way when it is written and when a user filters by it (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rasd.article import Article
from rasd.filters import EventFilter
from rasd.store import Store
from rasd.text.keys import (
    canonical_key,
    canonical_phrase_key,
    loose_key,
    name_filter_key,
    phrase_key,
    place_key,
    same_length_key,
)
from tests.store_support import VERSION, db_url, event, place, record


def test_each_key_folds_what_its_name_says():
    assert canonical_key("أَحْمَدُ إلى مدرسةٍ") == "احمد الي مدرسة"  # ة kept
    assert loose_key("مدرسة") == "مدرسه"
    assert canonical_key("ـــقـتـل ١٢") == "قتل 12"  # tatweel dropped, Eastern digits ASCII
    assert phrase_key("  الجيش \t  السوري ") == "الجيش السوري"
    assert canonical_phrase_key(" رابط   الخبر ") == "رابط الخبر"
    assert place_key("معرّة-النعمان") == place_key("معره النعمان") == "معره النعمان"
    text = "أعلنت وزارة الدفاع إلى"
    assert len(same_length_key(text)) == len(text) and same_length_key(text) == "اعلنت وزاره الدفاع الي"
    long = "غارة " * 20  # the cached and the uncached paths agree
    assert canonical_key(long) == " ".join([canonical_key("غارة")] * 20) + " "


# One name as writers and users spell it: diacritics, hamza forms, ة/ه, tatweel, a zero-width
# joiner, presentation forms, doubled spaces, capitals.
SPELLINGS = ["هيئة تحرير الشام", "هيئه تحرير الشام", "هيْئة تحـريـر الشّام", "هيئة\u200d تحرير  الشام",
             "\ufee9\ufef4\ufe8c\ufe94 تحرير الشام"]


def test_name_filter_key_meets_every_spelling():
    assert len({name_filter_key(s) for s in SPELLINGS}) == 1
    assert name_filter_key("Hay'at Tahrir  al-SHAM") == name_filter_key("hay'at tahrir al-sham")
    assert name_filter_key("") is None and name_filter_key("\u200d") is None
    assert len(name_filter_key("ا" * 1000) or "") == 300


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path) -> Iterator[Store]:
    gen = db_url(request.param, tmp_path)
    st = Store.open(next(gen))
    yield st
    st.close()
    gen.close()


@pytest.mark.parametrize("written", [SPELLINGS[0], SPELLINGS[2], SPELLINGS[4]])
def test_store_filters_fold_alike_on_write_and_query(store, written):
    a = Article.build("اشتباك قرب معرة النعمان", title="اشتباك", id="k1", source="رصد", published="2020-01-02")
    rec = record(
        a,
        places=[place("p1", "Maarat al-Numan", "معرة النعمان", 35.64, 36.67, "Idlib", 167611)],
        events=[event("v1", date="2020-01-02", place_id="p1", actor1=written, fatalities=1, event_type="Battles")],
        entities=[{"id": "e1", "start": 0, "end": 3, "text": written, "label": "ORG", "canonical": written,
                   "link": None}],
        quotes=[{"id": "q1", "kind": "direct", "start": 0, "end": 4, "text": "اشتباك", "stance": "claim",
                 "speaker": {"text": written, "canonical": written, "start": 0, "end": 1, "entity": None},
                 "cue": None, "via": [], "addressee": None}],
    )
    store.ingest(a, rec, version=VERSION)
    for query in SPELLINGS:
        assert store.list_articles(actor=query)[1] == 1, query
        assert store.events(EventFilter.parse(actor=query))[1] == 1, query
        assert store.quotes(speaker=query)[1] == 1, query
    assert store.list_articles(place="معره النعمان")[1] == 1
    assert store.list_articles(actor="جبهة النصرة")[1] == 0
