"""The vendor's place-order form: the customer, line rows of SKU and quantity, shipping.

It posts the fields of the API's :class:`PlaceOrderIn` (ADR 0014) and an idempotency key made
when the form was drawn, so a form sent twice places one order. A refusal draws the form
again with the error on each field at fault and everything typed kept, the key included
(a refused placement used no key), unless the key had placed another order: then the form
comes back with a new one. Its "Add a line" button sends what was typed and gets the form
back with one empty row more (no script, nothing placed, the key kept).
"""

import uuid
from typing import Any

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.response import Redirect, Template

from mercato.adapters.orders._common import PAGES
from mercato.adapters.orders.order_form import (
    ADD_LINE,
    decode_order_form,
    order_form_errors,
    rows_of,
)
from mercato.adapters.web.forms import FormState, read_form, redirect_with_notice
from mercato.adapters.web.guards import requires
from mercato.adapters.web.pages import render_page
from mercato.adapters.web.tenancy import request_tenancy
from mercato.domain.kernel.enums import FrontendType
from mercato.domain.orders.placing import MAX_LINES
from mercato.domain.orders.services import MAX_KEY, IdempotencyKeyReused, OrderService
from mercato.ports.errors import Conflict, DomainError

__all__ = ["HANDLERS"]


async def _form(
    request: Request[Any, Any, Any], form: FormState, status: int = 200, more: int = 0
) -> Template:
    rows = rows_of(form.values, more)
    context = {
        "page_title": "Place an order",
        "form": form,
        "rows": range(rows),
        "add_line": ADD_LINE,
        "may_add_line": rows < MAX_LINES,
    }
    return await render_page(
        request, "orders/place.html", FrontendType.VENDOR, context, status_code=status
    )


@get(f"{PAGES}/new", opt=requires("orders.manage", "vendor"), include_in_schema=False)
async def new_order_page(request: Request[Any, Any, Any]) -> Template:
    """The empty place-order form, with a fresh idempotency key."""
    return await _form(request, FormState({"idempotency_key": uuid.uuid4().hex}))


@post(PAGES, opt=requires("orders.manage", "vendor"), include_in_schema=False)
async def place_order_form(
    request: Request[Any, Any, Any], orders: NamedDependency[OrderService]
) -> Template | Redirect:
    """Place the order of the form, or draw the form again with its errors; "Add a line"
    draws it again as typed with one empty row more."""
    values = await read_form(request)
    key = values.get("idempotency_key", "").strip()[:MAX_KEY]
    if not key:  # a form drawn before the key existed: a new one, shown again
        values["idempotency_key"] = key = uuid.uuid4().hex
    if ADD_LINE in values:
        return await _form(request, FormState(values), more=1)
    tenancy = request_tenancy(request)
    vendor = await tenancy.vendor()
    order: list[int] = []
    try:
        data, order = decode_order_form(values)
        placed = await orders.place((await tenancy.platform()).id, vendor.id, key, data.command())
    except DomainError as exc:
        if isinstance(exc, IdempotencyKeyReused):  # the key placed another order: a new one
            values["idempotency_key"] = uuid.uuid4().hex
        code = 409 if isinstance(exc, Conflict) else 400
        return await _form(request, FormState.refused(values, order_form_errors(exc, order)), code)
    return redirect_with_notice(
        f"/vendor/{vendor.slug}/orders/{placed.number}", f"Order {placed.number} placed."
    )


HANDLERS = [new_order_page, place_order_form]
