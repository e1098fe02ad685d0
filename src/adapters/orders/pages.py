"""The orders' pages: the vendor's list and an order with its actions; the admin's list and
its read-only order.

Action buttons show only the actions allowed now, and only to a viewer holding
``orders.manage``; each asks for confirmation first (ADR 0015) and carries an idempotency
key made when the page was drawn, so a form sent twice acts once.
"""

import uuid
from typing import Any

from litestar import Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Stream, Template

from mercato.adapters.orders._common import (
    PAGES,
    Cursor,
    Number,
    Search,
    filter_query,
    filter_values,
    order_filter,
    vendor_id,
)
from mercato.adapters.orders.csv_export import csv_stream
from mercato.adapters.web.confirm import confirm_first
from mercato.adapters.web.forms import read_form, redirect_with_notice
from mercato.adapters.web.guards import requires
from mercato.adapters.web.pages import render_page
from mercato.adapters.web.tenancy import request_tenancy
from mercato.domain.kernel.enums import FrontendType
from mercato.domain.orders.model import FulfilmentStatus, OrderStatus, PaymentStatus
from mercato.domain.orders.repository import OrderFilter
from mercato.domain.orders.services import OrderService
from mercato.domain.orders.transitions import Action, allowed_actions
from mercato.domain.orders.widgets import format_money
from mercato.ports.errors import InvalidInput

__all__ = ["HANDLERS"]

_PAGE_SIZE = 25
_QUESTIONS = {
    Action.PAY: "Record the payment of order {n}?",
    Action.FULFIL: "Fulfil order {n}? Its reserved stock will be sold.",
    Action.DELIVER: "Mark order {n} delivered?",
    Action.RETURN: "Mark order {n} returned?",
    Action.CANCEL: "Cancel order {n}? Its reserved stock will be released.",
    Action.REFUND: "Refund order {n}?",
}


def _filters(status: str, payment: str, fulfilment: str) -> tuple[Any, Any, Any]:
    def pick(kind: Any, raw: str) -> Any:
        return kind(raw) if raw in {m.value for m in kind} else None

    return (
        pick(OrderStatus, status),
        pick(PaymentStatus, payment),
        pick(FulfilmentStatus, fulfilment),
    )


async def _page_filter(
    status: FromQuery[str] = "",
    payment: FromQuery[str] = "",
    fulfilment: FromQuery[str] = "",
    q: Search = "",
) -> OrderFilter:
    """``?status=&payment=&fulfilment=&q=`` of the list pages (a status the list does not
    know filters nothing): the one query input of the lists and of the CSV download."""
    return order_filter(*_filters(status, payment, fulfilment), q)


_FILTER = {"wanted": Provide(_page_filter)}


def _statuses() -> dict[str, list[str]]:
    return {
        "status": [s.value for s in OrderStatus],
        "payment": [s.value for s in PaymentStatus],
        "fulfilment": [s.value for s in FulfilmentStatus],
    }


@get(PAGES, opt=requires("orders.view", "vendor"), include_in_schema=False, dependencies=_FILTER)
async def orders_page(
    request: Request[Any, Any, Any],
    orders: NamedDependency[OrderService],
    wanted: NamedDependency[OrderFilter],
    cursor: Cursor = None,
) -> Template:
    """The vendor's orders, newest first, filtered and searched, one keyset page at a time."""
    found = await orders.page(await vendor_id(request), wanted, cursor, _PAGE_SIZE)
    principal = await request_tenancy(request).principal("vendor")
    context = {
        "page_title": "Orders",
        "orders": found,
        "query": filter_values(wanted),
        "statuses": _statuses(),
        "money": format_money,
        "may_export": principal.has("orders.export"),
        "export_query": filter_query(wanted),
    }
    return await render_page(request, "orders/list.html", FrontendType.VENDOR, context)


@get(
    f"{PAGES}/export",
    opt=requires("orders.export", "vendor"),
    include_in_schema=False,
    dependencies=_FILTER,
)
async def export_orders_page(
    request: Request[Any, Any, Any],
    orders: NamedDependency[OrderService],
    wanted: NamedDependency[OrderFilter],
) -> Stream:
    """The CSV download of the orders the list shows for the same filters and search,
    streamed in keyset batches."""
    return csv_stream(orders, await vendor_id(request), wanted)


