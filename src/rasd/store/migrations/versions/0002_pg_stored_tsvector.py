"""PostgreSQL: a stored tsvector column for search (no per-row to_tsvector at query time).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_articles_search_tsv")
    op.execute(
        "ALTER TABLE articles ADD COLUMN search_tsv tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED"
    )
    op.execute("CREATE INDEX ix_articles_search_tsv ON articles USING gin (search_tsv)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_articles_search_tsv")
    op.execute("ALTER TABLE articles DROP COLUMN IF EXISTS search_tsv")
    op.execute(
        "CREATE INDEX ix_articles_search_tsv ON articles USING gin (to_tsvector('simple'::regconfig, search_text))"
    )
