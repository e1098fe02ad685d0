"""What other modules may ask of inventory (published by the inventory module).

Orders reserves stock when an order is placed, commits the sale when it is fulfilled and
releases the reservation when it is cancelled. Each call names the order by a reference
unique per vendor (``"order:1042"``) and is idempotent for it: a repeated reserve, release
or commit changes nothing. Calls run in the caller's unit of work, so the reservation and
the order commit or roll back together. ``platform_id`` names the platform the order was
placed on: the events a call causes (:class:`StockBelowThreshold`) carry it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar, Protocol, runtime_checkable

from mercato.ports.errors import Conflict
from mercato.ports.events import Event

__all__ = [
    "FakeStockReservations",
    "InsufficientStock",
    "StockBelowThreshold",
    "StockLine",
    "StockReservations",
    "StockShortage",
]


@dataclass(frozen=True, slots=True)
class StockLine:
    """A quantity of one variant (``quantity`` > 0)."""

    variant_id: int
    quantity: int


@dataclass(frozen=True, slots=True)
class StockShortage:
    """A line that cannot be reserved: how much was asked and how much is available."""

    variant_id: int
    requested: int
    available: int


class InsufficientStock(Conflict):
    """Not enough stock for one or more lines (409); ``shortages`` says which."""

    def __init__(self, shortages: Sequence[StockShortage]) -> None:
        described = ", ".join(
            f"variant {s.variant_id}: {s.requested} requested, {s.available} available"
            for s in shortages
        )
        super().__init__(f"not enough stock ({described})", field="lines")
        self.shortages = tuple(shortages)


@runtime_checkable
class StockReservations(Protocol):
    """Reserves, releases and sells stock on behalf of an order."""

    async def reserve(
        self,
        vendor_id: int,
        reference: str,
        lines: Sequence[StockLine],
        expires_at: datetime | None = None,
        *,
        platform_id: int | None = None,
    ) -> None:
        """Reserve every line for ``reference``, all or nothing.

        Raises :class:`InsufficientStock` naming every short line, unless the variant allows
        backorders. Holds under concurrency: two callers never reserve the same unit (the
        database enforces ``reserved <= on_hand``). A variant inventory does not track
        (no stock record) is not reserved and not short. Repeating a reserve for the same
        reference changes nothing. ``expires_at``: the reservation lapses then unless
        committed (``None``: it does not lapse). ``platform_id``: the platform the order was
        placed on, which a :class:`StockBelowThreshold` this reserve causes is announced on
        (``None``: the vendor's first platform, for callers that act on no platform).
        """
        ...

    async def release(self, vendor_id: int, reference: str) -> None:
        """Release what ``reference`` still holds reserved; nothing held is not an error."""
        ...

    async def commit(
        self, vendor_id: int, reference: str, *, platform_id: int | None = None
    ) -> None:
        """Turn what ``reference`` holds reserved into a sale (stock leaves on hand).

        Idempotent; a lapsed or released reservation is re-taken if the stock is there, and
        :class:`InsufficientStock` otherwise. ``platform_id`` as for :meth:`reserve` (a
        re-taken reservation may take the stock under its threshold).
        """
        ...


@dataclass(frozen=True, slots=True)
class StockBelowThreshold(Event):
    """A variant's available stock fell below its low-stock threshold."""

    name: ClassVar[str] = "inventory.stock_below_threshold"
    variant_id: int
    sku: str
    location: str
    available: int
    threshold: int


class FakeStockReservations:
    """Stock counted in dictionaries, for tests of the modules that reserve stock.

    ``on_hand`` maps variant ids to units; a variant not in it is not tracked. ``platforms``
    records the platform each reference was reserved and committed on, as the caller named
    it.
    """

    def __init__(self, on_hand: dict[int, int] | None = None) -> None:
        self.on_hand = dict(on_hand or {})
        self.reserved: dict[str, dict[int, int]] = {}
        self.sold: dict[str, dict[int, int]] = {}
        self.platforms: dict[str, list[int | None]] = {}

    def available(self, variant_id: int) -> int:
        """Units on hand not held by a reservation."""
        held = sum(r.get(variant_id, 0) for r in self.reserved.values())
        return self.on_hand.get(variant_id, 0) - held

    async def reserve(
        self,
        vendor_id: int,
        reference: str,
        lines: Sequence[StockLine],
        expires_at: datetime | None = None,
        *,
        platform_id: int | None = None,
    ) -> None:
        """Reserve all lines or raise :class:`InsufficientStock`."""
        self.platforms.setdefault(reference, []).append(platform_id)
        if reference in self.reserved or reference in self.sold:
            return
        short = [
            StockShortage(line.variant_id, line.quantity, self.available(line.variant_id))
            for line in lines
            if line.variant_id in self.on_hand and line.quantity > self.available(line.variant_id)
        ]
        if short:
            raise InsufficientStock(short)
        self.reserved[reference] = {
            line.variant_id: line.quantity for line in lines if line.variant_id in self.on_hand
        }

    async def release(self, vendor_id: int, reference: str) -> None:
        """Forget the reservation."""
        self.reserved.pop(reference, None)

    async def commit(
        self, vendor_id: int, reference: str, *, platform_id: int | None = None
    ) -> None:
        """Turn the reservation into a sale."""
        self.platforms.setdefault(reference, []).append(platform_id)
        held = self.reserved.pop(reference, None)
        if held is None:
            return
        for variant_id, quantity in held.items():
            self.on_hand[variant_id] -= quantity
        self.sold[reference] = held