@get(f"{PAGES}/{{number:int}}", opt=requires("orders.view", "vendor"), include_in_schema=False)
async def order_page(
    request: Request[Any, Any, Any], number: Number, orders: NamedDependency[OrderService]
) -> Template:
    """An order: lines, totals, statuses and the actions the viewer may take now."""
    order = await orders.get(await vendor_id(request), number)
    principal = await request_tenancy(request).principal("vendor")
    actions = list(allowed_actions(order)) if principal.has("orders.manage") else []
    context = {
        "page_title": f"Order {order.number}",
        "order": order,
        "actions": actions,
        "key": uuid.uuid4().hex,
        "money": format_money,
    }
    return await render_page(request, "orders/detail.html", FrontendType.VENDOR, context)


@post(
    f"{PAGES}/{{number:int}}/{{action:str}}",
    opt=requires("orders.manage", "vendor"),
    include_in_schema=False,
)
async def order_action(
    request: Request[Any, Any, Any],
    number: Number,
    action: FromPath[str],
    orders: NamedDependency[OrderService],
) -> Template | Redirect:
    """Confirm, then apply the action (with the key the page was drawn with)."""
    try:
        chosen = Action(action)
    except ValueError:
        raise InvalidInput(f"no such action '{action[:20]}'", field="action") from None
    values = await read_form(request)
    back = f"/vendor/{(await request_tenancy(request).vendor()).slug}/orders/{number}"
    asked = await confirm_first(
        request,
        values,
        FrontendType.VENDOR,
        question=_QUESTIONS[chosen].format(n=number),
        button=chosen.value.capitalize(),
        back=back,
    )
    if asked is not None:
        return asked
    amount_text = values.get("amount", "").strip()
    amount = None
    if chosen is Action.REFUND and amount_text:
        if not amount_text.isdigit() or len(amount_text) > 12:
            raise InvalidInput("the amount is a whole number of minor units", field="amount")
        amount = int(amount_text)
    key = values.get("idempotency_key", "") or uuid.uuid4().hex
    await orders.act(await vendor_id(request), number, chosen, key, amount)
    return redirect_with_notice(back, f"Order {number}: {chosen.value} done.")


@get("/admin/orders", opt=requires("orders.view"), include_in_schema=False, dependencies=_FILTER)
async def admin_orders_page(
    request: Request[Any, Any, Any],
    orders: NamedDependency[OrderService],
    wanted: NamedDependency[OrderFilter],
    cursor: Cursor = None,
) -> Template:
    """Every vendor's orders on this platform, read-only, newest first."""
    platform = (await request_tenancy(request).platform()).id
    found = await orders.page_on_platform(platform, wanted, cursor, _PAGE_SIZE)
    context = {
        "page_title": "Orders",
        "orders": found,
        "query": filter_values(wanted),
        "statuses": _statuses(),
        "money": format_money,
    }
    return await render_page(request, "orders/admin_list.html", FrontendType.ADMIN, context)


@get(
    "/admin/orders/{vendor:str}/{number:int}", opt=requires("orders.view"), include_in_schema=False
)
async def admin_order_page(
    request: Request[Any, Any, Any],
    vendor: FromPath[str],
    number: Number,
    orders: NamedDependency[OrderService],
) -> Template:
    """One vendor's order, read-only, for the operators of the platform it was placed on.

    The vendor must be on this platform (404 otherwise, as for any vendor route) and the order
    placed on it: an operator of one platform never reads another platform's orders.
    """
    tenancy = request_tenancy(request)
    seller = await tenancy.vendor()
    order = await orders.get_on_platform((await tenancy.platform()).id, seller.id, number)
    context = {
        "page_title": f"Order {order.number} of {seller.name}",
        "order": order,
        "seller": seller,
        "money": format_money,
    }
    return await render_page(request, "orders/admin_detail.html", FrontendType.ADMIN, context)


HANDLERS = [
    orders_page,
    export_orders_page,
    order_page,
    order_action,
    admin_orders_page,
    admin_order_page,
]
