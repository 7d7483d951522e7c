"""Event rows and pipeline fingerprints.

events: the typed row (`rasd.rows.EventRow`, as JSON) and the columns the event filters use
(`country_code`, `background`, `actor_keys`), and `stored_at` (when the event was first stored: the
ACLED `timestamp`, stable across exports). analyses: the pipeline `fingerprint` (package version,
model, lexicon and gazetteer hashes) that made the record, to find stale analyses.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("country_code", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("background", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("actor_keys", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("stored_at", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("row", sa.JSON(), nullable=True))
        batch_op.create_index(batch_op.f("ix_events_country_code"), ["country_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_sub_event_type"), ["sub_event_type"], unique=False)
    with op.batch_alter_table("analyses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("fingerprint", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_analyses_fingerprint"), ["fingerprint"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("analyses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_analyses_fingerprint"))
        batch_op.drop_column("fingerprint")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_sub_event_type"))
        batch_op.drop_index(batch_op.f("ix_events_country_code"))
        for name in ("row", "stored_at", "actor_keys", "background", "country_code"):
            batch_op.drop_column(name)
