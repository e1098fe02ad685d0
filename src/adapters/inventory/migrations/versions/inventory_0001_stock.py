"""inventory: locations, levels (with the stock CHECK), the ledger and reservations

Revision ID: inventory_0001
Revises:
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "inventory_0001"
down_revision = None
branch_labels = ("inventory",)
depends_on = "tenancy_0002"

_RULE = "reserved >= 0 AND (allow_backorder OR (on_hand >= 0 AND reserved <= on_hand))"


def _vendor() -> sa.Column[int]:
    return sa.Column(
        "vendor_id", sa.Integer, sa.ForeignKey("vendors.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "inventory_locations",
        sa.Column("id", sa.Integer, primary_key=True),
        _vendor(),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("vendor_id", "code", name="uq_inventory_locations_vendor_code"),
    )
    op.create_table(
        "inventory_levels",
        sa.Column("id", sa.Integer, primary_key=True),
        _vendor(),
        sa.Column("variant_id", sa.Integer, nullable=False),
        sa.Column(
            "location_id",
            sa.Integer,
            sa.ForeignKey("inventory_locations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("sku", sa.String(100), nullable=False, server_default=""),
        sa.Column("on_hand", sa.Integer, nullable=False, server_default="0"),
        sa.Column("reserved", sa.Integer, nullable=False, server_default="0"),
        sa.Column("allow_backorder", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("low_stock_threshold", sa.Integer, nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint(
            "variant_id", "location_id", name="uq_inventory_levels_variant_location"
        ),
        sa.CheckConstraint(_RULE, name="ck_inventory_levels_stock"),
    )
    op.create_index("ix_inventory_levels_vendor_sku", "inventory_levels", ["vendor_id", "sku"])
    op.create_index(
        "ix_inventory_levels_vendor_variant", "inventory_levels", ["vendor_id", "variant_id"]
    )
    op.create_table(
        "inventory_reservations",
        sa.Column("id", sa.Integer, primary_key=True),
        _vendor(),
        sa.Column("reference", sa.String(100), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint(
            "vendor_id", "reference", name="uq_inventory_reservations_vendor_reference"
        ),
    )
    op.create_index(
        "ix_inventory_reservations_status_expires",
        "inventory_reservations",
        ["status", "expires_at"],
    )
    op.create_table(
        "inventory_movements",
        sa.Column("id", sa.Integer, primary_key=True),
        _vendor(),
        sa.Column(
            "level_id",
            sa.Integer,
            sa.ForeignKey("inventory_levels.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("variant_id", sa.Integer, nullable=False),
        sa.Column("location_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("quantity", sa.Integer, nullable=False),
        sa.Column("reference", sa.String(100), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False, server_default=""),
    )
    op.create_index("ix_inventory_movements_vendor_id", "inventory_movements", ["vendor_id", "id"])
    op.create_index(
        "ix_inventory_movements_vendor_variant",
        "inventory_movements",
        ["vendor_id", "variant_id", "id"],
    )
    op.create_index(
        "ix_inventory_movements_vendor_reference",
        "inventory_movements",
        ["vendor_id", "reference"],
    )


def downgrade() -> None:
    op.drop_table("inventory_movements")
    op.drop_table("inventory_reservations")
    op.drop_table("inventory_levels")
    op.drop_table("inventory_locations")
