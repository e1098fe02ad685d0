"""Orders and their lines: what was sold, to whom, for how much, and where it stands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from mercato.ports.money import Money

__all__ = [
    "FulfilmentStatus",
    "Order",
    "OrderLine",
    "OrderStatus",
    "PaymentStatus",
]


class OrderStatus(StrEnum):
    """Where the order as a whole stands."""

    OPEN = "open"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class PaymentStatus(StrEnum):
    """Where the order's payment stands."""

    PENDING = "pending"
    PAID = "paid"
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"


class FulfilmentStatus(StrEnum):
    """Where the order's goods stand."""

    UNFULFILLED = "unfulfilled"
    FULFILLED = "fulfilled"
    DELIVERED = "delivered"
    RETURNED = "returned"


@dataclass(frozen=True, slots=True)
class OrderLine:
    """A line as it was sold: SKU, title and unit price are copied from the catalog then.

    ``variant_id`` is the catalog's id, kept as a plain number (no foreign key: catalog is
    another module). Amounts are minor units of the order's currency.
    """

    position: int
    variant_id: int
    sku: str
    title: str
    unit_price: int
    quantity: int

    @property
    def line_total(self) -> int:
        """``unit_price`` times ``quantity``."""
        return self.unit_price * self.quantity


@dataclass(frozen=True, slots=True)
class Order:
    """An order of one vendor, numbered 1, 2, 3, ... per vendor without gaps.

    One currency per order; ``subtotal`` is the sum of the lines, ``total`` adds
    ``shipping``; ``refunded`` is what was given back so far (at most ``total``).
    ``vendor_slug`` and ``vendor_name`` are filled only by the reads across vendors (the
    platform's list and recent orders).
    """

    id: int
    platform_id: int
    vendor_id: int
    number: int
    customer_id: int
    customer_email: str
    customer_name: str
    currency: str
    subtotal: int
    shipping: int
    total: int
    refunded: int
    status: OrderStatus
    payment: PaymentStatus
    fulfilment: FulfilmentStatus
    created_at: datetime
    updated_at: datetime
    lines: tuple[OrderLine, ...] = ()
    vendor_slug: str = ""
    vendor_name: str = ""

    @property
    def units(self) -> int:
        """How many units the lines add up to."""
        return sum(line.quantity for line in self.lines)

    @property
    def reference(self) -> str:
        """The name of the order in the inventory's reservations: ``order:<number>``."""
        return f"order:{self.number}"

    def money(self, amount: int) -> Money:
        """``amount`` in the order's currency."""
        return Money(amount, self.currency)
