"""tenancy: config_version, bumped by triggers on every write to the cached tables

Web processes keep platforms, domains, enabled modules, menu configuration, vendors and roles
in memory and read this one row with each request's first statement (ADR 0017). The triggers
make the database hold the rule: any writer, in any process, moves the version.

A later migration that rebuilds one of these tables on SQLite (``batch_alter_table``) drops
its triggers; it must call :func:`create_triggers` again (``tests/integration`` checks that
every cached table still bumps the version).

Revision ID: tenancy_0004_config_version
Revises: tenancy_0003_input
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "tenancy_0004_config_version"
down_revision = "tenancy_0003_input"
branch_labels = None
depends_on = None

CACHED_TABLES = (
    "platforms",
    "platform_domains",
    "platform_modules",
    "menu_configs",
    "vendors",
    "vendor_platforms",
    "vendor_domains",
    "vendor_roles",
)
_BUMP = "UPDATE config_version SET version = version + 1 WHERE id = 1"


def create_triggers(tables: tuple[str, ...] = CACHED_TABLES) -> None:
    """A trigger per table and operation (SQLite) or per table (PostgreSQL, per statement)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE OR REPLACE FUNCTION mercato_bump_config_version() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN {_BUMP}; RETURN NULL; END $$"
        )
        for table in tables:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_config_version ON {table}")
            op.execute(
                f"CREATE TRIGGER {table}_config_version AFTER INSERT OR UPDATE OR DELETE "
                f"OR TRUNCATE ON {table} FOR EACH STATEMENT "
                "EXECUTE FUNCTION mercato_bump_config_version()"
            )
        return
    for table in tables:
        for operation in ("INSERT", "UPDATE", "DELETE"):
            name = f"{table}_config_version_{operation.lower()}"
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
            op.execute(f"CREATE TRIGGER {name} AFTER {operation} ON {table} BEGIN {_BUMP}; END")


def drop_triggers(tables: tuple[str, ...] = CACHED_TABLES) -> None:
    """Remove what :func:`create_triggers` made."""
    if op.get_bind().dialect.name == "postgresql":
        for table in tables:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_config_version ON {table}")
        op.execute("DROP FUNCTION IF EXISTS mercato_bump_config_version()")
        return
    for table in tables:
        for operation in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_config_version_{operation}")


def upgrade() -> None:
    op.create_table(
        "config_version",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version", sa.BigInteger, nullable=False, server_default="0"),
        comment="One row: bumped by a trigger on every write to a cached table (ADR 0017).",
    )
    op.execute("INSERT INTO config_version (id, version) VALUES (1, 0)")
    create_triggers()


def downgrade() -> None:
    drop_triggers()
    op.drop_table("config_version")
