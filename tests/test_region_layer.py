"""The map's base layer is committed gzipped and served as is to browsers, unpacked to the rest."""
from __future__ import annotations

import gzip
import json

from fastapi.testclient import TestClient

from rasd.web.app import create_app
from rasd.web.config import STATIC


def _features(body: bytes) -> list[dict]:
    collection = json.loads(body)
    assert collection["type"] == "FeatureCollection"
    return collection["features"]


def test_region_layer_is_sent_gzipped_to_a_browser_and_unpacked_otherwise(tmp_path):
    packed = (STATIC / "region.geojson.gz").read_bytes()
    with TestClient(create_app(f"sqlite:///{tmp_path / 'r.db'}")) as client:
        browser = client.get("/static/region.geojson", headers={"Accept-Encoding": "gzip, deflate, br"})
        assert browser.status_code == 200
        assert browser.headers["content-encoding"] == "gzip"
        assert browser.headers["content-type"].startswith("application/geo+json")
        plain = client.get("/static/region.geojson", headers={"Accept-Encoding": "identity"})
        assert plain.status_code == 200 and "content-encoding" not in plain.headers
    assert plain.content == gzip.decompress(packed)
    assert browser.content == plain.content  # the test client unpacks what the browser gets
    kinds = {(f["properties"]["kind"], f["geometry"]["type"]) for f in _features(plain.content)}
    assert any(geometry in ("Polygon", "MultiPolygon") for _, geometry in kinds)
    assert browser.headers["vary"] == "Accept-Encoding"
