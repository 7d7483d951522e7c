"""NUL characters (valid JSON, refused by PostgreSQL) are replaced on input, on every store."""

from __future__ import annotations

import pytest

from rasd.ingest.files import article_from_json_line
from rasd.store import Store
from tests.store_support import db_url

LINE = ('{"id": "nul-1", "title": "عنوان\\u0000", "source": "م\\u0000صدر", '
        '"text": "اعتقلت الشرطة\\u0000 ثلاثة أشخاص في عدن اليوم.", "published": "2015-07-20"}').encode()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_nul_in_a_json_line_is_replaced_and_stored(kind, tmp_path, pipeline):
    article = article_from_json_line(LINE, where="in.jsonl:1")
    assert "\x00" not in article.text + (article.title or "") + (article.source or "")
    assert article.text == "عنوان\ufffd\n\nاعتقلت الشرطة\ufffd ثلاثة أشخاص في عدن اليوم."  # one for one
    record = pipeline.analyze(article)
    assert "NUL characters replaced by U+FFFD" in record["warnings"]
    database = db_url(kind, tmp_path)  # a generator: its schema lives until it is closed
    store = Store.open(next(database))
    try:
        store.ingest(article, record)
        assert store.stats()["articles"] == 1
    finally:
        store.close()
        database.close()
