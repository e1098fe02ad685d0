"""Order numbers and idempotency keys under concurrency, on PostgreSQL.

Placements for one vendor run at once, each in its own unit of work on its own connection:
the counter row's lock makes them take numbers one after the other, so the numbers are
1..N without a gap or a duplicate. Two placements with the same key race: the second waits
on the key's unique index and returns the first's order.
"""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from mercato.adapters.db.engine import create_engine
from mercato.domain.orders.services import IdempotencyKeyReused
from tests.support.orders_kit import migrate_with_orders, order_of, orders_kit, variant
from tests.support.services import fresh_postgres_database, require_service

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

PLACEMENTS = 30


async def _numbers(url: str, vendor_id: int) -> list[int]:
    engine = create_engine(url)
    try:
        async with engine.connect() as c:
            found = await c.execute(
                text("SELECT number FROM orders WHERE vendor_id = :v ORDER BY number"),
                {"v": vendor_id},
            )
            return [int(n) for (n,) in found.all()]
    finally:
        await engine.dispose()


def test_concurrent_placements_are_numbered_without_gap_or_duplicate() -> None:
    base = require_service("MERCATO_TEST_DATABASE_URL", "PostgreSQL")
    with fresh_postgres_database(base) as url:
        world = migrate_with_orders(url)
        north, acme = world.platforms["north"], world.vendors["acme"]

        async def go() -> list[int]:
            async with orders_kit(url, [variant(1, acme, "TEE", 1500)]) as kit:
                placed = await asyncio.gather(
                    *(
                        kit.service.place(north, acme, f"key-{i}", order_of(("TEE", 1)))
                        for i in range(PLACEMENTS)
                    )
                )
            return sorted(o.number for o in placed)

        returned = asyncio.run(go())
        stored = asyncio.run(_numbers(url, acme))
    assert returned == list(range(1, PLACEMENTS + 1))
    assert stored == list(range(1, PLACEMENTS + 1))


def test_racing_requests_with_one_key_place_one_order() -> None:
    base = require_service("MERCATO_TEST_DATABASE_URL", "PostgreSQL")
    with fresh_postgres_database(base) as url:
        world = migrate_with_orders(url)
        north, acme = world.platforms["north"], world.vendors["acme"]

        async def go() -> tuple[list[int], int]:
            async with orders_kit(url, [variant(1, acme, "TEE", 1500)]) as kit:
                same = await asyncio.gather(
                    *(
                        kit.service.place(north, acme, "one-key", order_of(("TEE", 2)))
                        for _ in range(5)
                    )
                )
                other = await asyncio.gather(
                    kit.service.place(north, acme, "two-key", order_of(("TEE", 1))),
                    kit.service.place(north, acme, "two-key", order_of(("TEE", 9))),
                    return_exceptions=True,
                )
            refused = sum(isinstance(r, IdempotencyKeyReused) for r in other)
            return [o.id for o in same], refused

        ids, refused = asyncio.run(go())
        stored = asyncio.run(_numbers(url, acme))
    assert len(set(ids)) == 1
    assert refused == 1
    assert stored == [1, 2]
