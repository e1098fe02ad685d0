"""Every module's Alembic branch applies on SQLite and PostgreSQL, and re-applying is a no-op."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import inspect

from mercato.adapters.db.engine import create_engine
from mercato.adapters.db.migrations import current_heads, upgrade
from tests.conftest import builtin_folders

pytestmark = pytest.mark.integration


async def _tables_and_versions(url: str) -> tuple[set[str], set[str]]:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            tables = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
            rows = await conn.exec_driver_sql("SELECT version_num FROM alembic_version")
            versions = {r[0] for r in rows}
    finally:
        await engine.dispose()
    return tables, versions


def test_upgrade_applies_every_module_branch(database_url: str) -> None:
    upgrade(database_url, builtin_folders())
    tables, versions = asyncio.run(_tables_and_versions(database_url))
    assert {"platforms", "platform_domains", "platform_modules", "menu_configs"} <= tables
    assert "scheduled_task_runs" in tables
    assert (
        versions
        == set(current_heads(builtin_folders()))
        == {
            "core_0004",
            "tenancy_0004_config_version",
            "inventory_0002",
            "customers_0002",
            "catalog_0002",
            "orders_0001",
        }
    )
    assert {"inventory_levels", "inventory_movements", "inventory_reservations"} <= tables
    assert {"orders", "order_lines", "order_counters", "orders_daily_rollups"} <= tables


def test_upgrading_twice_changes_nothing(database_url: str) -> None:
    upgrade(database_url, builtin_folders())
    first = asyncio.run(_tables_and_versions(database_url))
    upgrade(database_url, builtin_folders())
    assert asyncio.run(_tables_and_versions(database_url)) == first
