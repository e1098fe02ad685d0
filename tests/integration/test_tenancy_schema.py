"""The tenancy identity migration on SQLite and PostgreSQL: it matches the tables, its
database-level rules hold without the repositories, and it downgrades cleanly."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, MetaData, insert, inspect
from sqlalchemy.exc import IntegrityError

from mercato.adapters.db.engine import create_engine
from mercato.adapters.db.migrations import alembic_config, upgrade
from mercato.adapters.tenancy import tables
from tests.conftest import builtin_folders

pytestmark = pytest.mark.integration

IDENTITY_TABLES = {
    "companies",
    "vendors",
    "vendor_platforms",
    "vendor_domains",
    "users",
    "platform_admins",
    "vendor_roles",
    "vendor_members",
    "invitations",
    "api_tokens",
    "login_attempts",
    "password_resets",
}


async def _run(url: str, work: Any) -> Any:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            result = await conn.run_sync(work)
            await conn.commit()
            return result
    finally:
        await engine.dispose()


def _tenancy_metadata() -> MetaData:
    """Only tenancy's tables: other modules' tables are their migrations' business."""
    names = {getattr(tables, n).name for n in tables.__all__}
    only = MetaData(naming_convention=tables.metadata.naming_convention)
    for table in tables.metadata.sorted_tables:
        if table.name in names:
            table.to_metadata(only)
    return only


def _differences(conn: Connection) -> list[Any]:
    metadata = _tenancy_metadata()
    context = MigrationContext.configure(
        conn,
        opts={
            "compare_type": True,
            "include_name": lambda name, kind, _parent: kind != "table" or name in metadata.tables,
        },
    )
    diffs = compare_metadata(context, metadata)
    return [d for d in diffs if "uq_platform_admins_grant" not in repr(d)]


# SQLite cannot reflect expression indexes (the coalesce index is checked by the next test).
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based")
def test_the_migration_creates_what_the_tables_declare(migrated_url: str) -> None:
    assert asyncio.run(_run(migrated_url, _differences)) == []


def _raw_rows(conn: Connection) -> None:
    conn.execute(insert(tables.platforms).values(id=1, code="north", name="North", settings={}))
    conn.execute(insert(tables.companies).values(id=1, name="Holdings"))
    conn.execute(insert(tables.vendors).values(id=1, slug="acme", name="Acme", company_id=1))
    conn.execute(
        insert(tables.users).values(
            id=1, email="ada@example.com", display_name="Ada", password_hash="h"
        )
    )


def _insert_fails(conn: Connection, table: Any, **values: Any) -> bool:
    savepoint = conn.begin_nested()
    try:
        conn.execute(insert(table).values(**values))
    except IntegrityError:
        savepoint.rollback()
        return True
    savepoint.commit()
    return False


def _database_rules(conn: Connection) -> dict[str, bool]:
    _raw_rows(conn)
    domain = {"vendor_id": 1, "verification_token": "t"}
    conn.execute(
        insert(tables.vendor_domains).values(domain="a.example", is_primary=True, **domain)
    )
    conn.execute(
        insert(tables.vendor_domains).values(domain="b.example", is_primary=False, **domain)
    )
    conn.execute(insert(tables.platform_admins).values(user_id=1, platform_id=None))
    conn.execute(insert(tables.platform_admins).values(user_id=1, platform_id=1))
    return {
        "second primary": _insert_fails(
            conn, tables.vendor_domains, domain="c.example", is_primary=True, **domain
        ),
        "third non-primary": _insert_fails(
            conn, tables.vendor_domains, domain="d.example", is_primary=False, **domain
        ),
        "super admin twice": _insert_fails(
            conn, tables.platform_admins, user_id=1, platform_id=None
        ),
        "platform admin twice": _insert_fails(
            conn, tables.platform_admins, user_id=1, platform_id=1
        ),
        "upper-case e-mail": _insert_fails(
            conn, tables.users, email="Bo@example.com", display_name="Bo", password_hash="h"
        ),
        "vendor of no company": _insert_fails(
            conn, tables.vendors, slug="ghost", name="Ghost", company_id=99
        ),
    }


def test_the_database_keeps_one_primary_domain_one_grant_and_lower_case_emails(
    migrated_url: str,
) -> None:
    assert asyncio.run(_run(migrated_url, _database_rules)) == {
        "second primary": True,
        "third non-primary": False,
        "super admin twice": True,
        "platform admin twice": True,
        "upper-case e-mail": True,
        "vendor of no company": True,
    }


def _table_names(conn: Connection) -> set[str]:
    return set(inspect(conn).get_table_names())


def test_the_identity_migration_downgrades_and_upgrades_again(migrated_url: str) -> None:
    assert asyncio.run(_run(migrated_url, _table_names)) >= IDENTITY_TABLES
    command.downgrade(alembic_config(migrated_url, builtin_folders()), "tenancy@tenancy_0001")
    remaining = asyncio.run(_run(migrated_url, _table_names))
    assert not IDENTITY_TABLES & remaining and "platforms" in remaining
    upgrade(migrated_url, builtin_folders())
    assert asyncio.run(_run(migrated_url, _table_names)) >= IDENTITY_TABLES
