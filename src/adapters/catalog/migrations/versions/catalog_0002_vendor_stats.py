"""catalog: per-vendor counters (products by status, variants) and the recency index

``catalog_vendor_stats`` holds, per vendor, its products by status and its variants. Row
triggers on ``catalog_products`` and ``catalog_variants`` keep it current in the writing
transaction, whatever the path (repository, cascade, bulk SQL): on PostgreSQL as
``DEFERRABLE INITIALLY DEFERRED`` constraint triggers, so the vendor's counter row is
locked only at commit, after every other row lock of the transaction (no lock cycle between
two transactions touching the same rows in different orders); on SQLite as plain triggers.
An upsert (``INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n``) is atomic under
concurrency; a vendor deleted in the same transaction gets no row. The table is backfilled
from the existing rows. ``ix_catalog_products_updated`` lets "the latest products of the
platform" read backwards from the newest and stop at the limit.

Revision ID: catalog_0002
Revises: catalog_0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "catalog_0002"
down_revision = "catalog_0001"
branch_labels = None
depends_on = None

_COLUMNS = "vendor_id, draft, active, archived, variants"
_BUMP = ", ".join(
    f"{c} = catalog_vendor_stats.{c} + excluded.{c}"
    for c in ("draft", "active", "archived", "variants")
)


def _upsert(vendor: str, draft: str, active: str, archived: str, variants: str) -> str:
    return (
        f"INSERT INTO catalog_vendor_stats ({_COLUMNS}) "
        f"SELECT {vendor}, {draft}, {active}, {archived}, {variants} "
        f"WHERE EXISTS (SELECT 1 FROM vendors WHERE id = {vendor}) "
        f"ON CONFLICT (vendor_id) DO UPDATE SET {_BUMP}"
    )


def _statuses(row: str, sign: str, cast: str) -> tuple[str, str, str]:
    return tuple(  # type: ignore[return-value]
        f"{sign}({row}.status = '{s}'){cast}" for s in ("draft", "active", "archived")
    )


POSTGRESQL = (
    "CREATE FUNCTION catalog_stats_add(v integer, d integer, a integer, r integer, n integer) "
    "RETURNS void LANGUAGE sql AS $$ " + _upsert("v", "d", "a", "r", "n") + " $$",
    "CREATE FUNCTION catalog_stats_products() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP = 'UPDATE' AND OLD.status = NEW.status AND OLD.vendor_id = NEW.vendor_id "
    "THEN RETURN NULL; END IF; "
    "IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM catalog_stats_add(OLD.vendor_id, "
    + ", ".join(_statuses("OLD", "-", "::int"))
    + ", 0); END IF; "
    "IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM catalog_stats_add(NEW.vendor_id, "
    + ", ".join(_statuses("NEW", "", "::int"))
    + ", 0); END IF; RETURN NULL; END $$",
    "CREATE FUNCTION catalog_stats_variants() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP = 'INSERT' THEN PERFORM catalog_stats_add(NEW.vendor_id, 0, 0, 0, 1); "
    "ELSE PERFORM catalog_stats_add(OLD.vendor_id, 0, 0, 0, -1); END IF; "
    "RETURN NULL; END $$",
    "CREATE CONSTRAINT TRIGGER catalog_stats_products AFTER INSERT OR DELETE OR UPDATE OF "
    "status, vendor_id ON catalog_products DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
    "EXECUTE FUNCTION catalog_stats_products()",
    "CREATE CONSTRAINT TRIGGER catalog_stats_variants AFTER INSERT OR DELETE "
    "ON catalog_variants DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
    "EXECUTE FUNCTION catalog_stats_variants()",
)
POSTGRESQL_DROP = (
    "DROP TRIGGER IF EXISTS catalog_stats_products ON catalog_products",
    "DROP TRIGGER IF EXISTS catalog_stats_variants ON catalog_variants",
    "DROP FUNCTION IF EXISTS catalog_stats_products()",
    "DROP FUNCTION IF EXISTS catalog_stats_variants()",
    "DROP FUNCTION IF EXISTS catalog_stats_add(integer, integer, integer, integer, integer)",
)

SQLITE = (
    "CREATE TRIGGER catalog_stats_product_insert AFTER INSERT ON catalog_products BEGIN "
    + _upsert("new.vendor_id", *_statuses("new", "", ""), "0")
    + "; END",
    "CREATE TRIGGER catalog_stats_product_delete AFTER DELETE ON catalog_products BEGIN "
    + _upsert("old.vendor_id", *_statuses("old", "-", ""), "0")
    + "; END",
    "CREATE TRIGGER catalog_stats_product_update AFTER UPDATE OF status, vendor_id "
    "ON catalog_products WHEN old.status <> new.status OR old.vendor_id <> new.vendor_id BEGIN "
    + _upsert("old.vendor_id", *_statuses("old", "-", ""), "0")
    + "; "
    + _upsert("new.vendor_id", *_statuses("new", "", ""), "0")
    + "; END",
    "CREATE TRIGGER catalog_stats_variant_insert AFTER INSERT ON catalog_variants BEGIN "
    + _upsert("new.vendor_id", "0", "0", "0", "1")
    + "; END",
    "CREATE TRIGGER catalog_stats_variant_delete AFTER DELETE ON catalog_variants BEGIN "
    + _upsert("old.vendor_id", "0", "0", "0", "-1")
    + "; END",
)
SQLITE_DROP = tuple(
    f"DROP TRIGGER IF EXISTS catalog_stats_{name}"
    for name in (
        "product_insert",
        "product_delete",
        "product_update",
        "variant_insert",
        "variant_delete",
    )
)

BACKFILL = (
    f"INSERT INTO catalog_vendor_stats ({_COLUMNS}) "
    "SELECT v.id, coalesce(p.draft, 0), coalesce(p.active, 0), coalesce(p.archived, 0), "
    "coalesce(n.variants, 0) FROM vendors v "
    "LEFT JOIN (SELECT vendor_id, "
    "sum(CASE WHEN status = 'draft' THEN 1 ELSE 0 END) AS draft, "
    "sum(CASE WHEN status = 'active' THEN 1 ELSE 0 END) AS active, "
    "sum(CASE WHEN status = 'archived' THEN 1 ELSE 0 END) AS archived "
    "FROM catalog_products GROUP BY vendor_id) p ON p.vendor_id = v.id "
    "LEFT JOIN (SELECT vendor_id, count(*) AS variants FROM catalog_variants "
    "GROUP BY vendor_id) n ON n.vendor_id = v.id "
    "WHERE p.vendor_id IS NOT NULL OR n.vendor_id IS NOT NULL"
)
"""Every vendor's counters from its rows (the migration's backfill; the large demo's too)."""


def upgrade() -> None:
    op.create_table(
        "catalog_vendor_stats",
        sa.Column(
            "vendor_id",
            sa.Integer,
            sa.ForeignKey("vendors.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("draft", sa.Integer, nullable=False, server_default="0"),
        sa.Column("active", sa.Integer, nullable=False, server_default="0"),
        sa.Column("archived", sa.Integer, nullable=False, server_default="0"),
        sa.Column("variants", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_catalog_products_updated", "catalog_products", ["updated_at", "id"])
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRESQL if postgresql else SQLITE:
        op.execute(statement)
    op.execute(BACKFILL)


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRESQL_DROP if postgresql else SQLITE_DROP:
        op.execute(statement)
    op.drop_index("ix_catalog_products_updated", "catalog_products")
    op.drop_table("catalog_vendor_stats")
