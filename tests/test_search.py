"""Search: Arabic folding and clitic-aware matching, ranking, snippets, filters (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rasd.article import Article
from rasd.store import Store
from rasd.store.searchtext import forms, index_text, query_terms, snippet
from tests.store_support import VERSION, db_url, record

DOCS = {
    "obf": "هاجم مسلحون قرية في ريف حلب، وقالت الحكومة إن الإرهـ.ابيين فروا.",
    "bare": "أعلنت السلطات القبض على إرهابيين في دمشق.",
    "clitic": "وتعهد الجيش بملاحقة والإرهابيين حتى النهاية.",
    "other": "ارتفعت أسعار النفط في الأسواق العالمية اليوم.",
}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path) -> Iterator[Store]:
    gen = db_url(request.param, tmp_path)
    st = Store.open(next(gen))
    for i, (aid, text) in enumerate(DOCS.items()):
        a = Article.build(text, id=aid, source="رصد" if i % 2 else "شام", published=f"2019-08-1{i}")
        st.ingest(a, record(a), version=VERSION)
    yield st
    st.close()
    gen.close()


@pytest.mark.parametrize("query", ["الإرهابيين", "إرهابيين", "والإرهابيين", "الارهابيين", "الإرهـ.ابيين"])
def test_folding_and_clitics_find_every_spelling(store, query):
    items, total = store.search(query)
    assert {i["id"] for i in items} == {"obf", "bare", "clitic"}
    assert total == 3


def test_snippet_is_original_text_with_highlight(store):
    items, _ = store.search("الإرهابيين", source="شام")
    hit = next(i for i in items if i["id"] == "obf")
    start, end = hit["highlights"][0]
    assert hit["snippet"][start:end] == "الإرهـ.ابيين"


def test_all_words_must_match_and_filters_apply(store):
    assert store.search("إرهابيين دمشق")[1] == 1
    assert store.search("النفط")[0][0]["id"] == "other"
    assert store.search("الإرهابيين", date_from="2019-08-11", date_to="2019-08-11")[1] == 1
    assert store.search("غير موجودة أبدا")[1] == 0
    assert store.search("") == ([], 0)
    assert store.search("!!! ***") == ([], 0)
    assert store.list_articles("إرهابيين")[1] == 3


def test_a_frequent_word_ranks_its_newest_matches_and_pages_through_all(store, monkeypatch):
    """PostgreSQL ranks at most `RANKED` matches, the newest; older ones follow, newest first. On
    both databases the total is every match and the pages hold each match once."""
    from rasd.store import db

    for day, hits in enumerate([3, 1, 1, 2, 1, 1, 1], start=1):  # the newest (day 7) mentions it once
        a = Article.build(f"أفاد {day} شهود بسقوط قذائف. " + "القصف " * hits + "استمر في المدينة.", id=f"q{day}",
                          published=f"2020-01-0{day}")
        store.ingest(a, record(a), version=VERSION)
    ids = {f"q{d}" for d in range(1, 8)}
    monkeypatch.setattr(db, "RANKED", 3)
    pages = [store.search("القصف", limit=2, offset=o) for o in range(0, 8, 2)]
    assert all(total == 7 for _, total in pages)
    order = [i["id"] for items, _ in pages for i in items]
    assert sorted(order) == sorted(ids)  # each match once
    if store.dialect == "postgresql":
        assert order[3:] == ["q4", "q3", "q2", "q1"]  # past the three ranked: newest first
        assert set(order[:3]) == {"q5", "q6", "q7"}
    monkeypatch.setattr(db, "RANKED", 500)
    everything = [i["id"] for i in store.search("القصف", limit=10)[0]]
    assert sorted(everything) == sorted(ids) and everything[0] == "q1"  # ranked all: three mentions first


def test_cli_search_json(store, tmp_path):
    from typer.testing import CliRunner

    from rasd.cli import app

    url = str(store.engine.url.render_as_string(hide_password=False))
    result = CliRunner().invoke(app, ["search", "والإرهابيين", "--db", url, "--json"])
    assert result.exit_code == 0, result.output
    import json

    out = json.loads(result.stdout)
    assert out["total"] == 3 and {"id", "title", "snippet"} <= set(out["items"][0])


@pytest.mark.parametrize(
    ("word", "stem"), [("والإرهابيين", "ارهابيين"), ("بالمدينة", "مدينه"), ("للجيش", "جيش"), ("وزارة", "وزاره")]
)
def test_forms_strip_one_clitic(word, stem):
    assert stem in forms(word)


def test_short_stems_are_not_produced():
    assert forms("بان") == ("بان",)


def test_index_and_query_agree():
    assert set(query_terms("الإرهـ.ابيين")[0]) & set(index_text("إرهابيين").split())


def test_snippet_without_hit_is_the_start():
    text, marks = snippet("نص قصير", [("غائب",)])
    assert text == "نص قصير" and marks == []


def test_snippet_of_a_long_article_maps_a_late_obfuscated_hit(store):
    text = "كلام عادي في أول الخبر. " * 120 + "وفر الإرهـ.ابيين من المدينة. " + "كلام لاحق. " * 60
    a = Article.build(text, id="long")
    store.ingest(a, record(a), version=VERSION)
    hit = next(i for i in store.search("الإرهابيين")[0] if i["id"] == "long")
    start, end = hit["highlights"][0]
    assert hit["snippet"][start:end] == "الإرهـ.ابيين"
