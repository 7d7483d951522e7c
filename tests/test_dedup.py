"""De-duplication: near-duplicate articles (SQLite and PostgreSQL); incidents: tests/test_incidents*.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rasd.article import Article
from rasd.store import Store
from rasd.store.dedup import signature
from tests.store_support import VERSION, db_url, record

AGENCY = (
    "قتل خمسة مدنيين وأصيب تسعة آخرون اليوم الثلاثاء جراء غارات جوية شنتها طائرات حربية على بلدة كفرنبل "
    "في ريف إدلب الجنوبي بحسب ما أفاد المرصد السوري لحقوق الإنسان الذي قال إن الغارات استهدفت سوقا شعبيا "
    "وسط البلدة وإن فرق الدفاع المدني عملت على انتشال الضحايا من تحت الأنقاض ونقل المصابين إلى المشافي"
)


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


def test_signature_of_empty_text():
    assert signature("") is None
    assert len(signature("كلمة")) == 64 * 8
