"""Tables of the customers module.

``customers.email`` holds the normalised (lower-cased) address, so the unique constraint on
``(vendor_id, email)`` makes an e-mail unique per vendor whatever its case, on SQLite and
PostgreSQL alike. Addresses are a JSON list (read and written with their customer); tags
have a table of their own, so that a list can be filtered by tag.

Other modules' tables are named, never imported: ``vendors`` and ``vendor_platforms`` are
declared here as lightweight ``table()`` clauses (not on the metadata) for the
administrators' view across a platform's vendors.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    column,
    table,
)

from mercato.adapters.db.metadata import metadata

__all__ = [
    "customer_tags",
    "customers",
    "customers_daily",
    "customers_vendor_stats",
    "vendor_platforms_ref",
    "vendors_ref",
]

customers = Table(
    "customers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("vendor_id", Integer, ForeignKey("vendors.id", ondelete="CASCADE"), nullable=False),
    Column("email", String(320), nullable=False),
    Column("name", String(200), nullable=False, default=""),
    Column("phone", String(40), nullable=False, default=""),
    Column("addresses", JSON, nullable=False, default=list),
    Column("marketing_consent", Boolean, nullable=False, default=False),
    Column("consent_at", DateTime(timezone=True), nullable=True),
    Column("notes", Text, nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("vendor_id", "email", name="uq_customers_vendor_id_email"),
    Index("ix_customers_vendor_created", "vendor_id", "created_at"),
)

customer_tags = Table(
    "customer_tags",
    metadata,
    Column(
        "customer_id",
        Integer,
        ForeignKey("customers.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("vendor_id", Integer, nullable=False),
    Column("tag", String(40), nullable=False),
    PrimaryKeyConstraint("customer_id", "tag", name="pk_customer_tags"),
    Index("ix_customer_tags_vendor_tag", "vendor_id", "tag"),
)

# Tenancy's tables, by name only (never imported).
vendors_ref = table("vendors", column("id", Integer), column("slug"), column("name"))
vendor_platforms_ref = table(
    "vendor_platforms", column("vendor_id", Integer), column("platform_id", Integer)
)

# Per vendor: its customers, and its new customers per day (UTC); kept by the triggers of
# migration ``customers_0002`` in every transaction that creates or deletes a customer.
customers_vendor_stats = Table(
    "customers_vendor_stats",
    metadata,
    Column("vendor_id", Integer, ForeignKey("vendors.id", ondelete="CASCADE"), primary_key=True),
    Column("customers", Integer, nullable=False, server_default="0"),
)
customers_daily = Table(
    "customers_daily",
    metadata,
    Column("vendor_id", Integer, ForeignKey("vendors.id", ondelete="CASCADE"), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("customers", Integer, nullable=False, server_default="0"),
)
