"""Scale (#18): the names an actor filter can match, once each; and PostgreSQL's newest-first list.

- `name_keys`: every distinct name key of `entities.key`, `events.actor1_key` and `events.actor2_key`,
  kept complete by triggers (whoever writes the rows: the ORM, a review, a bulk copy). The actor
  filter of the article list matches a substring (`LIKE '%key%'`): it now scans these few thousand
  distinct keys, then reads the matching rows through the key indexes, instead of testing every
  entity of every article (230 ms of CPU at 30,000 articles). A key is never removed: one whose
  rows are gone matches nothing.
- incidents `(background, review_status, lat, lon, fatalities, actor_keys)`: the map's counts and
  grid cells, and the actor filter's substring test, read this index alone (every map query filters
  `background` and `review_status`), not the incidents' rows (their JSON makes the table ten
  times larger): 49 -> 10 ms of CPU for the whole map at 27,000 articles. PostgreSQL's index
  leaves `actor_keys` out: an incident of many reports may list more names than a B-tree entry
  holds (2.7 kB), and its sequential scans cost less.
- analyses `(pipeline_version)` and incidents `(n_reports, fatalities_disputed)`: the store's
  counts (on the home page, refreshed every 30 s) read these instead of every analysis record and
  incident row (90-160 -> 19 ms of CPU).
- PostgreSQL: `articles (published DESC NULLS LAST, pk DESC)`, the article list's order (its
  ascending index cannot be read backwards with NULLs last).

PostgreSQL's trigger adds a key that is new under a transaction-wide advisory lock, so two writers
adding the same new names in different orders queue instead of deadlocking.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_analyses_pipeline_version": ("analyses", ["pipeline_version"]),
    "ix_incidents_reports": ("incidents", ["n_reports", "fatalities_disputed"]),
}
MAP_COLUMNS = ["background", "review_status", "lat", "lon", "fatalities", "actor_keys"]
KEY_LOCK = 7352  # pg_advisory_xact_lock id of new name keys (7351 is the migrator's)
FILL = ("INSERT INTO name_keys (key) SELECT key FROM entities WHERE key IS NOT NULL "
        "UNION SELECT actor1_key FROM events WHERE actor1_key IS NOT NULL "
        "UNION SELECT actor2_key FROM events WHERE actor2_key IS NOT NULL")
SQLITE_TRIGGERS = {
    "name_keys_entities_ai": "AFTER INSERT ON entities",
    "name_keys_entities_au": "AFTER UPDATE OF key ON entities",
    "name_keys_events_ai": "AFTER INSERT ON events",
    "name_keys_events_au": "AFTER UPDATE OF actor1_key, actor2_key ON events",
}
PG_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION rasd_name_key(k text) RETURNS void LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF k IS NOT NULL AND NOT EXISTS (SELECT 1 FROM name_keys WHERE key = k) THEN
    PERFORM pg_advisory_xact_lock({KEY_LOCK});
    INSERT INTO name_keys (key) VALUES (k) ON CONFLICT DO NOTHING;
  END IF;
END $$;
CREATE OR REPLACE FUNCTION rasd_name_keys() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_TABLE_NAME = 'entities' THEN
    PERFORM rasd_name_key(NEW.key);
  ELSE
    PERFORM rasd_name_key(NEW.actor1_key);
    PERFORM rasd_name_key(NEW.actor2_key);
  END IF;
  RETURN NULL;
END $$;
"""


def upgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    op.create_index("ix_incidents_map", "incidents", MAP_COLUMNS[:-1] if pg else MAP_COLUMNS, if_not_exists=True)
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns, if_not_exists=True)
    op.create_table("name_keys", sa.Column("key", sa.String(300), primary_key=True))
    op.execute(FILL)
    if pg:
        op.execute(PG_FUNCTIONS)
        op.execute("CREATE TRIGGER name_keys_entities AFTER INSERT OR UPDATE OF key ON entities "
                   "FOR EACH ROW EXECUTE FUNCTION rasd_name_keys()")
        op.execute("CREATE TRIGGER name_keys_events AFTER INSERT OR UPDATE OF actor1_key, actor2_key ON events "
                   "FOR EACH ROW EXECUTE FUNCTION rasd_name_keys()")
        op.execute("CREATE INDEX IF NOT EXISTS ix_articles_published_desc ON articles "
                   "(published DESC NULLS LAST, pk DESC)")
        return
    for name, when in SQLITE_TRIGGERS.items():
        keys = ("new.key",) if "entities" in when else ("new.actor1_key", "new.actor2_key")
        inserts = " ".join(f"INSERT OR IGNORE INTO name_keys (key) SELECT {k} WHERE {k} IS NOT NULL;" for k in keys)
        op.execute(f"CREATE TRIGGER {name} {when} BEGIN {inserts} END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_articles_published_desc")
        op.execute("DROP TRIGGER IF EXISTS name_keys_entities ON entities")
        op.execute("DROP TRIGGER IF EXISTS name_keys_events ON events")
        op.execute("DROP FUNCTION IF EXISTS rasd_name_keys()")
        op.execute("DROP FUNCTION IF EXISTS rasd_name_key(text)")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("name_keys")
    for name, (table, _columns) in {**INDEXES, "ix_incidents_map": ("incidents", [])}.items():
        op.drop_index(name, table_name=table, if_exists=True)
