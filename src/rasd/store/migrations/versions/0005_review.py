"""Review: accounts and sessions, event and quote reviews, the change history, and the review
columns of events (`review_status`, `review_key`, `machine`) and incidents (`review_status`). See
`rasd.store.review`.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "user_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_pk", sa.Integer(), nullable=False),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_pk"], ["users.pk"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index(op.f("ix_user_sessions_user_pk"), "user_sessions", ["user_pk"], unique=False)
    op.create_table(
        "event_reviews",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.String(length=300), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("event_id", sa.String(length=20), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reviewed", sa.JSON(), nullable=False),
        sa.Column("machine", sa.JSON(), nullable=False),
        sa.Column("current", sa.JSON(), nullable=True),
        sa.Column("row", sa.JSON(), nullable=True),
        sa.Column("flags", sa.JSON(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=300), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("reviewer", sa.String(length=100), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("article_id", "key", name="uq_event_reviews_article_key"),
    )
    op.create_index(op.f("ix_event_reviews_article_id"), "event_reviews", ["article_id"], unique=False)
    op.create_index(op.f("ix_event_reviews_status"), "event_reviews", ["status"], unique=False)
    op.create_table(
        "quote_reviews",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.String(length=300), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("reviewer", sa.String(length=100), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("article_id", "start", "end", name="uq_quote_reviews_article_span"),
    )
    op.create_index(op.f("ix_quote_reviews_article_id"), "quote_reviews", ["article_id"], unique=False)
    op.create_table(
        "review_changes",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("article_id", sa.String(length=300), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user", sa.String(length=100), nullable=False),
        sa.Column("field", sa.String(length=50), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("pk"),
    )
    op.create_index(op.f("ix_review_changes_article_id"), "review_changes", ["article_id"], unique=False)
    op.create_index(op.f("ix_review_changes_at"), "review_changes", ["at"], unique=False)
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("review_status", sa.String(length=10), nullable=False,
                                      server_default="unreviewed"))
        batch_op.add_column(sa.Column("review_key", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("machine", sa.JSON(), nullable=True))
        batch_op.create_index(batch_op.f("ix_events_review_status"), ["review_status"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_review_key"), ["review_key"], unique=False)
    with op.batch_alter_table("incidents", schema=None) as batch_op:  # rows.combined_review_status
        batch_op.add_column(sa.Column("review_status", sa.String(length=10), nullable=False,
                                      server_default="unreviewed"))
        batch_op.create_index(batch_op.f("ix_incidents_review_status"), ["review_status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incidents_review_status"))
        batch_op.drop_column("review_status")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_review_key"))
        batch_op.drop_index(batch_op.f("ix_events_review_status"))
        for name in ("machine", "review_key", "review_status"):
            batch_op.drop_column(name)
    for table in ("review_changes", "quote_reviews", "event_reviews", "user_sessions", "users"):
        op.drop_table(table)
