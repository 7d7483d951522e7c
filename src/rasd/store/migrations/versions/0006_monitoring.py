"""Monitoring: watched sources and their items, saved searches, alerts and webhook deliveries (#20).

watch_sources / watch_items: `rasd.store.sources` (the poller's durable state: a feed item is
pending until its article is stored). saved_searches / alerts / alert_deliveries /
alert_delivery_attempts: `rasd.store.alerts` (an alert is unique by search and `alert_key`).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "watch_sources",
        sa.Column("pk", sa.Integer(), primary_key=True),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("url_hash", sa.String(40), nullable=False, unique=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("name", sa.String(300)),
        sa.Column("interval_s", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(10)),
        sa.Column("country", sa.String(10)),
        sa.Column("enabled", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("etag", sa.String(500)),
        sa.Column("last_modified", sa.String(100)),
        sa.Column("next_due", sa.DateTime(), nullable=False),
        sa.Column("last_polled", sa.DateTime()),
        sa.Column("last_success", sa.DateTime()),
        sa.Column("last_error", sa.Text()),
        sa.Column("last_error_at", sa.DateTime()),
        sa.Column("error_streak", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("items_seen", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_watch_sources_next_due", "watch_sources", ["next_due"])
    op.create_table(
        "watch_items",
        sa.Column("pk", sa.Integer(), primary_key=True),
        sa.Column("source_pk", sa.Integer(), sa.ForeignKey("watch_sources.pk", ondelete="CASCADE"), nullable=False),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("url_hash", sa.String(40), nullable=False, unique=True),
        sa.Column("title", sa.Text()),
        sa.Column("published", sa.String(40)),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("error", sa.Text()),
        sa.Column("article_id", sa.String(300)),
        sa.Column("first_seen", sa.DateTime(), nullable=False),
        sa.Column("stored_at", sa.DateTime()),
    )
    op.create_index("ix_watch_items_source_pk", "watch_items", ["source_pk"])
    op.create_index("ix_watch_items_state", "watch_items", ["state"])
    op.create_table(
        "saved_searches",
        sa.Column("pk", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("query", sa.Text()),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("min_fatalities", sa.Integer()),
        sa.Column("webhook_url", sa.String(2000)),
        sa.Column("secret", sa.String(128)),
        sa.Column("enabled", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("since", sa.Integer(), nullable=False),
        sa.Column("watermark", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "alerts",
        sa.Column("pk", sa.Integer(), primary_key=True),
        sa.Column("search_pk", sa.Integer(), sa.ForeignKey("saved_searches.pk", ondelete="CASCADE"), nullable=False),
        sa.Column("key", sa.String(400), nullable=False),
        sa.Column("report", sa.String(400)),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("merged_into", sa.String(400)),
        sa.Column("article_id", sa.String(300)),
        sa.Column("event", sa.JSON(), nullable=False),
        sa.Column("event_stored_at", sa.Integer()),
        sa.Column("fired_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("search_pk", "key", name="uq_alerts_search_key"),
    )
    op.create_index("ix_alerts_search_pk", "alerts", ["search_pk"])
    op.create_index("ix_alerts_fired_at", "alerts", ["fired_at"])
    op.create_index("ix_alerts_report", "alerts", ["report"])
    op.create_table(
        "alert_deliveries",
        sa.Column("pk", sa.Integer(), primary_key=True),
        sa.Column("alert_pk", sa.Integer(), sa.ForeignKey("alerts.pk", ondelete="CASCADE"), nullable=False,
                  unique=True),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt", sa.DateTime(), nullable=False),
        sa.Column("last_status", sa.Integer()),
        sa.Column("last_error", sa.Text()),
        sa.Column("sent_at", sa.DateTime()),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_alert_deliveries_state", "alert_deliveries", ["state"])
    op.create_index("ix_alert_deliveries_next_attempt", "alert_deliveries", ["next_attempt"])
    op.create_table(
        "alert_delivery_attempts",
        sa.Column("pk", sa.Integer(), primary_key=True),
        sa.Column("delivery_pk", sa.Integer(), sa.ForeignKey("alert_deliveries.pk", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.Integer()),
        sa.Column("error", sa.Text()),
        sa.Column("ms", sa.Integer()),
    )
    op.create_index("ix_alert_delivery_attempts_delivery_pk", "alert_delivery_attempts", ["delivery_pk"])
    # "What's new": events are listed by when they were first stored.
    op.create_index("ix_events_stored_at", "events", ["stored_at"])


def downgrade() -> None:
    op.drop_index("ix_events_stored_at", table_name="events")
    for name in ("alert_delivery_attempts", "alert_deliveries", "alerts", "saved_searches", "watch_items",
                 "watch_sources"):
        op.drop_table(name)
