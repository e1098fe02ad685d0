"""core: ledger of scheduled-task runs

Revision ID: core_0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "core_0001"
down_revision = None
branch_labels = ("core",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scheduled_task_runs",
        sa.Column("key", sa.String(300), primary_key=True),
        sa.Column("task", sa.String(200), nullable=False),
        sa.Column("tick", sa.DateTime(timezone=True), nullable=False),
        sa.Column("worker", sa.String(200), nullable=False),
        sa.Column("status", sa.String(20), nullable=False, server_default="running"),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("error", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_scheduled_task_runs_tick", "scheduled_task_runs", ["tick"])


def downgrade() -> None:
    op.drop_index("ix_scheduled_task_runs_tick", "scheduled_task_runs")
    op.drop_table("scheduled_task_runs")
