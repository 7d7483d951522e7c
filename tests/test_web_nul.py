"""A NUL in a query or a posted text answers the same on PostgreSQL as on SQLite: never a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from rasd.web import create_app
from tests.store_support import db_url

PATHS = ["/api/articles?q=%D8%A5%D8%AF%D9%84%D8%A8%00", "/api/events?actor=a%00b", "/api/events?admin1=%00",
         "/api/quotes?speaker=%00", "/api/export?format=geojson&source=x%00", "/?q=%00", "/events?actor=%00"]


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_nul_is_refused_or_replaced_never_a_500(kind, tmp_path):
    database = db_url(kind, tmp_path)
    try:
        with TestClient(create_app(next(database), token="t0ken")) as c:
            for path in PATHS:
                r = c.get(path)
                assert r.status_code == 422 and "NUL" in r.text, path
            posted = c.post("/api/articles", headers={"Authorization": "Bearer t0ken"},
                            json={"text": "تظاهر مئات\u0000 في بيروت اليوم.", "title": "عنوان\u0000",
                                  "source": "م\u0000", "published": "2015-07-20"})
            assert posted.status_code == 201, posted.text
            stored = c.get(f"/api/articles/{posted.json()['id']}").json()
            assert "\x00" not in stored["text"] and "NUL characters replaced by U+FFFD" in stored["warnings"]
    finally:
        database.close()
