"""The orders module's own persistence protocols.

Every method of :class:`OrderRepository` takes the vendor's id and touches only its rows.
Writes are not committed by the repository: a use case groups them in one
:class:`Transactions` block with the other modules' calls (customer, stock), so an order,
its number, its idempotency key, its rollups, its events and its stock reservation commit
or roll back together.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from mercato.domain.orders.model import (
    FulfilmentStatus,
    Order,
    OrderLine,
    OrderStatus,
    PaymentStatus,
)

__all__ = [
    "CurrencyTotals",
    "KeyClaim",
    "NewOrder",
    "OrderFilter",
    "OrderRepository",
    "RollupReader",
    "Transactions",
]


@dataclass(frozen=True, slots=True)
class KeyClaim:
    """An idempotency key already taken: by which request (fingerprint) and for which order."""

    fingerprint: str
    order_id: int | None


@dataclass(frozen=True, slots=True)
class NewOrder:
    """What :meth:`OrderRepository.add` writes."""

    platform_id: int
    vendor_id: int
    number: int
    customer_id: int
    customer_email: str
    customer_name: str
    currency: str
    subtotal: int
    shipping: int
    lines: tuple[OrderLine, ...]
    created_at: datetime


@dataclass(frozen=True, slots=True)
class OrderFilter:
    """Which orders a list shows; empty fields do not filter.

    ``search`` matches the order number exactly when it is a number, else a part of the
    customer's e-mail (case-insensitive, wildcards literal).
    """

    status: OrderStatus | None = None
    payment: PaymentStatus | None = None
    fulfilment: FulfilmentStatus | None = None
    search: str = ""


@dataclass(frozen=True, slots=True)
class CurrencyTotals:
    """Rollup sums of one currency over a window."""

    currency: str
    orders_today: int
    orders: int
    revenue: int


class Transactions(Protocol):
    """Opens the transaction of a use case."""

    def transaction(self) -> AbstractAsyncContextManager[None]:
        """A block whose writes commit together when it ends normally, and roll back when it
        raises. Joins the unit of work of the request or task that runs it."""
        ...


class OrderRepository(Protocol):
    """Orders, their numbers, idempotency keys and rollups (no commits: see the module)."""

    async def claim_key(
        self, vendor_id: int, key: str, fingerprint: str, now: datetime
    ) -> KeyClaim | None:
        """Take ``key`` for the vendor; ``None`` when this call took it, else the claim that
        holds it. A claim racing an uncommitted one waits for it (the unique index) and then
        returns it."""
        ...

    async def settle_key(self, vendor_id: int, key: str, order_id: int) -> None:
        """Record the order the request of ``key`` made or changed."""
        ...

    async def next_number(self, vendor_id: int) -> int:
        """The vendor's next order number (1, 2, ...), its counter row locked until the end of
        the transaction: no gap when it rolls back, no duplicate under concurrency."""
        ...

    async def add(self, order: NewOrder) -> Order:
        """Insert the order (open, payment pending, unfulfilled) and its lines."""
        ...

    async def get(self, vendor_id: int, number: int, *, lock: bool = False) -> Order | None:
        """The vendor's order ``number`` with its lines; ``lock`` holds its row until the end
        of the transaction (racing transitions of one order go one after the other)."""
        ...

    async def get_by_id(self, vendor_id: int, order_id: int) -> Order | None:
        """The vendor's order with id ``order_id`` and its lines."""
        ...

    async def save_state(self, order: Order) -> None:
        """Write the order's statuses, ``refunded`` and ``updated_at``."""
        ...

    async def page(
        self, vendor_id: int, wanted: OrderFilter, before: int | None, size: int
    ) -> Sequence[Order]:
        """Up to ``size`` of the vendor's orders (no lines), highest number first, numbered
        below ``before`` when it is given (keyset pagination)."""
        ...

    async def page_on_platform(
        self, platform_id: int, wanted: OrderFilter, before: int | None, size: int
    ) -> Sequence[Order]:
        """Up to ``size`` orders placed on the platform, any vendor, newest (highest id) first,
        with an id below ``before`` when it is given."""
        ...

    async def add_to_day(
        self,
        platform_id: int,
        vendor_id: int,
        day: date,
        currency: str,
        orders: int,
        revenue: int,
        units: int,
    ) -> None:
        """Add to the day's counters (an upsert; negative values take away)."""
        ...

    async def move_status(
        self,
        platform_id: int,
        vendor_id: int,
        before: OrderStatus | None,
        after: OrderStatus,
    ) -> None:
        """Move one order from ``before`` (``None``: a new order) to ``after`` in the counts
        per status."""
        ...


class RollupReader(Protocol):
    """What the dashboards read: the rollups (one statement each), and the latest orders."""

    async def totals(
        self, platform_id: int, vendor_id: int | None, since: date, today: date
    ) -> Sequence[CurrencyTotals]:
        """Orders placed today and since ``since`` and their revenue, per currency."""
        ...

    async def revenue_by_day(
        self, platform_id: int, vendor_id: int | None, since: date
    ) -> Sequence[tuple[date, str, int]]:
        """``(day, currency, revenue)`` of the days since ``since`` that had orders."""
        ...

    async def by_status(self, platform_id: int, vendor_id: int | None) -> dict[OrderStatus, int]:
        """Orders per status."""
        ...

    async def recent(self, platform_id: int, vendor_id: int | None, limit: int) -> Sequence[Order]:
        """The latest orders (no lines)."""
        ...
