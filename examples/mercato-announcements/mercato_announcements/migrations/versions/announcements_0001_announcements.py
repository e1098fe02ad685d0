"""announcements: the announcements table

Revision ID: announcements_0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "announcements_0001"
down_revision = None
branch_labels = ("announcements",)
# The table references platforms, created by tenancy's first revision.
depends_on = "tenancy_0001"


def upgrade() -> None:
    op.create_table(
        "announcements",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "platform_id",
            sa.Integer,
            sa.ForeignKey("platforms.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index(
        "ix_announcements_platform_created", "announcements", ["platform_id", "created_at"]
    )
    op.create_index("ix_announcements_expires_at", "announcements", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_announcements_expires_at", "announcements")
    op.drop_index("ix_announcements_platform_created", "announcements")
    op.drop_table("announcements")
