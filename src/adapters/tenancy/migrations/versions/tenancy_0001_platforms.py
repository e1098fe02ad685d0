"""tenancy: platforms, their domains, enabled modules and menu configuration

Revision ID: tenancy_0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "tenancy_0001"
down_revision = None
branch_labels = ("tenancy",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "platforms",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(40), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("settings", sa.JSON, nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )
    op.create_table(
        "platform_domains",
        sa.Column("domain", sa.String(253), primary_key=True),
        sa.Column(
            "platform_id",
            sa.Integer,
            sa.ForeignKey("platforms.id", ondelete="CASCADE"),
            nullable=False,
        ),
    )
    op.create_index("ix_platform_domains_platform_id", "platform_domains", ["platform_id"])
    op.create_table(
        "platform_modules",
        sa.Column(
            "platform_id",
            sa.Integer,
            sa.ForeignKey("platforms.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("module", sa.String(100), primary_key=True),
        sa.Column(
            "enabled_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )
    op.create_table(
        "menu_configs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "platform_id",
            sa.Integer,
            sa.ForeignKey("platforms.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("frontend", sa.String(20), nullable=False),
        sa.Column("item_id", sa.String(100), nullable=False),
        sa.Column("hidden", sa.Boolean, nullable=False),
        sa.UniqueConstraint("platform_id", "frontend", "item_id", name="uq_menu_configs_item"),
    )


def downgrade() -> None:
    op.drop_table("menu_configs")
    op.drop_table("platform_modules")
    op.drop_index("ix_platform_domains_platform_id", "platform_domains")
    op.drop_table("platform_domains")
    op.drop_table("platforms")
