"""Tables of the catalog: products, their variants and images.

Vendors are referenced by table name only. Handles are stored in lower case, so the unique
constraint on ``(vendor_id, handle)`` is case-insensitive; option values are ``''`` where a
product has fewer than three options (the rules keep combinations unique within a product).
``search_text`` is the lower-cased title, tags and SKUs of a product, written by the
repository and indexed for "contains" search: a ``pg_trgm`` GIN index on PostgreSQL, the
FTS5 table ``catalog_search`` (trigram tokenizer, kept current by triggers) on SQLite.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from mercato.adapters.db.metadata import metadata

__all__ = ["catalog_images", "catalog_products", "catalog_variants", "catalog_vendor_stats"]

catalog_products = Table(
    "catalog_products",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("vendor_id", Integer, ForeignKey("vendors.id", ondelete="CASCADE"), nullable=False),
    Column("handle", String(100), nullable=False),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("product_type", String(100), nullable=False, default=""),
    Column("tags", Text, nullable=False, default=""),  # comma-separated, as typed
    Column("options", JSON, nullable=False, default=list),
    Column("status", String(10), nullable=False),
    Column("search_text", Text, nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("vendor_id", "handle", name="uq_catalog_products_vendor_handle"),
    CheckConstraint("status IN ('draft', 'active', 'archived')", name="ck_catalog_products_status"),
    Index("ix_catalog_products_vendor_updated", "vendor_id", "updated_at", "id"),
    Index("ix_catalog_products_vendor_status", "vendor_id", "status"),
    Index("ix_catalog_products_updated", "updated_at", "id"),
)

catalog_variants = Table(
    "catalog_variants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("vendor_id", Integer, ForeignKey("vendors.id", ondelete="CASCADE"), nullable=False),
    Column(
        "product_id",
        Integer,
        ForeignKey("catalog_products.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("position", Integer, nullable=False, default=0),
    Column("sku", String(64), nullable=False),
    Column("option1", String(100), nullable=False, default=""),
    Column("option2", String(100), nullable=False, default=""),
    Column("option3", String(100), nullable=False, default=""),
    Column("price_amount", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("compare_at_amount", BigInteger, nullable=True),
    Column("barcode", String(14), nullable=True),
    Column("weight", Float, nullable=True),
    Column("weight_unit", String(2), nullable=True),
    UniqueConstraint("vendor_id", "sku", name="uq_catalog_variants_vendor_sku"),
    CheckConstraint("price_amount >= 0", name="ck_catalog_variants_price"),
    CheckConstraint(
        "compare_at_amount IS NULL OR compare_at_amount >= price_amount",
        name="ck_catalog_variants_compare_at",
    ),
    Index("ix_catalog_variants_product", "product_id", "position"),
)

catalog_images = Table(
    "catalog_images",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "product_id",
        Integer,
        ForeignKey("catalog_products.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("position", Integer, nullable=False),
    Column("url", String(500), nullable=False),
    Index("ix_catalog_images_product", "product_id", "position"),
)

catalog_vendor_stats = Table(
    "catalog_vendor_stats",
    metadata,
    Column("vendor_id", Integer, ForeignKey("vendors.id", ondelete="CASCADE"), primary_key=True),
    Column("draft", Integer, nullable=False, server_default="0"),
    Column("active", Integer, nullable=False, server_default="0"),
    Column("archived", Integer, nullable=False, server_default="0"),
    Column("variants", Integer, nullable=False, server_default="0"),
)
"""Per vendor: its products by status and its variants, kept by the triggers of migration
``catalog_0002`` in every writing transaction (read by the dashboards)."""
