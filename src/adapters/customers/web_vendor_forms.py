"""The vendor frontend's customer forms: record a customer, edit one.

A POST answers 303 with a notice, or the form again with every field's error and every
value typed (400 for invalid input, 409 for an e-mail the vendor has already).
"""

from typing import Any

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.response import Redirect, Template

from mercato.adapters.customers._common import PAGES, vendor_id
from mercato.adapters.customers.form_fields import address_blocks, decode_customer, values_of
from mercato.adapters.customers.inputs import CustomerIn, CustomerPatchIn
from mercato.adapters.customers.web_vendor import render, vendor_base
from mercato.adapters.web.forms import FormState, read_form, redirect_with_notice
from mercato.adapters.web.guards import requires
from mercato.adapters.web.params import PathId
from mercato.domain.customers.model import Customer
from mercato.domain.customers.services import CustomerService
from mercato.ports.errors import Conflict, InvalidInput

__all__ = ["HANDLERS"]


async def _form(
    request: Request[Any, Any, Any],
    customer: Customer | None,
    form: FormState,
    status: int = 200,
) -> Template:
    context = {
        "page_title": f"Edit {customer.email}" if customer else "New customer",
        "customer": customer,
        "form": form,
        "blocks": address_blocks(form.values),
        "base": await vendor_base(request),
    }
    return await render(request, "form.html", context, status)


@get(f"{PAGES}/new", opt=requires("customers.manage", "vendor"), include_in_schema=False)
async def new_customer_page(request: Request[Any, Any, Any]) -> Template:
    """A form for a new customer."""
    return await _form(request, None, FormState())


@post(PAGES, opt=requires("customers.manage", "vendor"), include_in_schema=False)
async def create_customer_form(
    request: Request[Any, Any, Any], customers: NamedDependency[CustomerService]
) -> Redirect | Template:
    """Record a customer from the form."""
    values = await read_form(request)
    try:
        data = decode_customer(values, CustomerIn)
        created = await customers.create(await vendor_id(request), data.customer())
    except (InvalidInput, Conflict) as exc:
        status = 409 if isinstance(exc, Conflict) else 400
        return await _form(request, None, FormState.refused(values, exc), status)
    base = await vendor_base(request)
    return redirect_with_notice(f"{base}/{created.id}", f"Customer {created.email} recorded.")


@get(
    f"{PAGES}/{{customer_id:int}}/edit",
    opt=requires("customers.manage", "vendor"),
    include_in_schema=False,
)
async def edit_customer_page(
    request: Request[Any, Any, Any],
    customer_id: PathId,
    customers: NamedDependency[CustomerService],
) -> Template:
    """The form of one of the vendor's customers."""
    customer = await customers.get(await vendor_id(request), customer_id)
    return await _form(request, customer, FormState(values_of(customer)))


@post(
    f"{PAGES}/{{customer_id:int}}",
    opt=requires("customers.manage", "vendor"),
    include_in_schema=False,
)
async def update_customer_form(
    request: Request[Any, Any, Any],
    customer_id: PathId,
    customers: NamedDependency[CustomerService],
) -> Redirect | Template:
    """Save the edited customer (its addresses and tags as the form has them)."""
    vendor = await vendor_id(request)
    current = await customers.get(vendor, customer_id)  # another vendor's: 404 first
    values = await read_form(request)
    try:
        data = decode_customer(values, CustomerPatchIn)
        saved = await customers.update(vendor, customer_id, data.patch())
    except (InvalidInput, Conflict) as exc:
        status = 409 if isinstance(exc, Conflict) else 400
        return await _form(request, current, FormState.refused(values, exc), status)
    base = await vendor_base(request)
    return redirect_with_notice(f"{base}/{saved.id}", f"Customer {saved.email} saved.")


HANDLERS = [new_customer_page, create_customer_form, edit_customer_page, update_customer_form]
