"""``config_version`` moves on every write to a cached table, and the cache follows it.

The triggers of migration ``tenancy_0004`` hold the rule in the database, so a write by any
process (or by hand) is noticed. A migration that rebuilds a cached table on SQLite drops
its triggers: this test then fails for that table.
"""

from __future__ import annotations

import asyncio
import importlib.util
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from mercato.adapters.db.engine import create_engine, create_session_factory
from mercato.adapters.db.scope import unit_of_work
from mercato.adapters.tenancy.cache import (
    CACHED_TABLES,
    CachedPlatformDirectory,
    ConfigCache,
)
from mercato.adapters.tenancy.repositories import SqlAlchemyPlatformRepository
from mercato.domain.tenancy.services import PlatformDirectoryService
from tests.conftest import builtin_folders

pytestmark = pytest.mark.integration

# One write of each kind per cached table, in an order the foreign keys accept.
WRITES: list[tuple[str, str]] = [
    ("platforms", "INSERT INTO platforms (id, code, name, settings) VALUES (90, 'p', 'P', '{}')"),
    ("platforms", "UPDATE platforms SET name = 'Q' WHERE id = 90"),
    (
        "platform_domains",
        "INSERT INTO platform_domains (domain, platform_id) VALUES ('p.test', 90)",
    ),
    ("platform_modules", "INSERT INTO platform_modules (platform_id, module) VALUES (90, 'm')"),
    (
        "menu_configs",
        "INSERT INTO menu_configs (platform_id, frontend, item_id, hidden) "
        "VALUES (90, 'admin', 'x', true)",
    ),
    ("vendors", "INSERT INTO vendors (id, slug, name, company_id) VALUES (91, 'v', 'V', 92)"),
    (
        "vendor_platforms",
        "INSERT INTO vendor_platforms (vendor_id, platform_id, status) VALUES (91, 90, 'active')",
    ),
    ("vendor_platforms", "UPDATE vendor_platforms SET status = 'suspended'"),
    (
        "vendor_domains",
        "INSERT INTO vendor_domains (vendor_id, domain, verification_token, verified, "
        "is_primary) VALUES (91, 'v.example', 't', false, false)",
    ),
    (
        "vendor_roles",
        "INSERT INTO vendor_roles (vendor_id, name, permissions) VALUES (91, 'r', '[]')",
    ),
    ("vendor_roles", "DELETE FROM vendor_roles"),
    ("vendor_domains", "DELETE FROM vendor_domains"),
    ("vendor_platforms", "DELETE FROM vendor_platforms"),
    ("vendors", "DELETE FROM vendors"),
    ("menu_configs", "DELETE FROM menu_configs"),
    ("platform_modules", "DELETE FROM platform_modules"),
    ("platform_domains", "DELETE FROM platform_domains"),
    ("platforms", "DELETE FROM platforms WHERE id = 90"),
]


async def _with(url: str, work: Callable[[AsyncConnection], Awaitable[Any]]) -> Any:
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            return await work(conn)
    finally:
        await engine.dispose()


async def _version(conn: AsyncConnection) -> int:
    return int((await conn.execute(text("SELECT version FROM config_version"))).scalar_one())


def test_every_write_to_a_cached_table_moves_the_version(migrated_url: str) -> None:
    async def work(conn: AsyncConnection) -> list[str]:
        await conn.execute(text("INSERT INTO companies (id, name) VALUES (92, 'C')"))
        still: list[str] = []
        for table, sql in WRITES:
            before = await _version(conn)
            await conn.execute(text(sql))
            if await _version(conn) <= before:
                still.append(f"{table}: {sql}")
        before = await _version(conn)
        await conn.execute(
            text("INSERT INTO users (email, display_name, password_hash) VALUES ('u@x', 'U', 'h')")
        )
        if await _version(conn) != before:
            still.append("users is not cached: writing it must not move the version")
        return still

    assert asyncio.run(_with(migrated_url, work)) == []
    assert {t for t, _ in WRITES} == set(CACHED_TABLES)


def test_the_migration_triggers_every_table_the_cache_reads() -> None:
    path = next(p for f in builtin_folders() for p in f.rglob("tenancy_0004_*.py"))
    spec = importlib.util.spec_from_file_location("tenancy_0004", path)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    assert tuple(migration.CACHED_TABLES) == CACHED_TABLES


def test_one_process_sees_another_processs_change_in_its_next_unit_of_work(
    migrated_url: str,
) -> None:
    """Two engines and caches stand for two processes; ``b`` changes what ``a`` keeps."""

    async def scenario() -> list[object]:
        engines = [create_engine(migrated_url) for _ in range(2)]
        try:
            sessions = [create_session_factory(e) for e in engines]
            repos = [SqlAlchemyPlatformRepository(s) for s in sessions]
            caches = [ConfigCache(e, s) for e, s in zip(engines, sessions, strict=True)]
            a = CachedPlatformDirectory(PlatformDirectoryService(repos[0]), caches[0])
            created = await repos[1].add("north", "North", ["north.test"])
            seen: list[object] = []
            async with unit_of_work(fresh=True):
                seen.append(getattr(await a.by_host("north.test"), "name", None))
                await repos[1].update(created.id, "Renamed", ["north.test"])
                # Within one unit of work the version is read once: still the old answer...
                seen.append(getattr(await a.by_host("north.test"), "name", None))
                await repos[0].update(created.id, "Mine", ["north.test"])
                # ... but this process's own write empties its cache at once.
                seen.append(getattr(await a.by_host("north.test"), "name", None))
            await repos[1].update(created.id, "Theirs", ["north.test"])
            async with unit_of_work(fresh=True):
                seen.append(getattr(await a.by_host("north.test"), "name", None))
            return seen
        finally:
            for e in engines:
                await e.dispose()

    assert asyncio.run(scenario()) == ["North", "North", "Mine", "Theirs"]
