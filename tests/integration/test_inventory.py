"""Inventory against real SQLite and PostgreSQL: the ledger, the CHECK, reservations, expiry."""

from __future__ import annotations

from datetime import timedelta

import msgspec
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from mercato.adapters.db.scope import unit_of_work
from mercato.domain.inventory.model import MovementKind
from mercato.ports.errors import Conflict, NotFound
from mercato.ports.inventory import InsufficientStock, StockBelowThreshold, StockLine
from mercato.ports.pagination import PageRequest
from tests.conftest import run
from tests.support.inventory_kit import Kit, committed, kit

pytestmark = pytest.mark.integration

TEE_M, TEE_L, MUG = 11, 12, 13


async def _level(k: Kit, variant_id: int) -> tuple[int, int, int]:
    (lv,) = await k.repository().levels_of(k.vendor_id, [variant_id], k.clock.now())
    return lv.on_hand, lv.reserved, lv.available


async def _receive(k: Kit, sku: str, quantity: int, location: str = "main") -> None:
    await k.stock.record(
        k.platform_id, k.vendor_id, sku, MovementKind.RECEIPT, quantity, location, "test"
    )


def test_receipts_reservations_and_sales_keep_the_levels_equal_to_the_ledger(
    migrated_url: str,
) -> None:
    async def go() -> None:
        async with kit(migrated_url) as k:
            await _receive(k, "TEE-M", 10)
            await _receive(k, "TEE-L", 3)
            lines = [StockLine(TEE_M, 2), StockLine(TEE_L, 1), StockLine(TEE_M, 1)]
            await committed(k, lambda: k.reservations.reserve(k.vendor_id, "order:1", lines))
            assert await _level(k, TEE_M) == (10, 3, 7)
            await committed(k, lambda: k.reservations.commit(k.vendor_id, "order:1"))
            assert await _level(k, TEE_M) == (7, 0, 7)
            assert await _level(k, TEE_L) == (2, 0, 2)
            await committed(
                k, lambda: k.reservations.reserve(k.vendor_id, "order:2", [StockLine(TEE_L, 2)])
            )
            await committed(k, lambda: k.reservations.release(k.vendor_id, "order:2"))
            assert await _level(k, TEE_L) == (2, 0, 2)
            assert await k.stock.check(k.vendor_id) == []
            kinds = [m.kind for m in (await k.stock.movements(k.vendor_id)).items]
            assert kinds.count(MovementKind.SALE) == 2 and MovementKind.RELEASE in kinds

    run(go())


def test_every_call_is_idempotent_per_reference(migrated_url: str) -> None:
    async def go() -> None:
        async with kit(migrated_url) as k:
            await _receive(k, "TEE-M", 5)
            for _ in range(2):
                await committed(
                    k,
                    lambda: k.reservations.reserve(k.vendor_id, "order:7", [StockLine(TEE_M, 2)]),
                )
            assert await _level(k, TEE_M) == (5, 2, 3)
            for _ in range(2):
                await committed(k, lambda: k.reservations.commit(k.vendor_id, "order:7"))
                await committed(k, lambda: k.reservations.release(k.vendor_id, "order:7"))
            assert await _level(k, TEE_M) == (3, 0, 3)
            assert await k.stock.check(k.vendor_id) == []

    run(go())


def test_a_short_reserve_holds_nothing_and_names_every_short_line(migrated_url: str) -> None:
    async def go() -> None:
        async with kit(migrated_url) as k:
            await _receive(k, "TEE-M", 5)
            await _receive(k, "TEE-L", 1)
            lines = [StockLine(TEE_M, 4), StockLine(TEE_L, 2), StockLine(MUG, 9)]
            with pytest.raises(InsufficientStock) as refused:
                await committed(k, lambda: k.reservations.reserve(k.vendor_id, "order:3", lines))
            assert [(s.variant_id, s.requested, s.available) for s in refused.value.shortages] == [
                (TEE_L, 2, 1)
            ]  # MUG is not tracked: neither held nor short
            assert await _level(k, TEE_M) == (5, 0, 5)
            await _receive(k, "TEE-L", 1)  # the reference was not spent by the refusal
            await committed(k, lambda: k.reservations.reserve(k.vendor_id, "order:3", lines))
            assert await _level(k, TEE_L) == (2, 2, 0)
            assert await k.stock.check(k.vendor_id) == []

    run(go())


