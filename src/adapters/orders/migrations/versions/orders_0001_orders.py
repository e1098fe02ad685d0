"""orders: orders and their lines, per-vendor counters, idempotency keys, rollups

Revision ID: orders_0001
Revises:
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "orders_0001"
down_revision = None
branch_labels = ("orders",)
depends_on = "tenancy_0002"


def _fk(target: str) -> sa.ForeignKey:
    return sa.ForeignKey(target, ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "orders",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("platform_id", sa.Integer, _fk("platforms.id"), nullable=False),
        sa.Column("vendor_id", sa.Integer, _fk("vendors.id"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("customer_id", sa.Integer, nullable=False),
        sa.Column("customer_email", sa.String(320), nullable=False),
        sa.Column("customer_name", sa.String(200), nullable=False, server_default=""),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("subtotal", sa.BigInteger, nullable=False),
        sa.Column("shipping", sa.BigInteger, nullable=False),
        sa.Column("total", sa.BigInteger, nullable=False),
        sa.Column("refunded", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("payment", sa.String(20), nullable=False),
        sa.Column("fulfilment", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("vendor_id", "number", name="uq_orders_vendor_number"),
        sa.CheckConstraint("refunded >= 0 AND refunded <= total", name="ck_orders_refunded"),
    )

    op.create_table(
        "order_lines",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("order_id", sa.Integer, _fk("orders.id"), nullable=False),
        sa.Column("vendor_id", sa.Integer, _fk("vendors.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("variant_id", sa.Integer, nullable=False),
        sa.Column("sku", sa.String(100), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("unit_price", sa.BigInteger, nullable=False),
        sa.Column("quantity", sa.Integer, nullable=False),
        sa.Column("line_total", sa.BigInteger, nullable=False),
        sa.UniqueConstraint("order_id", "position", name="uq_order_lines_position"),
        sa.CheckConstraint("quantity > 0", name="ck_order_lines_quantity"),
    )

    op.create_table(
        "order_counters",
        sa.Column("vendor_id", sa.Integer, _fk("vendors.id"), primary_key=True),
        sa.Column("last_number", sa.Integer, nullable=False),
    )

    op.create_table(
        "order_idempotency_keys",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("vendor_id", sa.Integer, _fk("vendors.id"), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("order_id", sa.Integer, _fk("orders.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("vendor_id", "key", name="uq_order_idempotency_vendor_key"),
    )

    op.create_table(
        "orders_daily_rollups",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("platform_id", sa.Integer, _fk("platforms.id"), nullable=False),
        sa.Column("vendor_id", sa.Integer, _fk("vendors.id"), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("orders", sa.Integer, nullable=False),
        sa.Column("revenue", sa.BigInteger, nullable=False),
        sa.Column("units", sa.BigInteger, nullable=False),
        sa.UniqueConstraint(
            "platform_id", "vendor_id", "day", "currency", name="uq_orders_daily_rollups"
        ),
    )

    op.create_table(
        "orders_status_rollups",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("platform_id", sa.Integer, _fk("platforms.id"), nullable=False),
        sa.Column("vendor_id", sa.Integer, _fk("vendors.id"), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("orders", sa.Integer, nullable=False),
        sa.UniqueConstraint("platform_id", "vendor_id", "status", name="uq_orders_status_rollups"),
    )
    op.create_index("ix_orders_platform_id", "orders", ["platform_id", "id"])
    op.create_index("ix_orders_vendor_email", "orders", ["vendor_id", "customer_email"])

    op.create_index(
        "ix_orders_daily_rollups_platform_day", "orders_daily_rollups", ["platform_id", "day"]
    )


def downgrade() -> None:
    for table in (
        "orders_status_rollups",
        "orders_daily_rollups",
        "order_idempotency_keys",
        "order_counters",
        "order_lines",
        "orders",
    ):
        op.drop_table(table)
