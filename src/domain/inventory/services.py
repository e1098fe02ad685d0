"""Use cases of a vendor's stock: receipts and adjustments, settings, levels, the ledger.

SKUs are mapped to variants through the catalog's published
:class:`~mercato.ports.catalog.CatalogReader`, found on the request's platform.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mercato.domain.inventory.model import (
    DEFAULT_LOCATION,
    MAX_QUANTITY,
    Discrepancy,
    Level,
    Movement,
    MovementKind,
    check_location_code,
    check_manual,
    discrepancies,
    fell_below,
)
from mercato.domain.inventory.repository import NewMovement, StockRepository
from mercato.domain.inventory.reservations import Transaction
from mercato.ports.catalog import CatalogReader, VariantRef
from mercato.ports.clock import Clock
from mercato.ports.contracts import ContractLookup
from mercato.ports.errors import Conflict, InvalidInput, NotFound
from mercato.ports.events import EventPublisher
from mercato.ports.inventory import StockBelowThreshold
from mercato.ports.pagination import Page, PageRequest

__all__ = ["MovementPage", "StockService"]


@dataclass(frozen=True, slots=True)
class MovementPage:
    """Movements newest first; ``next_before`` is the cursor of the next page, if any."""

    items: Sequence[Movement]
    next_before: int | None


class StockService:
    """What a vendor's team does with stock, and what the lists show."""

    def __init__(
        self,
        stock: StockRepository,
        contracts: ContractLookup,
        events: EventPublisher,
        clock: Clock,
        transaction: Transaction,
    ) -> None:
        self._stock = stock
        self._contracts = contracts
        self._events = events
        self._clock = clock
        self._transaction = transaction

    async def variant(self, platform_id: int, vendor_id: int, sku: str) -> VariantRef:
        """The vendor's variant with ``sku``; ``NotFound`` (field ``sku``) otherwise."""
        catalog = await self._contracts.find(platform_id, CatalogReader)  # type: ignore[type-abstract]
        if catalog is None:
            raise NotFound("the catalog is not enabled on this platform", "sku")
        found = (await catalog.variants_by_sku(vendor_id, [sku])).get(sku)
        if found is None:
            raise NotFound(f"no variant has the SKU '{sku}'", "sku")
        return found

    async def record(
        self,
        platform_id: int,
        vendor_id: int,
        sku: str,
        kind: MovementKind,
        quantity: int,
        location: str = DEFAULT_LOCATION,
        actor: str = "",
    ) -> Level:
        """Record a receipt or an adjustment and commit; the level after it.

        An adjustment never takes on hand under zero or under what is reserved
        (:class:`Conflict`, field ``quantity``).
        """
        check_manual(kind, quantity)
        code = check_location_code(location)
        variant = await self.variant(platform_id, vendor_id, sku)
        async with self._transaction():
            place = await self._stock.location(vendor_id, code)
            level = await self._stock.level(vendor_id, variant.id, place.id, variant.sku)
            after = await self._stock.change_on_hand(level.id, quantity)
            if after is None:
                raise Conflict(
                    f"{sku} at {code} has {level.on_hand} on hand and {level.reserved} reserved: "
                    f"it cannot change by {quantity}",
                    "quantity",
                )
            now = self._clock.now()
            await self._stock.append(
                [
                    NewMovement(
                        vendor_id,
                        level.id,
                        variant.id,
                        place.id,
                        kind,
                        quantity,
                        now,
                        None,
                        None,
                        actor,
                    )
                ]
            )
            before_available = level.available
            after_available = before_available + quantity
            threshold = level.low_stock_threshold
            if threshold is not None and fell_below(before_available, after_available, threshold):
                await self._events.publish(
                    StockBelowThreshold(
                        platform_id,
                        vendor_id,
                        variant.id,
                        variant.sku,
                        code,
                        after_available,
                        threshold,
                    )
                )
            await self._stock.commit()
        (updated,) = [
            lv
            for lv in await self._stock.levels_of(vendor_id, [variant.id], self._clock.now())
            if lv.location_id == place.id
        ]
        return updated

    async def configure(
        self,
        platform_id: int,
        vendor_id: int,
        sku: str,
        low_stock_threshold: int | None,
        allow_backorder: bool,
    ) -> list[Level]:
        """Set the variant's low-stock threshold and backorder flag on all its locations
        (tracking it at ``main`` if it was not); commit; its levels after."""
        if low_stock_threshold is not None and not 0 <= low_stock_threshold <= MAX_QUANTITY:
            raise InvalidInput(f"a threshold is 0 to {MAX_QUANTITY} units", "low_stock_threshold")
        variant = await self.variant(platform_id, vendor_id, sku)
        async with self._transaction():
            now = self._clock.now()
            levels = await self._stock.levels_of(vendor_id, [variant.id], now)
            if not levels:
                place = await self._stock.location(vendor_id, DEFAULT_LOCATION)
                await self._stock.level(vendor_id, variant.id, place.id, variant.sku)
            oversold = [lv for lv in levels if lv.reserved > lv.on_hand]
            if not allow_backorder and oversold:
                raise Conflict(
                    f"{sku} has more reserved than on hand at {oversold[0].location}: "
                    "receive stock before turning backorders off",
                    "allow_backorder",
                )
            await self._stock.configure(vendor_id, variant.id, low_stock_threshold, allow_backorder)
            await self._stock.commit()
        return await self._stock.levels_of(vendor_id, [variant.id], self._clock.now())

    async def levels_of_sku(self, platform_id: int, vendor_id: int, sku: str) -> list[Level]:
        """The levels of one SKU, per location (none: the variant is not tracked)."""
        variant = await self.variant(platform_id, vendor_id, sku)
        return await self._stock.levels_of(vendor_id, [variant.id], self._clock.now())

    async def levels(
        self, vendor_id: int, request: PageRequest, below_only: bool = False
    ) -> Page[Level]:
        """A page of the vendor's levels, searched by SKU."""
        return await self._stock.levels_page(vendor_id, request, self._clock.now(), below_only)

    async def platform_levels(
        self, platform_id: int, request: PageRequest, below_only: bool = False
    ) -> Page[tuple[str, Level]]:
        """A page of the levels of every vendor on the platform, with each vendor's slug."""
        return await self._stock.platform_levels_page(
            platform_id, request, self._clock.now(), below_only
        )

    async def movements(
        self,
        vendor_id: int,
        before: int | None = None,
        size: int = 50,
        variant_id: int | None = None,
    ) -> MovementPage:
        """A page of the ledger, newest first, from the cursor ``before`` (keyset: every
        page costs the same however deep)."""
        rows = await self._stock.movements(vendor_id, before, size + 1, variant_id)
        more = len(rows) > size
        items = rows[:size]
        return MovementPage(items, items[-1].id if more and items else None)

    async def check(self, vendor_id: int) -> list[Discrepancy]:
        """Levels whose stored units differ from their ledger (none, when all is well)."""
        return discrepancies(
            await self._stock.levels(vendor_id), await self._stock.ledger(vendor_id)
        )
