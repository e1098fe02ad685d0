"""inventory: per-vendor counters (units on hand, levels below threshold), low-stock index

``inventory_vendor_stats`` holds, per vendor, the units on hand of its levels and how many
of its levels are below their low-stock threshold (``on_hand - reserved < threshold``). A
row trigger on ``inventory_levels`` keeps it current in the writing transaction, whatever
the path (movements, reservations, threshold changes, cascades), and touches the counter
row only when one of the two numbers moves: on PostgreSQL a ``DEFERRABLE INITIALLY
DEFERRED`` constraint trigger, so the vendor's counter row is locked only at commit, after
the transaction's level locks (two orders holding the same levels in different orders
cannot deadlock on it); on SQLite a plain trigger. The change is an atomic upsert
(``n = n + excluded.n``). The table is backfilled from the existing levels.
``ix_inventory_levels_below`` is a partial index on the levels below their threshold: the
low-stock widget reads those few rows instead of every level.

Revision ID: inventory_0002
Revises: inventory_0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "inventory_0002"
down_revision = "inventory_0001"
branch_labels = None
depends_on = None

BELOW = "on_hand - reserved < low_stock_threshold"
"""A level below its threshold (never when it has none): the partial index's predicate."""


def _below(row: str) -> str:
    return f"coalesce({row}.on_hand - {row}.reserved < {row}.low_stock_threshold, false)"


def _upsert(vendor: str, units: str, below: str) -> str:
    return (
        "INSERT INTO inventory_vendor_stats (vendor_id, units_on_hand, below_threshold) "
        f"SELECT {vendor}, {units}, {below} "
        f"WHERE EXISTS (SELECT 1 FROM vendors WHERE id = {vendor}) "
        "ON CONFLICT (vendor_id) DO UPDATE SET "
        "units_on_hand = inventory_vendor_stats.units_on_hand + excluded.units_on_hand, "
        "below_threshold = inventory_vendor_stats.below_threshold + excluded.below_threshold"
    )


POSTGRESQL = (
    "CREATE FUNCTION inventory_stats_levels() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "DECLARE units bigint := 0; below integer := 0; v integer; BEGIN "
    "IF TG_OP IN ('UPDATE', 'DELETE') THEN v := OLD.vendor_id; "
    f"units := -OLD.on_hand; below := -({_below('OLD')})::int; END IF; "
    "IF TG_OP IN ('UPDATE', 'INSERT') THEN v := NEW.vendor_id; "
    f"units := units + NEW.on_hand; below := below + ({_below('NEW')})::int; END IF; "
    "IF units <> 0 OR below <> 0 THEN "
    + _upsert("v", "units", "below")
    + "; END IF; RETURN NULL; END $$",
    "CREATE CONSTRAINT TRIGGER inventory_stats_levels AFTER INSERT OR DELETE OR UPDATE OF "
    "on_hand, reserved, low_stock_threshold ON inventory_levels "
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION inventory_stats_levels()",
)
POSTGRESQL_DROP = (
    "DROP TRIGGER IF EXISTS inventory_stats_levels ON inventory_levels",
    "DROP FUNCTION IF EXISTS inventory_stats_levels()",
)

_SQLITE_UNITS = "new.on_hand - old.on_hand"
_SQLITE_BELOW = f"{_below('new')} - {_below('old')}"
SQLITE = (
    "CREATE TRIGGER inventory_stats_level_insert AFTER INSERT ON inventory_levels "
    f"WHEN new.on_hand <> 0 OR {_below('new')} BEGIN "
    + _upsert("new.vendor_id", "new.on_hand", _below("new"))
    + "; END",
    "CREATE TRIGGER inventory_stats_level_delete AFTER DELETE ON inventory_levels "
    f"WHEN old.on_hand <> 0 OR {_below('old')} BEGIN "
    + _upsert("old.vendor_id", "-old.on_hand", f"-{_below('old')}")
    + "; END",
    "CREATE TRIGGER inventory_stats_level_update AFTER UPDATE OF on_hand, reserved, "
    "low_stock_threshold ON inventory_levels "
    f"WHEN {_SQLITE_UNITS} <> 0 OR {_SQLITE_BELOW} <> 0 BEGIN "
    + _upsert("new.vendor_id", _SQLITE_UNITS, _SQLITE_BELOW)
    + "; END",
)
SQLITE_DROP = tuple(
    f"DROP TRIGGER IF EXISTS inventory_stats_level_{name}"
    for name in ("insert", "delete", "update")
)

BACKFILL = (
    "INSERT INTO inventory_vendor_stats (vendor_id, units_on_hand, below_threshold) "
    "SELECT lv.vendor_id, sum(lv.on_hand), "
    "sum(CASE WHEN lv.on_hand - lv.reserved < lv.low_stock_threshold THEN 1 ELSE 0 END) "
    "FROM inventory_levels lv JOIN vendors v ON v.id = lv.vendor_id GROUP BY lv.vendor_id"
)
"""Every vendor's counters from its levels (the migration's backfill)."""


def upgrade() -> None:
    op.create_table(
        "inventory_vendor_stats",
        sa.Column(
            "vendor_id",
            sa.Integer,
            sa.ForeignKey("vendors.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("units_on_hand", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("below_threshold", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index(
        "ix_inventory_levels_below",
        "inventory_levels",
        ["vendor_id"],
        postgresql_where=sa.text(BELOW),
        sqlite_where=sa.text(BELOW),
    )
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRESQL if postgresql else SQLITE:
        op.execute(statement)
    op.execute(BACKFILL)


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRESQL_DROP if postgresql else SQLITE_DROP:
        op.execute(statement)
    op.drop_index("ix_inventory_levels_below", "inventory_levels")
    op.drop_table("inventory_vendor_stats")
