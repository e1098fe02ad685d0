"""core: the event outbox and its per-handler deliveries

Revision ID: core_0004
Revises: core_0003
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "core_0004"
down_revision = "core_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_outbox",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("platform_id", sa.Integer, nullable=False),
        sa.Column("vendor_id", sa.Integer),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("dispatched_at", sa.DateTime(timezone=True)),
    )
    op.create_index(
        "ix_event_outbox_undispatched", "event_outbox", ["dispatched_at", "occurred_at"]
    )
    op.create_table(
        "event_deliveries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "event_id",
            sa.String(36),
            sa.ForeignKey(
                "event_outbox.id",
                name="fk_event_deliveries_event_id_event_outbox",
                ondelete="CASCADE",
            ),
            nullable=False,
        ),
        sa.Column("module", sa.String(100), nullable=False),
        sa.Column("handler", sa.String(100), nullable=False),
        sa.Column("status", sa.String(20), nullable=False, server_default="pending"),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.String(300), nullable=False, server_default=""),
        sa.Column("delivered_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("event_id", "module", "handler", name="uq_event_deliveries_target"),
    )
    op.create_index("ix_event_deliveries_due", "event_deliveries", ["status", "next_attempt_at"])


def downgrade() -> None:
    op.drop_index("ix_event_deliveries_due", "event_deliveries")
    op.drop_table("event_deliveries")
    op.drop_index("ix_event_outbox_undispatched", "event_outbox")
    op.drop_table("event_outbox")
