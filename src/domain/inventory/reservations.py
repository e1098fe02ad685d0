"""Reservations for orders: the published :class:`~mercato.ports.inventory.StockReservations`.

Every call runs in the caller's unit of work and commits nothing: the order and its
reservation commit or roll back together. Each is idempotent per reference. A reserve is
all or nothing: a short line undoes what the call held before it raises.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime

from mercato.domain.inventory.model import (
    Level,
    MovementKind,
    ReservationStatus,
    fell_below,
    merge_lines,
)
from mercato.domain.inventory.repository import HeldLine, NewMovement, StockRepository
from mercato.ports.clock import Clock
from mercato.ports.events import EventPublisher
from mercato.ports.inventory import InsufficientStock, StockBelowThreshold, StockLine, StockShortage

__all__ = ["LAPSED_BATCH", "ReservationService", "Transaction", "holdings"]

Transaction = Callable[[], AbstractAsyncContextManager[object]]
"""Opens a unit of work, or joins the caller's."""

LAPSED_BATCH = 500
ORDER_ACTOR = "order"


def holdings(lines: Sequence[HeldLine]) -> dict[int, HeldLine]:
    """What a reference's reservation movements hold per level (its sales taken off)."""
    held: dict[int, HeldLine] = {}
    for line in lines:
        sign = 1 if line.kind is MovementKind.RESERVATION else -1
        before = held.get(line.level_id)
        quantity = (before.quantity if before else 0) + sign * line.quantity
        held[line.level_id] = HeldLine(
            line.level_id, line.variant_id, line.location_id, MovementKind.RESERVATION, quantity
        )
    return {k: v for k, v in held.items() if v.quantity > 0}


