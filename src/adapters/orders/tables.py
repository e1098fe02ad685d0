"""Tables of the orders module.

``orders.platform_id`` and ``vendor_id`` reference tenancy's tables by name. Catalog,
customers and inventory are other modules: ``variant_id`` and ``customer_id`` are plain
integers, with no foreign key, so that each optional module stays removable.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    column,
    table,
)

from mercato.adapters.db.metadata import metadata

__all__ = [
    "order_counters",
    "order_idempotency_keys",
    "order_lines",
    "orders",
    "orders_daily_rollups",
    "orders_status_rollups",
    "vendors_ref",
]

vendors_ref = table("vendors", column("id", Integer), column("slug"), column("name"))
"""Tenancy's vendors, by name: the slug and name shown beside another vendor's order."""


def _vendor() -> ForeignKey:
    return ForeignKey("vendors.id", ondelete="CASCADE")


def _platform() -> ForeignKey:
    return ForeignKey("platforms.id", ondelete="CASCADE")


orders = Table(
    "orders",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("platform_id", Integer, _platform(), nullable=False),
    Column("vendor_id", Integer, _vendor(), nullable=False),
    Column("number", Integer, nullable=False),
    Column("customer_id", Integer, nullable=False),
    Column("customer_email", String(320), nullable=False),
    Column("customer_name", String(200), nullable=False, default=""),
    Column("currency", String(3), nullable=False),
    Column("subtotal", BigInteger, nullable=False),
    Column("shipping", BigInteger, nullable=False),
    Column("total", BigInteger, nullable=False),
    Column("refunded", BigInteger, nullable=False, default=0),
    Column("status", String(20), nullable=False),
    Column("payment", String(20), nullable=False),
    Column("fulfilment", String(20), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("vendor_id", "number", name="uq_orders_vendor_number"),
    CheckConstraint("refunded >= 0 AND refunded <= total", name="ck_orders_refunded"),
    Index("ix_orders_platform_id", "platform_id", "id"),
    Index("ix_orders_vendor_email", "vendor_id", "customer_email"),
)

order_lines = Table(
    "order_lines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("order_id", Integer, ForeignKey("orders.id", ondelete="CASCADE"), nullable=False),
    Column("vendor_id", Integer, _vendor(), nullable=False),
    Column("position", Integer, nullable=False),
    Column("variant_id", Integer, nullable=False),
    Column("sku", String(100), nullable=False),
    Column("title", String(300), nullable=False),
    Column("unit_price", BigInteger, nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("line_total", BigInteger, nullable=False),
    UniqueConstraint("order_id", "position", name="uq_order_lines_position"),
    CheckConstraint("quantity > 0", name="ck_order_lines_quantity"),
)

order_counters = Table(
    "order_counters",
    metadata,
    Column("vendor_id", Integer, _vendor(), primary_key=True),
    Column("last_number", Integer, nullable=False),
)

order_idempotency_keys = Table(
    "order_idempotency_keys",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("vendor_id", Integer, _vendor(), nullable=False),
    Column("key", String(200), nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("order_id", Integer, ForeignKey("orders.id", ondelete="CASCADE"), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("vendor_id", "key", name="uq_order_idempotency_vendor_key"),
)

orders_daily_rollups = Table(
    "orders_daily_rollups",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("platform_id", Integer, _platform(), nullable=False),
    Column("vendor_id", Integer, _vendor(), nullable=False),
    Column("day", Date, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("orders", Integer, nullable=False),
    Column("revenue", BigInteger, nullable=False),
    Column("units", BigInteger, nullable=False),
    UniqueConstraint("platform_id", "vendor_id", "day", "currency", name="uq_orders_daily_rollups"),
    Index("ix_orders_daily_rollups_platform_day", "platform_id", "day"),
)

orders_status_rollups = Table(
    "orders_status_rollups",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("platform_id", Integer, _platform(), nullable=False),
    Column("vendor_id", Integer, _vendor(), nullable=False),
    Column("status", String(20), nullable=False),
    Column("orders", Integer, nullable=False),
    UniqueConstraint("platform_id", "vendor_id", "status", name="uq_orders_status_rollups"),
)
