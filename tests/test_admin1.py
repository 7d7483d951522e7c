"""Every located place and event has its admin1, country and ISO code, in any country: where the
gazetteer gives no admin1 (a GeoNames city outside `lexicon/admin1.tsv`'s countries) it is the
admin1 of the country's nearest GeoNames city."""

from __future__ import annotations

import json

import pytest

import rasd
from rasd import admin
from rasd.errors import RasdError
from rasd.geo.index import gazetteer
from rasd.rows import event_rows, place_rows
from tests.conftest import shared_path


def test_admin1_at_names_the_division_of_a_point():
    assert admin.admin1_at("PK", 34.008, 71.578) == "Khyber Pakhtunkhwa"  # Peshawar
    assert admin.admin1_at("TG", 6.129, 1.222) == "Maritime"  # Lomé
    assert admin.admin1_at("US", 40.71, -74.0) == "New York"
    assert admin.admin1_at("TN", 36.8, 10.18) == "Tunis Governorate"
    assert admin.admin1_at("SY", 35.93, 36.63) == "Idlib"  # spelled as lexicon/admin1.tsv spells it
    assert admin.admin1_at("SG", 1.29, 103.85) == "Singapore"  # no divisions: the territory itself
    assert admin.admin1_at(None, 1.0, 1.0) is None and admin.admin1_at("SY", None, 36.0) is None
    assert admin.admin1_at("SY", float("nan"), 36.0) is None


def test_every_gazetteer_place_with_a_point_has_an_admin1():
    places = [{"id": f"p{p.pid}", "lat": p.lat, "lon": p.lon, "country": p.country, "admin1": p.admin1,
               "feature": p.feature} for p in gazetteer().places
              if p.lat is not None and not p.feature.startswith("PCL")]
    assert len(places) > 80_000
    rows = place_rows({"doc": {"id": "gaz"}, "places": places})
    missing = [(r.id, r.country) for r in rows if not r.admin1]
    assert missing == []


@pytest.mark.slow
def test_located_events_of_the_news_sample_have_admin1_country_and_iso():
    lines = shared_path("data", "news", "saudinewsnet_syria_sample.jsonl").read_text(encoding="utf-8").splitlines()
    items = [json.loads(line) for line in lines if line.strip()]
    items = [{"text": i["text"], "title": i.get("title"), "id": i.get("id"), "source": i.get("source"),
              "published": (i.get("date") or "")[:10] or None} for i in items if i.get("split") != "heldout"]
    assert len(items) == 278
    located, missing = 0, []
    for record in rasd.analyze_many(items):
        assert not isinstance(record, RasdError), record
        for row in event_rows(record):
            if row.latitude is None:
                continue
            located += 1
            if not (row.admin1 and row.country and row.iso and row.region):
                missing.append((row.article_id, row.event_id, row.location, row.country_code, row.admin1))
    assert located > 500 and missing == []