def test_the_database_refuses_a_level_reserving_more_than_on_hand(migrated_url: str) -> None:
    async def go() -> None:
        async with kit(migrated_url) as k:
            await _receive(k, "TEE-M", 2)
            sessions = k.container.sessions()
            async with sessions() as s:
                with pytest.raises(IntegrityError):
                    await s.execute(text("UPDATE inventory_levels SET reserved = on_hand + 1"))
                    await s.commit()
            async with sessions() as s:
                with pytest.raises(IntegrityError):
                    await s.execute(text("UPDATE inventory_levels SET on_hand = -1, reserved = 0"))
                    await s.commit()
            async with sessions() as s:  # a backordered variant may hold more than it has
                await s.execute(
                    text("UPDATE inventory_levels SET allow_backorder = true, reserved = 5")
                )
                await s.commit()
            assert await _level(k, TEE_M) == (2, 5, -3)

    run(go())


def test_an_adjustment_never_takes_stock_under_what_is_reserved(migrated_url: str) -> None:
    async def go() -> None:
        async with kit(migrated_url) as k:
            await _receive(k, "TEE-M", 5)
            await committed(
                k, lambda: k.reservations.reserve(k.vendor_id, "order:1", [StockLine(TEE_M, 3)])
            )
            with pytest.raises(Conflict):
                await k.stock.record(
                    k.platform_id, k.vendor_id, "TEE-M", MovementKind.ADJUSTMENT, -3
                )
            level = await k.stock.record(
                k.platform_id, k.vendor_id, "TEE-M", MovementKind.ADJUSTMENT, -2
            )
            assert (level.on_hand, level.reserved, level.available) == (3, 3, 0)
            with pytest.raises(NotFound):
                await _receive(k, "GLOBEX-1", 1)  # another vendor's SKU is not found

    run(go())


def test_expired_reservations_are_not_held_at_read_time_and_the_task_releases_them(
    migrated_url: str,
) -> None:
    async def go() -> None:
        async with kit(migrated_url) as k:
            await _receive(k, "TEE-M", 4)
            soon = k.clock.now() + timedelta(minutes=15)
            await committed(
                k,
                lambda: k.reservations.reserve(k.vendor_id, "order:1", [StockLine(TEE_M, 3)], soon),
            )
            assert await _level(k, TEE_M) == (4, 3, 1)
            k.clock.advance(timedelta(minutes=16))
            assert await _level(k, TEE_M) == (4, 3, 4)  # stored, but lapsed
            page = await k.stock.levels(k.vendor_id, PageRequest())
            assert [lv.available for lv in page.items] == [4]
            assert await k.reservations.release_lapsed() == 1
            assert await k.reservations.release_lapsed() == 0
            assert await _level(k, TEE_M) == (4, 0, 4)
            # committing a lapsed, released reservation takes the stock again when it is there
            await committed(k, lambda: k.reservations.commit(k.vendor_id, "order:1"))
            assert await _level(k, TEE_M) == (1, 0, 1)
            assert await k.stock.check(k.vendor_id) == []

    run(go())


def test_a_new_reservation_takes_the_units_of_a_lapsed_one(migrated_url: str) -> None:
    async def go() -> None:
        async with kit(migrated_url) as k:
            await _receive(k, "TEE-M", 2)
            soon = k.clock.now() + timedelta(minutes=1)
            await committed(
                k,
                lambda: k.reservations.reserve(k.vendor_id, "order:1", [StockLine(TEE_M, 2)], soon),
            )
            k.clock.advance(timedelta(minutes=2))
            await committed(
                k, lambda: k.reservations.reserve(k.vendor_id, "order:2", [StockLine(TEE_M, 2)])
            )
            assert await _level(k, TEE_M) == (2, 2, 0)
            with pytest.raises(InsufficientStock):  # order:1 lapsed and its units went on
                await committed(k, lambda: k.reservations.commit(k.vendor_id, "order:1"))
            assert (await k.repository().reservation(k.vendor_id, "order:1")).status == "released"
            assert await k.stock.check(k.vendor_id) == []

    run(go())


