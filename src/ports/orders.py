"""What orders announces (published by the orders module): the events other modules hear.

Messaging sends order e-mails and billing counts usage from these, without importing
orders. Amounts are in minor units of ``currency``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from mercato.ports.events import Event

__all__ = ["OrderCancelled", "OrderFulfilled", "OrderPaid", "OrderPlaced"]


@dataclass(frozen=True, slots=True)
class OrderPlaced(Event):
    """An order was placed."""

    name: ClassVar[str] = "orders.placed"
    order_id: int
    number: int
    customer_id: int
    customer_email: str
    currency: str
    total: int
    lines: int


@dataclass(frozen=True, slots=True)
class OrderPaid(Event):
    """An order's payment was recorded."""

    name: ClassVar[str] = "orders.paid"
    order_id: int
    number: int
    currency: str
    total: int


@dataclass(frozen=True, slots=True)
class OrderFulfilled(Event):
    """An order was fulfilled (its goods left)."""

    name: ClassVar[str] = "orders.fulfilled"
    order_id: int
    number: int


@dataclass(frozen=True, slots=True)
class OrderCancelled(Event):
    """An order was cancelled."""

    name: ClassVar[str] = "orders.cancelled"
    order_id: int
    number: int
