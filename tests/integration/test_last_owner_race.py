"""The last-owner rule under concurrency, on PostgreSQL.

Two requests take away the vendor's last two owners at the same time. To make them truly
overlap, a third connection holds ``vendor_members`` locked while both run: each passes the
domain's check (two owners), then waits on the database; the lock is released only once
both are waiting. Exactly one change may then commit: the vendor keeps an owner.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
import pytest

from mercato.adapters.db.migrations import upgrade
from mercato.bootstrap.container import ApplicationContainer
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


async def _overlap(
    url: str, locked: str, start: Callable[[Any, int, list[Any]], list[Awaitable[object]]]
) -> tuple[ApplicationContainer, int, list[Any], list[object]]:
    """A vendor with two owners; ``start``'s changes begin while a third connection holds
    ``LOCK TABLE <locked> IN EXCLUSIVE MODE`` (reads go on, writes wait), and the lock is let
    go once two sessions wait. The container (open), the vendor, the owners and what the
    changes gave."""
    c = container_with(url)
    t = c.components().container("tenancy")
    platform = await t.platforms().create("north", "North", ["north.test"])
    company = await t.companies().create("Race Holdings")
    vendor = await t.vendors().create("race", "Race", company.id, [platform.id])
    owners = [await t.identity().create_user(f"o{i}@example.com", "long password") for i in (1, 2)]
    for owner in owners:
        await t.teams().add_member(vendor.id, owner.id, "owner")
    blocker = await asyncpg.connect(url)
    try:
        lock = blocker.transaction()
        await lock.start()
        await blocker.execute(f"LOCK TABLE {locked} IN EXCLUSIVE MODE")
        changes = [asyncio.ensure_future(c) for c in start(t, vendor.id, owners)]
        await wait_for_lock_waiters(blocker, 2)
        await lock.commit()
        results = await asyncio.gather(*changes, return_exceptions=True)
    finally:
        await blocker.close()
    return c, vendor.id, owners, results


async def _race(url: str, first: Change, second: Change) -> tuple[list[object], list[str]]:
    def start(t: Any, vendor: int, owners: list[Any]) -> list[Awaitable[object]]:
        pairs = zip((first, second), owners, strict=True)
        return [change(t.teams(), vendor, owner.id) for change, owner in pairs]

    c, vendor, _, results = await _overlap(url, "vendor_members", start)
    try:
        teams = c.components().container("tenancy").teams()
        return results, [m.role for m, _ in await teams.members(vendor)]
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


async def _deactivate_both(url: str) -> tuple[list[object], list[bool]]:
    # reads of users go on, writes wait: without a lock of their own both checks would see
    # the other owner still active, and both writes would then go in
    def start(t: Any, _vendor: int, owners: list[Any]) -> list[Awaitable[object]]:
        return [t.identity().set_active(owner.id, False) for owner in owners]

    c, _, owners, results = await _overlap(url, "users", start)
    try:
        identity = c.components().container("tenancy").identity()
        return results, [(await identity.get(o.id)).is_active for o in owners]
    finally:
        await close_container(c)


def test_two_concurrent_deactivations_cannot_take_away_the_last_two_active_owners() -> None:
    base = require_service("MERCATO_TEST_DATABASE_URL", "PostgreSQL")
    with fresh_postgres_database(base) as url:
        upgrade(url, builtin_folders())
        results, active = asyncio.run(_deactivate_both(url))
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], Conflict), results
    assert "last active owner of race" in str(refused[0])
    assert active.count(True) == 1, active