def test_falling_under_the_threshold_is_announced_once(migrated_url: str) -> None:
    async def go() -> None:
        async with kit(migrated_url) as k:
            await _receive(k, "TEE-M", 10)
            await k.stock.configure(k.platform_id, k.vendor_id, "TEE-M", 5, False)
            for n in range(3):
                await committed(
                    k,
                    lambda n=n: k.reservations.reserve(
                        k.vendor_id, f"order:{n}", [StockLine(TEE_M, 3)]
                    ),
                )
            ((platform_id, payload),) = await k.announced(StockBelowThreshold.name)
            event = msgspec.convert(payload, StockBelowThreshold)
            assert (event.sku, event.location, event.available, event.threshold) == (
                "TEE-M",
                "main",
                4,
                5,
            )
            assert platform_id == k.platform_id
            assert (await k.repository().totals([k.vendor_id], k.platform_id)).below_threshold == 1

    run(go())


def test_the_movement_history_pages_by_cursor(migrated_url: str) -> None:
    async def go() -> None:
        async with kit(migrated_url) as k:
            for n in range(1, 6):
                await _receive(k, "MUG", n)
            first = await k.stock.movements(k.vendor_id, None, 2)
            assert [m.quantity for m in first.items] == [5, 4]
            second = await k.stock.movements(k.vendor_id, first.next_before, 2)
            third = await k.stock.movements(k.vendor_id, second.next_before, 2)
            assert [m.quantity for m in second.items] == [3, 2]
            assert [m.quantity for m in third.items] == [1] and third.next_before is None
            assert (await k.stock.movements(k.other_vendor_id)).items == []

    run(go())


def test_the_consistency_check_finds_a_level_changed_behind_the_ledger(migrated_url: str) -> None:
    async def go() -> None:
        async with kit(migrated_url) as k:
            await _receive(k, "TEE-M", 3)
            async with unit_of_work(fresh=True):
                sessions = k.container.sessions()
                async with sessions() as s:
                    await s.execute(text("UPDATE inventory_levels SET on_hand = 7"))
                    await s.commit()
            (found,) = await k.stock.check(k.vendor_id)
            assert (found.variant_id, found.stored.on_hand, found.ledger.on_hand) == (TEE_M, 7, 3)

    run(go())


def test_a_reservation_announces_low_stock_on_the_platform_the_order_was_placed_on(
    migrated_url: str,
) -> None:
    """acme's home platform is north; an order placed on south takes TEE-M under its
    threshold: the event names south. A caller naming no platform gets the home platform."""

    async def go() -> None:
        async with kit(migrated_url) as k:
            t = k.container.components().container("tenancy")
            south = (await t.platforms().create("south", "South", ["south.test"])).id
            await t.vendors().attach(k.vendor_id, south)
            await _receive(k, "TEE-M", 10)
            await _receive(k, "MUG", 10)
            await k.stock.configure(k.platform_id, k.vendor_id, "TEE-M", 5, False)
            await k.stock.configure(k.platform_id, k.vendor_id, "MUG", 5, False)
            await committed(
                k,
                lambda: k.reservations.reserve(
                    k.vendor_id, "order:1", [StockLine(TEE_M, 6)], platform_id=south
                ),
            )
            await committed(
                k, lambda: k.reservations.reserve(k.vendor_id, "order:2", [StockLine(MUG, 6)])
            )
            announced = [
                (platform, payload["sku"])
                for platform, payload in await k.announced(StockBelowThreshold.name)
            ]
            # one fake instant: the outbox's order of the two (random ids) is not theirs
            assert sorted(announced, key=lambda a: a[1]) == [
                (k.platform_id, "MUG"),
                (south, "TEE-M"),
            ]

    run(go())
