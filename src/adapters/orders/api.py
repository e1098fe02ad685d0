"""The orders' JSON API (``/api/v1/vendors/{vendor}/orders``).

Every write takes an ``Idempotency-Key`` header. The vendor comes from the path, resolved
on the request's platform; an order number of another vendor answers 404.
"""

from typing import Any

import msgspec
from litestar import Request, get, post
from litestar.datastructures import ResponseHeader
from litestar.di import NamedDependency, Provide
from litestar.params import FromQuery, JSONBody
from litestar.response import Stream

from mercato.adapters.orders._common import (
    API,
    Cursor,
    IdempotencyHeader,
    Number,
    OrderOut,
    Search,
    Size,
    order_filter,
    order_out,
    vendor_id,
)
from mercato.adapters.orders.csv_export import csv_stream
from mercato.adapters.orders.inputs import PlaceOrderIn, RefundIn
from mercato.adapters.web.errors import ConflictException
from mercato.adapters.web.guards import requires
from mercato.adapters.web.tenancy import request_tenancy
from mercato.domain.orders.model import FulfilmentStatus, OrderStatus, PaymentStatus
from mercato.domain.orders.repository import OrderFilter
from mercato.domain.orders.services import OrderService
from mercato.domain.orders.transitions import Action

__all__ = ["HANDLERS"]

_TAGS = ["orders"]
_NO_STORE = [ResponseHeader(name="Cache-Control", value="no-store")]


class OrderPageOut(msgspec.Struct):
    items: list[OrderOut]
    next_cursor: int | None


async def _api_filter(
    status: FromQuery[OrderStatus | None] = None,
    payment: FromQuery[PaymentStatus | None] = None,
    fulfilment: FromQuery[FulfilmentStatus | None] = None,
    q: Search = "",
) -> OrderFilter:
    """``?status=&payment=&fulfilment=&q=`` (an unknown status: 400): the one query input
    of the list and of its CSV export."""
    return order_filter(status, payment, fulfilment, q)


_FILTER = {"wanted": Provide(_api_filter)}


@get(
    API,
    opt=requires("orders.view", "vendor"),
    tags=_TAGS,
    summary="The vendor's orders",
    dependencies=_FILTER,
)
async def list_orders(
    request: Request[Any, Any, Any],
    orders: NamedDependency[OrderService],
    wanted: NamedDependency[OrderFilter],
    cursor: Cursor = None,
    size: Size = 25,
) -> OrderPageOut:
    """Orders, highest number first, filtered; the next page with ``cursor=next_cursor``."""
    found = await orders.page(await vendor_id(request), wanted, cursor, size)
    return OrderPageOut([order_out(o, False) for o in found.items], found.next_cursor)


@post(
    API,
    opt=requires("orders.manage", "vendor"),
    tags=_TAGS,
    summary="Place an order",
    response_headers=_NO_STORE,
    raises=[ConflictException],
)
async def create_order(
    request: Request[Any, Any, Any],
    orders: NamedDependency[OrderService],
    data: JSONBody[PlaceOrderIn],
    idempotency_key: IdempotencyHeader,
) -> OrderOut:
    """Validate the lines in the catalog, reserve stock (when inventory is enabled) and
    number the order; 409 when stock is short or the key served another request."""
    tenancy = request_tenancy(request)
    platform = (await tenancy.platform()).id
    vendor = (await tenancy.vendor()).id
    return order_out(await orders.place(platform, vendor, idempotency_key, data.command()))


@get(f"{API}/{{number:int}}", opt=requires("orders.view", "vendor"), tags=_TAGS, summary="An order")
async def get_order(
    request: Request[Any, Any, Any], number: Number, orders: NamedDependency[OrderService]
) -> OrderOut:
    """The order with its lines, totals and the actions allowed now."""
    return order_out(await orders.get(await vendor_id(request), number))


async def _act(
    request: Request[Any, Any, Any],
    orders: OrderService,
    number: int,
    action: Action,
    key: str,
    amount: int | None = None,
) -> OrderOut:
    vendor = await vendor_id(request)
    return order_out(await orders.act(vendor, number, action, key, amount))


def _transition(action: Action, summary: str) -> post:
    return post(
        f"{API}/{{number:int}}/{action.value}",
        opt=requires("orders.manage", "vendor"),
        tags=_TAGS,
        summary=summary,
        status_code=200,
        raises=[ConflictException],
    )


@_transition(Action.PAY, "Record the order's payment")
async def pay_order(
    request: Request[Any, Any, Any],
    number: Number,
    orders: NamedDependency[OrderService],
    idempotency_key: IdempotencyHeader,
) -> OrderOut:
    """payment pending -> paid (completes a delivered order)."""
    return await _act(request, orders, number, Action.PAY, idempotency_key)


@_transition(Action.FULFIL, "Fulfil the order")
async def fulfil_order(
    request: Request[Any, Any, Any],
    number: Number,
    orders: NamedDependency[OrderService],
    idempotency_key: IdempotencyHeader,
) -> OrderOut:
    """fulfilment unfulfilled -> fulfilled; the reserved stock is sold."""
    return await _act(request, orders, number, Action.FULFIL, idempotency_key)


@_transition(Action.DELIVER, "Mark the order delivered")
async def deliver_order(
    request: Request[Any, Any, Any],
    number: Number,
    orders: NamedDependency[OrderService],
    idempotency_key: IdempotencyHeader,
) -> OrderOut:
    """fulfilment fulfilled -> delivered (completes a paid order)."""
    return await _act(request, orders, number, Action.DELIVER, idempotency_key)


@_transition(Action.RETURN, "Mark the order returned")
async def return_order(
    request: Request[Any, Any, Any],
    number: Number,
    orders: NamedDependency[OrderService],
    idempotency_key: IdempotencyHeader,
) -> OrderOut:
    """fulfilment delivered -> returned (a refund is a separate action)."""
    return await _act(request, orders, number, Action.RETURN, idempotency_key)


@_transition(Action.CANCEL, "Cancel the order")
async def cancel_order(
    request: Request[Any, Any, Any],
    number: Number,
    orders: NamedDependency[OrderService],
    idempotency_key: IdempotencyHeader,
) -> OrderOut:
    """open -> cancelled while unfulfilled; the reserved stock is released."""
    return await _act(request, orders, number, Action.CANCEL, idempotency_key)


@_transition(Action.REFUND, "Refund the order, in part or whole")
async def refund_order(
    request: Request[Any, Any, Any],
    number: Number,
    orders: NamedDependency[OrderService],
    idempotency_key: IdempotencyHeader,
    data: JSONBody[RefundIn | None] = None,
) -> OrderOut:
    """Give back ``amount`` (minor units; all that is left without it)."""
    amount = data.amount if data is not None else None
    return await _act(request, orders, number, Action.REFUND, idempotency_key, amount)


@get(
    f"{API}/export",
    opt=requires("orders.export", "vendor"),
    tags=_TAGS,
    summary="The vendor's orders as CSV, filtered as the list",
    media_type="text/csv",
    dependencies=_FILTER,
)
async def export_orders(
    request: Request[Any, Any, Any],
    orders: NamedDependency[OrderService],
    wanted: NamedDependency[OrderFilter],
) -> Stream:
    """The orders the list shows for the same filters and search ``q``, highest number
    first, streamed in keyset batches (amounts in minor units)."""
    return csv_stream(orders, await vendor_id(request), wanted)


HANDLERS = [
    list_orders,
    create_order,
    export_orders,
    get_order,
    pay_order,
    fulfil_order,
    deliver_order,
    return_order,
    cancel_order,
    refund_order,
]