class ReservationService:
    """Implements :class:`~mercato.ports.inventory.StockReservations`."""

    def __init__(
        self,
        stock: StockRepository,
        events: EventPublisher,
        clock: Clock,
        transaction: Transaction,
    ) -> None:
        self._stock = stock
        self._events = events
        self._clock = clock
        self._transaction = transaction

    async def reserve(
        self,
        vendor_id: int,
        reference: str,
        lines: Sequence[StockLine],
        expires_at: datetime | None = None,
        *,
        platform_id: int | None = None,
    ) -> None:
        """Hold every line for ``reference`` or raise :class:`InsufficientStock`; a level it
        takes under its threshold is announced on ``platform_id`` (the order's platform)."""
        wanted = merge_lines(lines)
        now = self._clock.now()
        async with self._transaction():
            claim = await self._stock.claim(vendor_id, reference, expires_at, now)
            if claim is None:
                return  # already reserved (or released, or sold) for this reference
            try:
                await self._hold(vendor_id, reference, wanted, now, expires_at, platform_id)
            except InsufficientStock:
                await self._stock.forget(claim.id)
                raise

    async def release(self, vendor_id: int, reference: str) -> None:
        """Let go of what ``reference`` holds; nothing held is no error."""
        async with self._transaction():
            found = await self._stock.reservation(vendor_id, reference)
            if found is None:
                return
            await self._release(found.id, vendor_id, reference, self._clock.now())

    async def commit(
        self, vendor_id: int, reference: str, *, platform_id: int | None = None
    ) -> None:
        """Ship what ``reference`` holds; a released reservation is taken again first (and a
        level that takes under its threshold announced on ``platform_id``)."""
        now = self._clock.now()
        async with self._transaction():
            found = await self._stock.reservation(vendor_id, reference)
            if found is None or found.status is ReservationStatus.COMMITTED:
                return
            lines = await self._stock.held_lines(vendor_id, reference)
            if found.status is ReservationStatus.RELEASED:
                wanted: dict[int, int] = {}
                for line in lines:
                    if line.kind is MovementKind.RESERVATION:
                        wanted[line.variant_id] = wanted.get(line.variant_id, 0) + line.quantity
                if not await self._stock.transition(
                    found.id, ReservationStatus.RELEASED, ReservationStatus.OPEN, now
                ):
                    return
                try:
                    again = dict(sorted(wanted.items()))
                    await self._hold(vendor_id, reference, again, now, None, platform_id)
                except InsufficientStock:
                    await self._stock.transition(
                        found.id, ReservationStatus.OPEN, ReservationStatus.RELEASED, now
                    )
                    raise
                lines = await self._stock.held_lines(vendor_id, reference)
            if not await self._stock.transition(
                found.id, ReservationStatus.OPEN, ReservationStatus.COMMITTED, now
            ):
                return
            sold = []
            for held in holdings(lines).values():
                await self._stock.sell(held.level_id, held.quantity)
                sold.append(self._movement(vendor_id, held, MovementKind.SALE, reference, now))
            await self._stock.append(sold)

    async def release_lapsed(self) -> int:
        """Release every reservation expired by now (the scheduled task); how many."""
        released = 0
        now = self._clock.now()
        async with self._transaction():
            for vendor_id, reference in await self._stock.lapsed(now, LAPSED_BATCH):
                found = await self._stock.reservation(vendor_id, reference)
                if found is not None and await self._release(found.id, vendor_id, reference, now):
                    released += 1
            await self._stock.commit()
        return released

    # -- the steps ---------------------------------------------------------------------------

    async def _release(
        self, reservation_id: int, vendor_id: int, reference: str, now: datetime
    ) -> bool:
        if not await self._stock.transition(
            reservation_id, ReservationStatus.OPEN, ReservationStatus.RELEASED, now
        ):
            return False
        released = []
        for held in holdings(await self._stock.held_lines(vendor_id, reference)).values():
            await self._stock.unhold(held.level_id, held.quantity)
            released.append(self._movement(vendor_id, held, MovementKind.RELEASE, reference, now))
        await self._stock.append(released)
        return True

    async def _hold(
        self,
        vendor_id: int,
        reference: str,
        wanted: Mapping[int, int],
        now: datetime,
        expires_at: datetime | None = None,
        platform_id: int | None = None,
    ) -> None:
        """Hold ``wanted`` units per variant, each from one location (the one with the most
        available); undo and raise :class:`InsufficientStock` naming every short line."""
        await self._release_lapsed_of(vendor_id, reference, list(wanted), now)
        levels = await self._stock.levels_of(vendor_id, list(wanted), now)
        by_variant: dict[int, list[Level]] = {}
        for level in sorted(levels, key=lambda lv: (-lv.available, lv.location_id)):
            by_variant.setdefault(level.variant_id, []).append(level)
        done: list[tuple[Level, int]] = []
        short: list[StockShortage] = []
        for variant_id, quantity in wanted.items():
            candidates = by_variant.get(variant_id)
            if not candidates:
                continue  # not tracked: nothing to hold, nothing short
            taken = None
            for level in candidates:
                if await self._stock.hold(level.id, quantity) is not None:
                    taken = level
                    break
            if taken is None:
                short.append(StockShortage(variant_id, quantity, max(candidates[0].available, 0)))
            else:
                done.append((taken, quantity))
        if short:
            for level, quantity in done:
                await self._stock.unhold(level.id, quantity)
            raise InsufficientStock(short)
        await self._stock.append(
            [
                NewMovement(
                    vendor_id,
                    level.id,
                    level.variant_id,
                    level.location_id,
                    MovementKind.RESERVATION,
                    quantity,
                    now,
                    reference,
                    expires_at,
                    ORDER_ACTOR,
                )
                for level, quantity in done
            ]
        )
        for level, quantity in done:
            await self._announce_if_low(
                level, level.available, level.available - quantity, platform_id
            )

    async def _release_lapsed_of(
        self, vendor_id: int, holder: str, variant_ids: list[int], now: datetime
    ) -> None:
        """Expired reservations on these variants let go before ``holder`` holds them."""
        for _, reference in await self._stock.lapsed(now, LAPSED_BATCH, vendor_id, variant_ids):
            found = (
                None if reference == holder else await self._stock.reservation(vendor_id, reference)
            )
            if found is not None:
                await self._release(found.id, vendor_id, reference, now)

    async def _announce_if_low(
        self, level: Level, before: int, after: int, platform_id: int | None
    ) -> None:
        """Announce a level that fell under its threshold on the platform the caller named
        (the order's), or the vendor's first platform when it named none."""
        if not fell_below(before, after, level.low_stock_threshold):
            return
        if platform_id is None:
            platform_id = await self._stock.home_platform(level.vendor_id)
        if platform_id is None or level.low_stock_threshold is None:
            return
        await self._events.publish(
            StockBelowThreshold(
                platform_id,
                level.vendor_id,
                level.variant_id,
                level.sku,
                level.location,
                after,
                level.low_stock_threshold,
            )
        )

    @staticmethod
    def _movement(
        vendor_id: int, held: HeldLine, kind: MovementKind, reference: str, now: datetime
    ) -> NewMovement:
        return NewMovement(
            vendor_id,
            held.level_id,
            held.variant_id,
            held.location_id,
            kind,
            held.quantity,
            now,
            reference,
            None,
            ORDER_ACTOR,
        )
