"""The inventory module's persistence protocol.

Every method of a vendor's stock takes its ``vendor_id``. Methods run in the caller's unit of
work (one transaction); only :meth:`StockRepository.commit` commits it. The level updates are
single conditional statements: a refused one changes nothing and answers ``None``/``False``,
so that the database holds ``reserved <= on_hand`` under any concurrency.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from mercato.domain.inventory.model import (
    Change,
    Level,
    Location,
    Movement,
    MovementKind,
    Reservation,
    ReservationStatus,
)
from mercato.ports.pagination import Page, PageRequest

__all__ = ["HeldLine", "NewMovement", "StockRepository", "StockTotals"]


@dataclass(frozen=True, slots=True)
class NewMovement:
    """A movement to append to the ledger."""

    vendor_id: int
    level_id: int
    variant_id: int
    location_id: int
    kind: MovementKind
    quantity: int
    created_at: datetime
    reference: str | None = None
    expires_at: datetime | None = None
    actor: str = ""


@dataclass(frozen=True, slots=True)
class HeldLine:
    """A reservation or sale movement of one reference, on one level."""

    level_id: int
    variant_id: int
    location_id: int
    kind: MovementKind
    quantity: int


@dataclass(frozen=True, slots=True)
class StockTotals:
    """Dashboard numbers: units on hand and variants below their threshold."""

    units_on_hand: int
    below_threshold: int


class StockRepository(Protocol):
    """Locations, levels, the ledger and reservations of vendors."""

    async def location(self, vendor_id: int, code: str) -> Location:
        """The vendor's location ``code``, created (named after its code) if missing."""
        ...

    async def level(self, vendor_id: int, variant_id: int, location_id: int, sku: str) -> Level:
        """The level of the variant at the location, created at 0/0 if missing; ``sku``
        (when not empty) refreshes its SKU snapshot."""
        ...

    async def levels_of(
        self, vendor_id: int, variant_ids: Sequence[int], now: datetime
    ) -> list[Level]:
        """Every level of these variants, with what lapsed reservations hold at ``now``."""
        ...

    async def levels_page(
        self,
        vendor_id: int,
        request: PageRequest,
        now: datetime,
        below_only: bool = False,
        variant_id: int | None = None,
    ) -> Page[Level]:
        """A page of the vendor's levels by SKU then location; ``request.search`` matches
        the SKU; ``below_only`` keeps those under their threshold at ``now``."""
        ...

    async def platform_levels_page(
        self, platform_id: int, request: PageRequest, now: datetime, below_only: bool = False
    ) -> Page[tuple[str, Level]]:
        """A page of the levels of every vendor on the platform, with the vendor's slug."""
        ...

    async def change_on_hand(self, level_id: int, quantity: int) -> Change | None:
        """Add ``quantity`` (signed) to on hand unless on hand would fall under zero or
        under what is reserved (a backordered variant may go under reserved); the new
        units, or ``None`` when refused."""
        ...

    async def hold(self, level_id: int, quantity: int) -> Change | None:
        """Reserve ``quantity`` more if that many are available (or backorders are allowed);
        the new units, or ``None`` when refused."""
        ...

    async def unhold(self, level_id: int, quantity: int) -> None:
        """Let ``quantity`` reserved units go."""
        ...

    async def sell(self, level_id: int, quantity: int) -> None:
        """Ship ``quantity`` reserved units: on hand and reserved both go down."""
        ...

    async def append(self, movements: Sequence[NewMovement]) -> None:
        """Append movements to the ledger."""
        ...

    async def configure(
        self, vendor_id: int, variant_id: int, threshold: int | None, allow_backorder: bool
    ) -> int:
        """Set the threshold and backorder flag on every level of the variant; how many.

        Turning backorders off is refused by the database while more is reserved than on
        hand (the caller checks first)."""
        ...

    async def movements(
        self, vendor_id: int, before: int | None, size: int, variant_id: int | None = None
    ) -> list[Movement]:
        """Up to ``size`` movements, newest first, with ids under ``before`` (keyset)."""
        ...

    async def ledger(self, vendor_id: int) -> list[Movement]:
        """Every movement of the vendor, oldest first (the consistency check)."""
        ...

    async def levels(self, vendor_id: int) -> list[Level]:
        """Every level of the vendor (the consistency check)."""
        ...

    async def claim(
        self, vendor_id: int, reference: str, expires_at: datetime | None, now: datetime
    ) -> Reservation | None:
        """Open a reservation for ``reference``; ``None`` if the vendor already has one for
        it (concurrent claims of one reference: exactly one wins)."""
        ...

    async def reservation(self, vendor_id: int, reference: str) -> Reservation | None:
        """The vendor's reservation for ``reference``."""
        ...

    async def forget(self, reservation_id: int) -> None:
        """Remove a claim that reserved nothing (in the same unit of work as the claim)."""
        ...

    async def transition(
        self,
        reservation_id: int,
        before: ReservationStatus,
        after: ReservationStatus,
        now: datetime,
    ) -> bool:
        """Move the reservation from ``before`` to ``after``; False if it was not ``before``
        (somebody else moved it first)."""
        ...

    async def held_lines(self, vendor_id: int, reference: str) -> list[HeldLine]:
        """The reservation and sale movements of ``reference``."""
        ...

    async def lapsed(
        self,
        now: datetime,
        limit: int,
        vendor_id: int | None = None,
        variant_ids: Sequence[int] = (),
    ) -> list[tuple[int, str]]:
        """``(vendor_id, reference)`` of open reservations expired at ``now``: of one vendor
        and these variants, or of every vendor."""
        ...

    async def totals(self, vendor_ids: Sequence[int] | None, platform_id: int) -> StockTotals:
        """Units on hand and variants below threshold: of ``vendor_ids`` (one vendor's
        dashboard), or of every vendor on ``platform_id`` when ``None``."""
        ...

    async def lowest(
        self, platform_id: int, vendor_id: int | None, now: datetime, limit: int
    ) -> list[Level]:
        """Levels below their threshold, lowest available first: of one vendor or of the
        platform's vendors."""
        ...

    async def home_platform(self, vendor_id: int) -> int | None:
        """The platform a vendor's stock events are announced on (its first platform)."""
        ...

    async def commit(self) -> None:
        """Commit the unit of work."""
        ...
