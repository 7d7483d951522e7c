"""Incidents: the events several reports describe, fused into one row each (#22).

incidents (the fused row and the columns filters use), incident_reports (which stored event,
article and outlet reports an incident), incident_pins (reviewers' merge/split decisions, by the
report's stable key) and incident_overrides (their log). The earlier merged_events and
event_reports tables, and events.merged_pk, are replaced by them and dropped; `Store.open` fuses
the stored events once after this upgrade (`rasd.store.incidents.fill`).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("eid", sa.String(length=400), nullable=False),
        sa.Column("block", sa.String(length=400), nullable=False),
        sa.Column("event_type", sa.String(length=100), nullable=True),
        sa.Column("sub_event_type", sa.String(length=100), nullable=True),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("country_code", sa.String(length=10), nullable=True),
        sa.Column("admin1", sa.String(length=200), nullable=True),
        sa.Column("background", sa.Boolean(), nullable=False),
        sa.Column("actor_keys", sa.Text(), nullable=True),
        sa.Column("actor1", sa.Text(), nullable=True),
        sa.Column("actor2", sa.Text(), nullable=True),
        sa.Column("location", sa.String(length=300), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("fatalities", sa.Integer(), nullable=True),
        sa.Column("n_reports", sa.Integer(), nullable=False),
        sa.Column("fatalities_disputed", sa.Boolean(), nullable=False),
        sa.Column("row", sa.JSON(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("eid"),
    )
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        for name in ("block", "event_type", "sub_event_type", "date", "country_code", "admin1"):
            batch_op.create_index(batch_op.f(f"ix_incidents_{name}"), [name], unique=False)
    op.create_table(
        "incident_reports",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("incident_pk", sa.Integer(), nullable=False),
        sa.Column("event_pk", sa.Integer(), nullable=False),
        sa.Column("article_pk", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=True),
        sa.Column("report", sa.String(length=400), nullable=False),
        sa.ForeignKeyConstraint(["incident_pk"], ["incidents.pk"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["event_pk"], ["events.pk"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["article_pk"], ["articles.pk"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("event_pk"),
    )
    with op.batch_alter_table("incident_reports", schema=None) as batch_op:
        for name in ("incident_pk", "article_pk", "source", "report"):
            batch_op.create_index(batch_op.f(f"ix_incident_reports_{name}"), [name], unique=False)
    op.create_table(
        "incident_pins",
        sa.Column("report", sa.String(length=400), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("by", sa.String(length=200), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("report"),
    )
    with op.batch_alter_table("incident_pins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_pins_label"), ["label"], unique=False)
    op.create_table(
        "incident_overrides",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("reports", sa.JSON(), nullable=False),
        sa.Column("by", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("pk"),
    )
    op.drop_table("event_reports")
    op.drop_table("merged_events")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_merged_pk"))
        batch_op.drop_column("merged_pk")


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("merged_pk", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_events_merged_pk"), ["merged_pk"], unique=False)
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
    op.drop_table("incident_overrides")
    op.drop_table("incident_pins")
    op.drop_table("incident_reports")
    op.drop_table("incidents")
