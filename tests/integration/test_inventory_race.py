"""50 orders race for a variant with 10 in stock, on PostgreSQL: exactly 10 reservations.

Each reservation runs in its own unit of work on its own connection, as order placements of
concurrent requests do. A blocking connection holds the level's row locked while the 50 start:
each claims its reference, reads the level (10 available: every one of them decides to
reserve) and then waits on the row. The lock is released only once all 50 wait; the
conditional UPDATE, re-checked under the row lock, lets exactly 10 through. The vendor's
counters (units on hand, levels below threshold) then equal a recount of the levels.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import asyncpg
import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from mercato.adapters.db.engine import async_url
from mercato.adapters.db.migrations import upgrade
from mercato.adapters.db.scope import unit_of_work
from mercato.domain.inventory.model import MovementKind
from mercato.ports.inventory import InsufficientStock, StockLine
from tests.conftest import builtin_folders, run
from tests.support.counters import counter_mismatches, session_fetch
from tests.support.inventory_kit import Kit, kit
from tests.support.services import fresh_postgres_database, require_service

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

ORDERS = 50
IN_STOCK = 10
TEE_M = 11


async def _place(k: Kit, n: int) -> bool:
    async with unit_of_work(fresh=True):
        try:
            await k.reservations.reserve(k.vendor_id, f"order:{n}", [StockLine(TEE_M, 1)])
        except InsufficientStock:
            return False
        await k.repository().commit()
        return True


async def _all_waiting(blocker: asyncpg.Connection) -> None:
    """Until every order waits on the level's row (opening 50 connections takes a while)."""
    query = (
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
    )
    for _ in range(600):
        await blocker.execute("SELECT pg_stat_clear_snapshot()")
        if await blocker.fetchval(query) >= ORDERS:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{ORDERS} orders never waited on the level's row")


async def _race(url: str) -> tuple[list[bool], tuple[int, int], list[str]]:
    engine = create_async_engine(async_url(url), pool_size=ORDERS + 2, max_overflow=0)
    async with kit(url, engine) as k:
        await k.stock.record(k.platform_id, k.vendor_id, "TEE-M", MovementKind.RECEIPT, IN_STOCK)
        blocker = await asyncpg.connect(url)
        try:
            lock = blocker.transaction()
            await lock.start()
            await blocker.execute("SELECT id FROM inventory_levels FOR UPDATE")
            orders = [asyncio.create_task(_place(k, n)) for n in range(ORDERS)]
            await _all_waiting(blocker)
            await lock.commit()
            placed = await asyncio.gather(*orders)
            on_hand, reserved = await blocker.fetchrow(
                "SELECT on_hand, reserved FROM inventory_levels"
            )
            negative = await blocker.fetch(
                "SELECT id FROM inventory_levels WHERE on_hand < 0 OR reserved < 0 "
                "OR on_hand - reserved < 0"
            )
        finally:
            await blocker.close()
        problems = [str(d) for d in await k.stock.check(k.vendor_id)]
        counters = await counter_mismatches(session_fetch(k.container), True)
        problems += [f"counters of {table}: {diff}" for table, diff in counters.items()]
        problems += [f"negative level {r['id']}" for r in negative]
    await engine.dispose()
    return placed, (on_hand, reserved), problems


@pytest.fixture
def postgres_url() -> Iterator[str]:
    with fresh_postgres_database(require_service("MERCATO_TEST_DATABASE_URL", "PostgreSQL")) as url:
        upgrade(url, builtin_folders())
        yield url


def test_fifty_orders_for_ten_units_make_exactly_ten_reservations(postgres_url: str) -> None:
    placed, (on_hand, reserved), problems = run(_race(postgres_url))
    assert placed.count(True) == IN_STOCK
    assert placed.count(False) == ORDERS - IN_STOCK
    assert (on_hand, reserved) == (IN_STOCK, IN_STOCK)
    assert problems == []
