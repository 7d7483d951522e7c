"""The PostgreSQL path never skips: without a server the tests start a throwaway one, and it works."""

from __future__ import annotations

import sqlalchemy as sa

from tests.store_support import _throwaway_server


def test_a_throwaway_postgresql_starts_and_answers():
    url = _throwaway_server()
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE t (x text)"))
        conn.execute(sa.text("INSERT INTO t VALUES ('إدلب')"))
        assert conn.execute(sa.text("SELECT x FROM t")).scalar() == "إدلب"
    engine.dispose()
