"""Tables of the inventory module: locations, levels, the ledger and reservations.

``variant_id`` is a plain integer: inventory keeps no foreign key to the catalog's tables
(an optional module must be removable, ADR 0018). ``vendor_id`` references ``vendors`` by
table name.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    text,
)

from mercato.adapters.db.metadata import metadata

__all__ = [
    "inventory_levels",
    "inventory_locations",
    "inventory_movements",
    "inventory_reservations",
    "inventory_vendor_stats",
]

_VENDOR = "vendors.id"

inventory_locations = Table(
    "inventory_locations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("vendor_id", Integer, ForeignKey(_VENDOR, ondelete="CASCADE"), nullable=False),
    Column("code", String(40), nullable=False),
    Column("name", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("vendor_id", "code", name="uq_inventory_locations_vendor_code"),
)

# The last line of defence against overselling: whatever the code does, the database refuses
# a level that holds more than it has, unless the variant takes backorders (on hand may then
# go under zero: units owed).
LEVEL_RULE = "reserved >= 0 AND (allow_backorder OR (on_hand >= 0 AND reserved <= on_hand))"

BELOW = "on_hand - reserved < low_stock_threshold"
"""A level below its low-stock threshold (never without one): the partial index's predicate,
repeated by the statements that want that index."""

inventory_levels = Table(
    "inventory_levels",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("vendor_id", Integer, ForeignKey(_VENDOR, ondelete="CASCADE"), nullable=False),
    Column("variant_id", Integer, nullable=False),
    Column(
        "location_id",
        Integer,
        ForeignKey("inventory_locations.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("sku", String(100), nullable=False, default=""),
    Column("on_hand", Integer, nullable=False, default=0),
    Column("reserved", Integer, nullable=False, default=0),
    Column("allow_backorder", Boolean, nullable=False, default=False),
    Column("low_stock_threshold", Integer, nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("variant_id", "location_id", name="uq_inventory_levels_variant_location"),
    CheckConstraint(LEVEL_RULE, name="stock"),
    Index("ix_inventory_levels_vendor_sku", "vendor_id", "sku"),
    Index("ix_inventory_levels_vendor_variant", "vendor_id", "variant_id"),
    Index(
        "ix_inventory_levels_below",
        "vendor_id",
        postgresql_where=text(BELOW),
        sqlite_where=text(BELOW),
    ),
)

inventory_reservations = Table(
    "inventory_reservations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("vendor_id", Integer, ForeignKey(_VENDOR, ondelete="CASCADE"), nullable=False),
    Column("reference", String(100), nullable=False),
    Column("status", String(20), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("vendor_id", "reference", name="uq_inventory_reservations_vendor_reference"),
    Index("ix_inventory_reservations_status_expires", "status", "expires_at"),
)

inventory_movements = Table(
    "inventory_movements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("vendor_id", Integer, ForeignKey(_VENDOR, ondelete="CASCADE"), nullable=False),
    Column(
        "level_id", Integer, ForeignKey("inventory_levels.id", ondelete="CASCADE"), nullable=False
    ),
    Column("variant_id", Integer, nullable=False),
    Column("location_id", Integer, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("reference", String(100), nullable=True),
    Column("expires_at", DateTime(timezone=True), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False, default=""),
    Index("ix_inventory_movements_vendor_id", "vendor_id", "id"),
    Index("ix_inventory_movements_vendor_variant", "vendor_id", "variant_id", "id"),
    Index("ix_inventory_movements_vendor_reference", "vendor_id", "reference"),
)

inventory_vendor_stats = Table(
    "inventory_vendor_stats",
    metadata,
    Column("vendor_id", Integer, ForeignKey(_VENDOR, ondelete="CASCADE"), primary_key=True),
    Column("units_on_hand", BigInteger, nullable=False, server_default="0"),
    Column("below_threshold", Integer, nullable=False, server_default="0"),
)
"""Per vendor: units on hand and levels below their threshold, kept by the trigger of
migration ``inventory_0002`` in every transaction that writes a level."""
