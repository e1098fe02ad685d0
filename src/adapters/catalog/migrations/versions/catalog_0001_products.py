"""catalog: products, variants, images and the search index

PostgreSQL searches ``search_text`` through a ``pg_trgm`` GIN index ("contains", any
language); SQLite through the FTS5 table ``catalog_search`` with the trigram tokenizer,
whose rows (``rowid`` = product id) triggers keep equal to ``catalog_products.search_text``.

Revision ID: catalog_0001
Revises:
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "catalog_0001"
down_revision = None
branch_labels = ("catalog",)
depends_on = "tenancy_0002"

_NOW = sa.DateTime(timezone=True)

SQLITE_SEARCH = (
    "CREATE VIRTUAL TABLE catalog_search USING fts5(body, tokenize='trigram')",
    "CREATE TRIGGER catalog_search_insert AFTER INSERT ON catalog_products BEGIN "
    "INSERT INTO catalog_search(rowid, body) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER catalog_search_update AFTER UPDATE OF search_text ON catalog_products "
    "BEGIN UPDATE catalog_search SET body = new.search_text WHERE rowid = new.id; END",
    "CREATE TRIGGER catalog_search_delete AFTER DELETE ON catalog_products BEGIN "
    "DELETE FROM catalog_search WHERE rowid = old.id; END",
)


def upgrade() -> None:
    op.create_table(
        "catalog_products",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "vendor_id",
            sa.Integer,
            sa.ForeignKey("vendors.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("handle", sa.String(100), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("product_type", sa.String(100), nullable=False),
        sa.Column("tags", sa.Text, nullable=False),
        sa.Column("options", sa.JSON, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("search_text", sa.Text, nullable=False),
        sa.Column("created_at", _NOW, nullable=False),
        sa.Column("updated_at", _NOW, nullable=False),
        sa.UniqueConstraint("vendor_id", "handle", name="uq_catalog_products_vendor_handle"),
        sa.CheckConstraint(
            "status IN ('draft', 'active', 'archived')", name="ck_catalog_products_status"
        ),
    )
    op.create_index(
        "ix_catalog_products_vendor_updated",
        "catalog_products",
        ["vendor_id", "updated_at", "id"],
    )
    op.create_index(
        "ix_catalog_products_vendor_status", "catalog_products", ["vendor_id", "status"]
    )
    op.create_table(
        "catalog_variants",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "vendor_id",
            sa.Integer,
            sa.ForeignKey("vendors.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "product_id",
            sa.Integer,
            sa.ForeignKey("catalog_products.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("option1", sa.String(100), nullable=False),
        sa.Column("option2", sa.String(100), nullable=False),
        sa.Column("option3", sa.String(100), nullable=False),
        sa.Column("price_amount", sa.BigInteger, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("compare_at_amount", sa.BigInteger, nullable=True),
        sa.Column("barcode", sa.String(14), nullable=True),
        sa.Column("weight", sa.Float, nullable=True),
        sa.Column("weight_unit", sa.String(2), nullable=True),
        sa.UniqueConstraint("vendor_id", "sku", name="uq_catalog_variants_vendor_sku"),
        sa.CheckConstraint("price_amount >= 0", name="ck_catalog_variants_price"),
        sa.CheckConstraint(
            "compare_at_amount IS NULL OR compare_at_amount >= price_amount",
            name="ck_catalog_variants_compare_at",
        ),
    )
    op.create_index("ix_catalog_variants_product", "catalog_variants", ["product_id", "position"])
    op.create_table(
        "catalog_images",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "product_id",
            sa.Integer,
            sa.ForeignKey("catalog_products.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("url", sa.String(500), nullable=False),
    )
    op.create_index("ix_catalog_images_product", "catalog_images", ["product_id", "position"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            "CREATE INDEX ix_catalog_products_search ON catalog_products "
            "USING gin (search_text gin_trgm_ops)"
        )
    else:
        for statement in SQLITE_SEARCH:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TABLE IF EXISTS catalog_search")
    op.drop_table("catalog_images")
    op.drop_table("catalog_variants")
    op.drop_table("catalog_products")
