"""What the orders' JSON API and pages share: the vendor, the DTOs, the list's query."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlencode

import msgspec
from litestar import Request
from litestar.params import HeaderParameter, PathParameter, QueryParameter

from mercato.adapters.web.money import MoneyOut
from mercato.adapters.web.params import MAX_ID
from mercato.adapters.web.tenancy import request_tenancy
from mercato.domain.orders.model import FulfilmentStatus, Order, OrderStatus, PaymentStatus
from mercato.domain.orders.repository import OrderFilter
from mercato.domain.orders.services import MAX_KEY
from mercato.domain.orders.transitions import allowed_actions
from mercato.ports.pagination import MAX_PAGE_SIZE

__all__ = [
    "API",
    "PAGES",
    "Cursor",
    "IdempotencyHeader",
    "LineOut",
    "MoneyOut",
    "Number",
    "OrderOut",
    "Search",
    "Size",
    "filter_query",
    "filter_values",
    "order_filter",
    "order_out",
    "vendor_id",
]

API = "/api/v1/vendors/{vendor:str}/orders"
PAGES = "/vendor/{vendor:str}/orders"

Number = Annotated[int, PathParameter(ge=1, le=MAX_ID, description="the order's number")]
Cursor = Annotated[
    int | None,
    QueryParameter(ge=1, le=MAX_ID, description="next_cursor of the previous page"),
]
Size = Annotated[int, QueryParameter(ge=1, le=MAX_PAGE_SIZE, description="orders per page")]
Search = Annotated[
    str, QueryParameter(max_length=100, description="an order number, or part of an e-mail")
]
IdempotencyHeader = Annotated[
    str,
    HeaderParameter(
        name="Idempotency-Key",
        min_length=1,
        max_length=MAX_KEY,
        description="made up by the client per write (a UUID): the same key and body return "
        "the first result; the same key with another body is refused (409)",
    ),
]


class LineOut(msgspec.Struct):
    position: int
    variant_id: int
    sku: str
    title: str
    unit_price: MoneyOut
    quantity: int
    line_total: MoneyOut


class OrderOut(msgspec.Struct):
    number: int
    status: str
    payment: str
    fulfilment: str
    customer_id: int
    customer_email: str
    customer_name: str
    currency: str
    subtotal: MoneyOut
    shipping: MoneyOut
    total: MoneyOut
    refunded: MoneyOut
    allowed_actions: list[str]
    created_at: datetime
    updated_at: datetime
    lines: list[LineOut] | None = None


def _money(amount: int, currency: str) -> MoneyOut:
    return MoneyOut(amount, currency)


def order_out(order: Order, with_lines: bool = True) -> OrderOut:
    """The order as the API shows it; money always with its currency."""
    c = order.currency
    lines = (
        [
            LineOut(
                line.position,
                line.variant_id,
                line.sku,
                line.title,
                _money(line.unit_price, c),
                line.quantity,
                _money(line.line_total, c),
            )
            for line in order.lines
        ]
        if with_lines
        else None
    )
    return OrderOut(
        order.number,
        order.status.value,
        order.payment.value,
        order.fulfilment.value,
        order.customer_id,
        order.customer_email,
        order.customer_name,
        c,
        _money(order.subtotal, c),
        _money(order.shipping, c),
        _money(order.total, c),
        _money(order.refunded, c),
        [a.value for a in allowed_actions(order)],
        order.created_at,
        order.updated_at,
        lines,
    )


def order_filter(
    status: OrderStatus | None,
    payment: PaymentStatus | None,
    fulfilment: FulfilmentStatus | None,
    q: str,
) -> OrderFilter:
    """The list's filter."""
    return OrderFilter(status, payment, fulfilment, q)


def filter_values(wanted: OrderFilter) -> dict[str, str]:
    """``status``, ``payment``, ``fulfilment`` and ``q`` of a list's filter ("" for any):
    what its form shows and its links carry."""
    return {
        "status": wanted.status.value if wanted.status else "",
        "payment": wanted.payment.value if wanted.payment else "",
        "fulfilment": wanted.fulfilment.value if wanted.fulfilment else "",
        "q": wanted.search,
    }


def filter_query(wanted: OrderFilter) -> str:
    """``?status=&payment=&fulfilment=&q=`` of a list's filter (empty without any): the
    query of the list's CSV export, which takes the same. Relative; the values are those
    the list understood, so the export never refuses what the list accepted."""
    text = urlencode({k: v for k, v in filter_values(wanted).items() if v})
    return f"?{text}" if text else ""


async def vendor_id(request: Request[Any, Any, Any]) -> int:
    """The id of the request's vendor (the one of the path, on this platform)."""
    return (await request_tenancy(request).vendor()).id
