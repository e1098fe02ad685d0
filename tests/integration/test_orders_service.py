"""The orders' use cases on SQLite and PostgreSQL: numbers, idempotency, stock, rollups.

The other modules are their port Fakes (catalog, customers, inventory); the orders' own
tables, transactions and rollups are real.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import text

from mercato.adapters.db.engine import create_engine
from mercato.domain.orders.model import FulfilmentStatus, OrderStatus, PaymentStatus
from mercato.domain.orders.repository import OrderFilter
from mercato.domain.orders.services import IdempotencyKeyReused
from mercato.domain.orders.transitions import Action, TransitionRefused
from mercato.ports.errors import InvalidInput, NotFound
from mercato.ports.inventory import InsufficientStock
from tests.support.orders_kit import migrate_with_orders, order_of, orders_kit, variant
from tests.support.world import World

pytestmark = pytest.mark.integration


@pytest.fixture
def world(database_url: str) -> World:
    return migrate_with_orders(database_url)


def _variants(world: World) -> list:  # type: ignore[type-arg]
    acme, globex = world.vendors["acme"], world.vendors["globex"]
    return [
        variant(1, acme, "TEE", 1500),
        variant(2, acme, "MUG", 900),
        variant(3, acme, "DOLLAR", 700, "USD"),
        variant(4, globex, "TEE", 2500),
    ]


async def _recount(url: str) -> tuple[list[tuple], list[tuple]]:  # type: ignore[type-arg]
    """The rollups, and the same figures counted from the orders themselves."""
    engine = create_engine(url)
    try:
        async with engine.connect() as c:
            rollups = (
                await c.execute(
                    text(
                        "SELECT platform_id, vendor_id, day, currency, orders, revenue, units "
                        "FROM orders_daily_rollups WHERE orders <> 0 OR revenue <> 0 OR units <> 0 "
                        "ORDER BY 1, 2, 3, 4"
                    )
                )
            ).all()
            counted: dict[tuple[object, ...], list[int]] = {}
            for o in (
                await c.execute(
                    text(
                        "SELECT o.platform_id, o.vendor_id, o.created_at, o.currency, "
                        "o.total - o.refunded, (SELECT sum(quantity) FROM order_lines l "
                        "WHERE l.order_id = o.id) FROM orders o WHERE o.status <> 'cancelled'"
                    )
                )
            ).all():
                key = (o[0], o[1], str(o[2])[:10], o[3])
                sums = counted.setdefault(key, [0, 0, 0])
                sums[0], sums[1], sums[2] = sums[0] + 1, sums[1] + int(o[4]), sums[2] + int(o[5])
            recount = [(*k, *v) for k, v in sorted(counted.items())]  # type: ignore[misc]
            by_status = (
                await c.execute(
                    text(
                        "SELECT platform_id, vendor_id, status, orders FROM orders_status_rollups "
                        "WHERE orders <> 0 ORDER BY 1, 2, 3"
                    )
                )
            ).all()
            status_recount = (
                await c.execute(
                    text(
                        "SELECT platform_id, vendor_id, status, count(*) FROM orders "
                        "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
                    )
                )
            ).all()
    finally:
        await engine.dispose()
    days = [(p, v, str(d)[:10], c, int(n), int(r), int(u)) for p, v, d, c, n, r, u in rollups]
    return (
        days + [tuple(r) for r in by_status],
        recount + [tuple(r) for r in status_recount],
    )


def test_orders_are_numbered_per_vendor_and_snapshot_their_lines(world: World) -> None:
    async def go() -> None:
        north = world.platforms["north"]
        acme, globex = world.vendors["acme"], world.vendors["globex"]
        async with orders_kit(world.url, _variants(world), on_hand={1: 10, 2: 10}) as kit:
            one = await kit.service.place(north, acme, "k1", order_of(("TEE", 2), shipping=450))
            two = await kit.service.place(north, acme, "k2", order_of(("MUG", 1)))
            other = await kit.service.place(north, globex, "k1", order_of(("TEE", 1)))
            assert (one.number, two.number, other.number) == (1, 2, 1)
            kit.catalog.variants[0] = variant(1, acme, "TEE", 9999)  # the price changes later
            got = await kit.service.get(acme, 1)
            assert [(x.sku, x.title, x.unit_price, x.quantity) for x in got.lines] == [
                ("TEE", "Title TEE", 1500, 2)
            ]
            assert (got.subtotal, got.shipping, got.total, got.currency) == (3000, 450, 3450, "EUR")
            assert got.status is OrderStatus.OPEN and got.payment is PaymentStatus.PENDING
            assert kit.stock.reserved["order:2"] == {2: 1}
            assert kit.stock.available(1) == 8
            assert kit.events.names() == ["orders.placed"] * 3
            with pytest.raises(NotFound):
                await kit.service.get(globex, 2)  # acme's number 2 is not globex's

    asyncio.run(go())


def test_the_same_key_and_body_return_the_first_order_and_another_body_is_refused(
    world: World,
) -> None:
    async def go() -> None:
        north, acme = world.platforms["north"], world.vendors["acme"]
        async with orders_kit(world.url, _variants(world)) as kit:
            first = await kit.service.place(north, acme, "same", order_of(("TEE", 1)))
            again = await kit.service.place(north, acme, "same", order_of(("TEE", 1)))
            assert again.id == first.id and again.number == 1
            with pytest.raises(IdempotencyKeyReused):
                await kit.service.place(north, acme, "same", order_of(("TEE", 2)))
            with pytest.raises(IdempotencyKeyReused):
                await kit.service.act(acme, 1, Action.PAY, "same")
            paid = await kit.service.act(acme, 1, Action.PAY, "pay-1")
            assert (
                await kit.service.act(acme, 1, Action.PAY, "pay-1")
            ).payment is PaymentStatus.PAID
            assert paid.payment is PaymentStatus.PAID
            assert kit.events.names() == ["orders.placed", "orders.paid"]
            page = await kit.service.page(acme, OrderFilter(), None, 10)
            assert [o.number for o in page.items] == [1]

    asyncio.run(go())


def test_refused_placements_leave_no_order_and_use_no_number(world: World) -> None:
    async def go() -> None:
        north, acme = world.platforms["north"], world.vendors["acme"]
        async with orders_kit(world.url, _variants(world), on_hand={1: 3}) as kit:
            with pytest.raises(InsufficientStock) as short:
                await kit.service.place(north, acme, "a", order_of(("TEE", 5)))
            assert short.value.field == "lines[0].quantity"
            assert "line 1 (TEE): 5 requested, 3 available" in short.value.message
            with pytest.raises(InvalidInput) as bad:
                await kit.service.place(north, acme, "b", order_of(("TEE", 1), ("NOPE", 1)))
            assert bad.value.field == "lines[1].sku"
            with pytest.raises(InvalidInput, match="one currency"):
                await kit.service.place(north, acme, "c", order_of(("TEE", 1), ("DOLLAR", 1)))
            placed = await kit.service.place(north, acme, "a", order_of(("TEE", 3)))
            assert placed.number == 1
            assert kit.events.names() == ["orders.placed"]

    asyncio.run(go())


def test_a_platform_without_inventory_takes_orders_without_reservations(world: World) -> None:
    async def go() -> None:
        north, south, acme = (
            world.platforms["north"],
            world.platforms["south"],
            world.vendors["acme"],
        )
        async with orders_kit(
            world.url,
            _variants(world),
            on_hand={1: 1},
            without_inventory=frozenset({south}),
            platforms=(north, south),
        ) as kit:
            order = await kit.service.place(south, acme, "s1", order_of(("TEE", 5)))
            assert order.number == 1 and kit.stock.reserved == {}
            await kit.service.act(acme, 1, Action.FULFIL, "f1")
            await kit.service.act(acme, 1, Action.DELIVER, "d1")
            assert kit.stock.sold == {}
            with pytest.raises(InsufficientStock):
                await kit.service.place(north, acme, "n1", order_of(("TEE", 5)))

    asyncio.run(go())


def test_fulfilment_sells_the_reservation_and_cancelling_releases_it(world: World) -> None:
    async def go() -> None:
        north, acme = world.platforms["north"], world.vendors["acme"]
        async with orders_kit(world.url, _variants(world), on_hand={1: 10, 2: 10}) as kit:
            await kit.service.place(north, acme, "p1", order_of(("TEE", 2)))
            await kit.service.place(north, acme, "p2", order_of(("MUG", 3)))
            fulfilled = await kit.service.act(acme, 1, Action.FULFIL, "f1")
            assert fulfilled.fulfilment is FulfilmentStatus.FULFILLED
            assert kit.stock.on_hand[1] == 8 and "order:1" in kit.stock.sold
            await kit.service.act(acme, 2, Action.CANCEL, "c2")
            assert kit.stock.available(2) == 10
            with pytest.raises(TransitionRefused, match="allowed now: pay, deliver"):
                await kit.service.act(acme, 1, Action.CANCEL, "c1")
            again = await kit.service.act(acme, 2, Action.CANCEL, "c2-again")
            assert again.status is OrderStatus.CANCELLED
            assert kit.events.names() == [
                "orders.placed",
                "orders.placed",
                "orders.fulfilled",
                "orders.cancelled",
            ]

    asyncio.run(go())


def test_the_stock_contract_is_told_the_platform_the_order_was_placed_on(world: World) -> None:
    """acme is on north and south: the reservation and the sale of an order placed on south
    name south, so stock events they cause are announced there."""

    async def go() -> None:
        south, acme = world.platforms["south"], world.vendors["acme"]
        async with orders_kit(world.url, _variants(world), on_hand={1: 10}) as kit:
            placed = await kit.service.place(south, acme, "s1", order_of(("TEE", 2)))
            await kit.service.act(acme, placed.number, Action.FULFIL, "f1")
            assert kit.stock.platforms[placed.reference] == [south, south]

    asyncio.run(go())


def test_rollups_equal_a_recount_of_the_orders(world: World) -> None:
    async def go() -> None:
        north, south = world.platforms["north"], world.platforms["south"]
        acme, globex = world.vendors["acme"], world.vendors["globex"]
        async with orders_kit(world.url, _variants(world)) as kit:
            s = kit.service
            await s.place(north, acme, "1", order_of(("TEE", 2), shipping=300))
            await s.place(north, acme, "2", order_of(("MUG", 1)))
            await s.place(south, acme, "3", order_of(("DOLLAR", 4)))
            kit.clock.advance(timedelta(days=1))
            await s.place(north, globex, "4", order_of(("TEE", 1)))
            await s.place(north, acme, "5", order_of(("TEE", 1), ("MUG", 2)))
            await s.act(acme, 1, Action.PAY, "p1")
            await s.act(acme, 1, Action.REFUND, "r1", 500)  # partly refunded, kept
            await s.act(acme, 2, Action.PAY, "p2")
            await s.act(acme, 2, Action.REFUND, "r2", 100)
            await s.act(acme, 2, Action.CANCEL, "c2")  # cancelled after a refund
            await s.act(acme, 2, Action.REFUND, "r2b")  # refund of a cancelled order
            for action in (Action.PAY, Action.FULFIL, Action.DELIVER):
                await s.act(globex, 1, action, f"g-{action.value}")
            await s.act(acme, 4, Action.CANCEL, "c4")
            rollups, recount = await _recount(world.url)
            assert rollups == recount
            totals = await kit.rollups.totals(north, acme, START_DAY, kit.clock.now().date())
            assert [(t.currency, t.orders_today, t.orders, t.revenue) for t in totals] == [
                ("EUR", 0, 1, 3300 - 500)
            ]
            statuses = await kit.rollups.by_status(north, None)
            assert statuses == {
                OrderStatus.OPEN: 1,
                OrderStatus.COMPLETED: 1,
                OrderStatus.CANCELLED: 2,
            }

    asyncio.run(go())


START_DAY = __import__("datetime").date(2026, 11, 1)
