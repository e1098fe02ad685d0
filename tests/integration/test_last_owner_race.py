"""The last-owner rule under concurrency, on PostgreSQL.

Two requests take away the vendor's last two owners at the same time. To make them truly
overlap, a third connection holds ``vendor_members`` locked while both run: each passes the
domain's check (two owners), then waits on the database; the lock is released only once
both are waiting. Exactly one change may then commit: the vendor keeps an owner.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import asyncpg
import pytest

from mercato.adapters.db.migrations import upgrade
from mercato.bootstrap.library import close_container
from mercato.domain.tenancy.teams import TeamService
from mercato.ports.errors import Conflict
from tests.conftest import builtin_folders
from tests.support.app import container_with
from tests.support.services import (
    fresh_postgres_database,
    require_service,
    wait_for_lock_waiters,
)

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

Change = Callable[[TeamService, int, int], Awaitable[object]]


async def _demote(teams: TeamService, vendor: int, user: int) -> object:
    return await teams.change_role(vendor, user, "manager")


async def _remove(teams: TeamService, vendor: int, user: int) -> object:
    await teams.remove(vendor, user)
    return None


async def _race(url: str, first: Change, second: Change) -> tuple[list[object], list[str]]:
    c = container_with(url)
    try:
        t = c.components().container("tenancy")
        platform = await t.platforms().create("north", "North", ["north.test"])
        company = await t.companies().create("Race Holdings")
        vendor = await t.vendors().create("race", "Race", company.id, [platform.id])
        owners = [
            await t.identity().create_user(f"o{i}@example.com", "long password") for i in (1, 2)
        ]
        for owner in owners:
            await t.teams().add_member(vendor.id, owner.id, "owner")
        blocker = await asyncpg.connect(url)
        try:
            lock = blocker.transaction()
            await lock.start()
            await blocker.execute("LOCK TABLE vendor_members IN EXCLUSIVE MODE")
            changes = [
                asyncio.create_task(change(t.teams(), vendor.id, owner.id))
                for change, owner in zip((first, second), owners, strict=True)
            ]
            await wait_for_lock_waiters(blocker, 2)
            await lock.commit()
            results = await asyncio.gather(*changes, return_exceptions=True)
        finally:
            await blocker.close()
        roles = [m.role for m, _ in await t.teams().members(vendor.id)]
        return results, roles
    finally:
        await close_container(c)


@pytest.mark.parametrize(
    ("first", "second"),
    [(_demote, _demote), (_demote, _remove), (_remove, _remove)],
    ids=["two demotions", "a demotion and a removal", "two removals"],
)
def test_two_concurrent_changes_cannot_take_away_the_last_two_owners(
    first: Change, second: Change
) -> None:
    base = require_service("MERCATO_TEST_DATABASE_URL", "PostgreSQL")
    with fresh_postgres_database(base) as url:
        upgrade(url, builtin_folders())
        results, roles = asyncio.run(_race(url, first, second))
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], Conflict), results
    assert roles.count("owner") == 1, roles
