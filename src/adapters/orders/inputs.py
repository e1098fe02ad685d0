"""The inputs of the orders' operations: one msgspec Struct per operation (ADR 0014).

``shipping`` is an amount in minor units of the order's currency (``450``), or a money
object (``{"amount": 450, "currency": "EUR"}``) whose currency must be the order's.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from mercato.adapters.web.money import MoneyIn
from mercato.domain.orders.placing import MAX_LINES, MAX_QUANTITY, PlaceOrder, RequestedLine
from mercato.domain.orders.services import MAX_KEY

__all__ = ["IdempotencyKey", "LineIn", "MoneyIn", "OrderCustomerIn", "PlaceOrderIn", "RefundIn"]

_MAX_AMOUNT = 10**12
Amount = Annotated[
    int, msgspec.Meta(ge=0, le=_MAX_AMOUNT, description="an amount in minor units (cents)")
]
IdempotencyKey = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=MAX_KEY,
        description="a key the client makes up per request (a UUID); the same key and body "
        "return the first result, another body is refused (409)",
    ),
]


class OrderCustomerIn(msgspec.Struct, forbid_unknown_fields=True):
    """Who the order is for; found or recorded in the vendor's customers by e-mail."""

    email: Annotated[str, msgspec.Meta(min_length=3, max_length=320, description="an e-mail")]
    name: Annotated[str, msgspec.Meta(max_length=200)] = ""


class LineIn(msgspec.Struct, forbid_unknown_fields=True):
    """A SKU of the vendor's catalog and how many units."""

    sku: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    quantity: Annotated[int, msgspec.Meta(ge=1, le=MAX_QUANTITY)]


class PlaceOrderIn(msgspec.Struct, forbid_unknown_fields=True):
    """An order to place."""

    customer: OrderCustomerIn
    lines: Annotated[list[LineIn], msgspec.Meta(min_length=1, max_length=MAX_LINES)]
    shipping: Amount | MoneyIn = 0

    def command(self) -> PlaceOrder:
        """The domain's command."""
        shipping, currency = (
            (self.shipping.amount, self.shipping.currency)
            if isinstance(self.shipping, MoneyIn)
            else (self.shipping, None)
        )
        return PlaceOrder(
            self.customer.email,
            tuple(RequestedLine(line.sku, line.quantity) for line in self.lines),
            self.customer.name,
            shipping,
            currency,
        )


class RefundIn(msgspec.Struct, forbid_unknown_fields=True):
    """A refund; without ``amount``, what is left of the total."""

    amount: Annotated[int, msgspec.Meta(ge=1, le=_MAX_AMOUNT)] | None = None
