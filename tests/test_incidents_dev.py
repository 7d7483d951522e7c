"""Incidents from real articles: the dev split of the news sample, analysed by rasd, on real SQLite
and PostgreSQL. The Suruç suicide bombing of 2015-07-20 (reported by most papers of the sample) is
one row listing every outlet; the same articles stored in two orders give the same incidents."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from rasd.ingest.files import article_from_dict
from rasd.store import Store
from tests.conftest import shared_path
from tests.store_support import db_url

SURUC = ("سوروتش", "سروج", "سوروج")  # the town as the papers spell it


@pytest.fixture(scope="module")
def suruc_records(pipeline) -> list[tuple[Any, dict]]:
    """The dev articles that name Suruç (the heldout split is never read), analysed."""
    path = shared_path("data", "news", "saudinewsnet_syria_sample.jsonl")
    articles = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            if obj["split"] == "dev" and any(w in obj["text"] for w in SURUC):
                articles.append(article_from_dict(obj))
    assert len(articles) >= 20
    return [(a, pipeline.analyze(a)) for a in articles]


def _stores(kind: str, tmp_path, n: int) -> Iterator[list[Store]]:
    gens = [db_url(kind, tmp_path / str(i)) for i in range(n)]
    for i in range(n):
        (tmp_path / str(i)).mkdir()
    stores = [Store.open(next(g)) for g in gens]
    yield stores
    for st, g in zip(stores, gens, strict=True):
        st.close()
        g.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def two_stores(request, tmp_path) -> Iterator[list[Store]]:
    yield from _stores(request.param, tmp_path, 2)


def test_suruc_bombing_is_one_row_listing_all_its_sources(two_stores, suruc_records):
    store = two_stores[0]
    for article, record in suruc_records:
        store.ingest(article, record)
    day = {"date_from": "2015-07-20", "date_to": "2015-07-20", "country": "TR"}
    reports = [r for r in store.events(limit=None, unit="report", **day)[0] if r["location"] == "Suruç"]
    incidents = [r for r in store.events(limit=None, **day)[0] if r["location"] == "Suruç"]
    assert len(reports) >= 12
    assert len(incidents) == 1
    (row,) = incidents
    outlets = sorted({r["source"] for r in reports})
    assert len(outlets) >= 8
    assert row["source"] == "; ".join(outlets) and row["source_count"] == len(outlets)
    assert row["reports"] == len(reports) and {r["incident_id"] for r in reports} == {row["event_id_cnty"]}
    assert row["sub_event_type"] == "Suicide bomb" and row["actor1"] == "Islamic State"
    assert row["fatalities_known"] and row["fatalities_disputed"] and row["fatalities"] == 32
    assert row["first_reported"] == "2015-07-21"


def _snapshot(store: Store) -> list[tuple]:
    """Every incident: its id, its reports (article/event) and its row (the store time aside)."""
    members: dict[str, list[str]] = {}
    for r in store.events(limit=None, background=True, unit="report")[0]:
        members.setdefault(r["incident_id"], []).append(f"{r['article_id']}/{r['event_id']}")
    rows, _ = store.events(limit=None, background=True)
    return sorted((r["event_id_cnty"], tuple(sorted(members[r["event_id_cnty"]])),
                   json.dumps({k: v for k, v in r.items() if k != "timestamp"}, sort_keys=True, ensure_ascii=False))
                  for r in rows)


def test_two_ingest_orders_give_the_same_incidents(two_stores, suruc_records):
    forward, backward = two_stores
    for article, record in suruc_records:
        forward.ingest(article, record)
    for article, record in reversed(suruc_records):
        backward.ingest(article, record)
    first = _snapshot(forward)
    assert len(first) < forward.stats()["events"]  # something was fused
    assert _snapshot(backward) == first
