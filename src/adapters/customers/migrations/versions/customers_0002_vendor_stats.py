"""customers: per-vendor counters (customers, and new customers per day)

``customers_vendor_stats`` holds each vendor's number of customers, ``customers_daily`` its
new customers per day (UTC, of ``created_at``): "new in 30 days" is the sum of the last 30
day rows. Row triggers on ``customers`` keep both current in the writing transaction
(create, delete, cascades): on PostgreSQL ``DEFERRABLE INITIALLY DEFERRED`` constraint
triggers, so the vendor's counter rows are locked only at commit; on SQLite plain triggers.
Each change is an atomic upsert (``n = n + excluded.n``). Both tables are backfilled from
the existing customers.

Revision ID: customers_0002
Revises: customers_0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "customers_0002"
down_revision = "customers_0001"
branch_labels = None
depends_on = None


def _upsert(vendor: str, day: str, n: str) -> tuple[str, str]:
    exists = f"WHERE EXISTS (SELECT 1 FROM vendors WHERE id = {vendor})"
    return (
        f"INSERT INTO customers_vendor_stats (vendor_id, customers) SELECT {vendor}, {n} "
        f"{exists} ON CONFLICT (vendor_id) DO UPDATE SET "
        "customers = customers_vendor_stats.customers + excluded.customers",
        f"INSERT INTO customers_daily (vendor_id, day, customers) SELECT {vendor}, {day}, {n} "
        f"{exists} ON CONFLICT (vendor_id, day) DO UPDATE SET "
        "customers = customers_daily.customers + excluded.customers",
    )


def _pg_day(row: str) -> str:
    return f"({row}.created_at AT TIME ZONE 'UTC')::date"


def _sqlite_day(row: str) -> str:
    return f"date({row}.created_at)"


POSTGRESQL = (
    "CREATE FUNCTION customers_stats() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP = 'INSERT' THEN "
    + "; ".join(_upsert("NEW.vendor_id", _pg_day("NEW"), "1"))
    + "; ELSE "
    + "; ".join(_upsert("OLD.vendor_id", _pg_day("OLD"), "-1"))
    + "; END IF; RETURN NULL; END $$",
    "CREATE CONSTRAINT TRIGGER customers_stats AFTER INSERT OR DELETE ON customers "
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION customers_stats()",
)
POSTGRESQL_DROP = (
    "DROP TRIGGER IF EXISTS customers_stats ON customers",
    "DROP FUNCTION IF EXISTS customers_stats()",
)
SQLITE = (
    "CREATE TRIGGER customers_stats_insert AFTER INSERT ON customers BEGIN "
    + "; ".join(_upsert("new.vendor_id", _sqlite_day("new"), "1"))
    + "; END",
    "CREATE TRIGGER customers_stats_delete AFTER DELETE ON customers BEGIN "
    + "; ".join(_upsert("old.vendor_id", _sqlite_day("old"), "-1"))
    + "; END",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS customers_stats_insert",
    "DROP TRIGGER IF EXISTS customers_stats_delete",
)


def backfill(day: str) -> tuple[str, str]:
    """Every vendor's counters from its customers (``day``: the day of ``c.created_at``)."""
    return (
        "INSERT INTO customers_vendor_stats (vendor_id, customers) "
        "SELECT c.vendor_id, count(*) FROM customers c JOIN vendors v ON v.id = c.vendor_id "
        "GROUP BY c.vendor_id",
        "INSERT INTO customers_daily (vendor_id, day, customers) "
        f"SELECT c.vendor_id, {day}, count(*) FROM customers c "
        f"JOIN vendors v ON v.id = c.vendor_id GROUP BY c.vendor_id, {day}",
    )


def _vendor() -> sa.ForeignKey:
    return sa.ForeignKey("vendors.id", ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "customers_vendor_stats",
        sa.Column("vendor_id", sa.Integer, _vendor(), primary_key=True),
        sa.Column("customers", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "customers_daily",
        sa.Column("vendor_id", sa.Integer, _vendor(), primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("customers", sa.Integer, nullable=False, server_default="0"),
    )
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRESQL if postgresql else SQLITE:
        op.execute(statement)
    for statement in backfill(_pg_day("c") if postgresql else _sqlite_day("c")):
        op.execute(statement)


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRESQL_DROP if postgresql else SQLITE_DROP:
        op.execute(statement)
    op.drop_table("customers_daily")
    op.drop_table("customers_vendor_stats")
