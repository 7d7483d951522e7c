"""Initial schema: articles, analyses, extracted items, merged events, fetch state, search index.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fetch_state",
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("etag", sa.String(length=500), nullable=True),
        sa.Column("last_modified", sa.String(length=100), nullable=True),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("fetched_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("url"),
    )
    op.create_table(
        "merged_events",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(length=100), nullable=True),
        sa.Column("sub_event_type", sa.String(length=100), nullable=True),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("actor1", sa.Text(), nullable=True),
        sa.Column("actor2", sa.Text(), nullable=True),
        sa.Column("location", sa.String(length=300), nullable=True),
        sa.Column("admin1", sa.String(length=200), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("fatalities", sa.Integer(), nullable=True),
        sa.Column("fatalities_max", sa.Integer(), nullable=True),
        sa.Column("disagreement", sa.Boolean(), nullable=False),
        sa.Column("n_articles", sa.Integer(), nullable=False),
        sa.Column("n_sources", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("pk"),
    )
    with op.batch_alter_table("merged_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_merged_events_date"), ["date"], unique=False)
        batch_op.create_index(batch_op.f("ix_merged_events_event_type"), ["event_type"], unique=False)

    op.create_table(
        "sources",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "articles",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=300), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("source_pk", sa.Integer(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("canonical", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("meta", sa.JSON(), nullable=False),
        sa.Column("minhash", sa.LargeBinary(), nullable=True),
        sa.Column("dup_group", sa.Integer(), nullable=True),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_pk"],
            ["sources.pk"],
        ),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("id"),
    )
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_articles_content_hash"), ["content_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_articles_dup_group"), ["dup_group"], unique=False)
        batch_op.create_index(batch_op.f("ix_articles_published"), ["published"], unique=False)
        batch_op.create_index(batch_op.f("ix_articles_source_pk"), ["source_pk"], unique=False)
        batch_op.create_index(batch_op.f("ix_articles_url"), ["url"], unique=False)

    op.create_table(
        "analyses",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("article_pk", sa.Integer(), nullable=False),
        sa.Column("pipeline_version", sa.String(length=50), nullable=False),
        sa.Column("record_hash", sa.String(length=64), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["article_pk"], ["articles.pk"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("article_pk"),
    )
    op.create_table(
        "entities",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("article_pk", sa.Integer(), nullable=False),
        sa.Column("eid", sa.String(length=20), nullable=True),
        sa.Column("label", sa.String(length=10), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("canonical", sa.Text(), nullable=True),
        sa.Column("key", sa.String(length=300), nullable=True),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["article_pk"], ["articles.pk"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pk"),
    )
    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entities_article_pk"), ["article_pk"], unique=False)
        batch_op.create_index(batch_op.f("ix_entities_key"), ["key"], unique=False)
        batch_op.create_index(batch_op.f("ix_entities_label"), ["label"], unique=False)

    op.create_table(
        "events",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("article_pk", sa.Integer(), nullable=False),
        sa.Column("vid", sa.String(length=20), nullable=True),
        sa.Column("event_type", sa.String(length=100), nullable=True),
        sa.Column("sub_event_type", sa.String(length=100), nullable=True),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("actor1", sa.Text(), nullable=True),
        sa.Column("actor2", sa.Text(), nullable=True),
        sa.Column("actor1_key", sa.String(length=300), nullable=True),
        sa.Column("actor2_key", sa.String(length=300), nullable=True),
        sa.Column("location", sa.String(length=300), nullable=True),
        sa.Column("geonameid", sa.Integer(), nullable=True),
        sa.Column("admin1", sa.String(length=200), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("fatalities", sa.Integer(), nullable=True),
        sa.Column("injured", sa.Integer(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("merged_pk", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["article_pk"], ["articles.pk"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pk"),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_actor1_key"), ["actor1_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_actor2_key"), ["actor2_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_admin1"), ["admin1"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_article_pk"), ["article_pk"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_date"), ["date"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_event_type"), ["event_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_merged_pk"), ["merged_pk"], unique=False)

    op.create_table(
        "places",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("article_pk", sa.Integer(), nullable=False),
        sa.Column("pid", sa.String(length=20), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("key", sa.String(length=300), nullable=True),
        sa.Column("geonameid", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=True),
        sa.Column("name_ar", sa.String(length=300), nullable=True),
        sa.Column("country", sa.String(length=10), nullable=True),
        sa.Column("admin1", sa.String(length=200), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["article_pk"], ["articles.pk"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pk"),
    )
    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_places_admin1"), ["admin1"], unique=False)
        batch_op.create_index(batch_op.f("ix_places_article_pk"), ["article_pk"], unique=False)
        batch_op.create_index(batch_op.f("ix_places_geonameid"), ["geonameid"], unique=False)
        batch_op.create_index(batch_op.f("ix_places_key"), ["key"], unique=False)

    op.create_table(
        "quotes",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("article_pk", sa.Integer(), nullable=False),
        sa.Column("qid", sa.String(length=20), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=True),
        sa.Column("stance", sa.String(length=20), nullable=True),
        sa.Column("speaker", sa.Text(), nullable=True),
        sa.Column("speaker_key", sa.String(length=300), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["article_pk"], ["articles.pk"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pk"),
    )
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quotes_article_pk"), ["article_pk"], unique=False)
        batch_op.create_index(batch_op.f("ix_quotes_speaker_key"), ["speaker_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_quotes_stance"), ["stance"], unique=False)

    op.create_table(
        "event_reports",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("merged_pk", sa.Integer(), nullable=False),
        sa.Column("event_pk", sa.Integer(), nullable=False),
        sa.Column("article_pk", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=True),
        sa.Column("fatalities", sa.Integer(), nullable=True),
        sa.Column("injured", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["article_pk"], ["articles.pk"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["event_pk"], ["events.pk"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["merged_pk"], ["merged_events.pk"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pk"),
    )
    with op.batch_alter_table("event_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_reports_article_pk"), ["article_pk"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_reports_event_pk"), ["event_pk"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_reports_merged_pk"), ["merged_pk"], unique=False)
    _search_index_up()


def downgrade() -> None:
    _search_index_down()
    with op.batch_alter_table("event_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_reports_merged_pk"))
        batch_op.drop_index(batch_op.f("ix_event_reports_event_pk"))
        batch_op.drop_index(batch_op.f("ix_event_reports_article_pk"))

    op.drop_table("event_reports")
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quotes_stance"))
        batch_op.drop_index(batch_op.f("ix_quotes_speaker_key"))
        batch_op.drop_index(batch_op.f("ix_quotes_article_pk"))

    op.drop_table("quotes")
    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_places_key"))
        batch_op.drop_index(batch_op.f("ix_places_geonameid"))
        batch_op.drop_index(batch_op.f("ix_places_article_pk"))
        batch_op.drop_index(batch_op.f("ix_places_admin1"))

    op.drop_table("places")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_merged_pk"))
        batch_op.drop_index(batch_op.f("ix_events_event_type"))
        batch_op.drop_index(batch_op.f("ix_events_date"))
        batch_op.drop_index(batch_op.f("ix_events_article_pk"))
        batch_op.drop_index(batch_op.f("ix_events_admin1"))
        batch_op.drop_index(batch_op.f("ix_events_actor2_key"))
        batch_op.drop_index(batch_op.f("ix_events_actor1_key"))

    op.drop_table("events")
    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entities_label"))
        batch_op.drop_index(batch_op.f("ix_entities_key"))
        batch_op.drop_index(batch_op.f("ix_entities_article_pk"))

    op.drop_table("entities")
    op.drop_table("analyses")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_articles_url"))
        batch_op.drop_index(batch_op.f("ix_articles_source_pk"))
        batch_op.drop_index(batch_op.f("ix_articles_published"))
        batch_op.drop_index(batch_op.f("ix_articles_dup_group"))
        batch_op.drop_index(batch_op.f("ix_articles_content_hash"))

    op.drop_table("articles")
    op.drop_table("sources")
    with op.batch_alter_table("merged_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_merged_events_event_type"))
        batch_op.drop_index(batch_op.f("ix_merged_events_date"))

    op.drop_table("merged_events")
    op.drop_table("fetch_state")


def _search_index_up() -> None:
    """SQLite: an FTS5 index kept in step with `articles.search_text` by triggers.
    PostgreSQL: a GIN index over the `simple` text-search vector of the same column."""
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE articles_fts USING fts5("
            "search_text, content='articles', content_rowid='pk', tokenize='unicode61')"
        )
        op.execute(
            "CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN "
            "INSERT INTO articles_fts(rowid, search_text) VALUES (new.pk, new.search_text); END"
        )
        op.execute(
            "CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN "
            "INSERT INTO articles_fts(articles_fts, rowid, search_text) VALUES ('delete', old.pk, old.search_text); END"
        )
        op.execute(
            "CREATE TRIGGER articles_fts_au AFTER UPDATE OF search_text ON articles BEGIN "
            "INSERT INTO articles_fts(articles_fts, rowid, search_text) VALUES ('delete', old.pk, old.search_text); "
            "INSERT INTO articles_fts(rowid, search_text) VALUES (new.pk, new.search_text); END"
        )
    elif bind.dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_articles_search_tsv ON articles USING gin (to_tsvector('simple'::regconfig, search_text))"
        )


def _search_index_down() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for trigger in ("articles_fts_ai", "articles_fts_ad", "articles_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS articles_fts")
    elif bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_articles_search_tsv")
