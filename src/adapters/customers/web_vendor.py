"""The vendor frontend's customers: the list, a customer, the CSV download, deleting.

Every route sits under ``/vendor/{vendor}/customers`` and is guarded in that vendor; the id
of another vendor's customer answers 404. Pages offer only what the viewer may do.
"""

from collections.abc import Mapping
from typing import Any

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.response import Redirect, Stream, Template

from mercato.adapters.customers._common import PAGES, CustomerListQuery, vendor_id
from mercato.adapters.customers.csv_export import csv_stream
from mercato.adapters.web.confirm import confirm_first
from mercato.adapters.web.forms import read_form, redirect_with_notice
from mercato.adapters.web.guards import requires
from mercato.adapters.web.pages import render_page
from mercato.adapters.web.params import PathId
from mercato.adapters.web.tenancy import request_tenancy
from mercato.domain.customers.services import CustomerService
from mercato.domain.kernel.enums import FrontendType
from mercato.ports.errors import InvalidInput

__all__ = ["HANDLERS", "render", "vendor_base"]


async def render(
    request: Request[Any, Any, Any], template: str, context: Mapping[str, Any], status: int = 200
) -> Template:
    """A vendor page of ``customers/<template>``."""
    return await render_page(
        request, f"customers/{template}", FrontendType.VENDOR, context, status_code=status
    )


async def vendor_base(request: Request[Any, Any, Any]) -> str:
    """The address of the vendor's customer pages."""
    return f"/vendor/{(await request_tenancy(request).vendor()).slug}/customers"


@get(PAGES, opt=requires("customers.view", "vendor"), include_in_schema=False)
async def customers_page(
    request: Request[Any, Any, Any], customers: NamedDependency[CustomerService]
) -> Template:
    """The vendor's customers: searched, filtered by tag and consent, sorted, paged."""
    query = CustomerListQuery.from_request(request)
    error = None
    try:
        result = await customers.page(
            await vendor_id(request), query.page_request(), query.filter()
        )
    except InvalidInput as exc:  # an unknown sort field: the default order, and why
        error = exc.message
        query = CustomerListQuery(query.page, query.size, query.q, "", query.tag, query.consent)
        result = await customers.page(
            await vendor_id(request), query.page_request(), query.filter()
        )
    context = {
        "page_title": "Customers",
        "result": result,
        "query": query,
        "error": error,
        "base": await vendor_base(request),
    }
    return await render(request, "list.html", context, 400 if error else 200)


@get(f"{PAGES}/export", opt=requires("customers.export", "vendor"), include_in_schema=False)
async def export_customers_page(
    request: Request[Any, Any, Any], customers: NamedDependency[CustomerService]
) -> Stream:
    """The CSV download of what the list shows for the same query (search, tag, consent),
    streamed in batches by id."""
    query = CustomerListQuery.from_request(request)
    vendor = await request_tenancy(request).vendor()
    return csv_stream(customers, vendor.id, vendor.slug, query.filter(), query.q)


@get(
    f"{PAGES}/{{customer_id:int}}",
    opt=requires("customers.view", "vendor"),
    include_in_schema=False,
)
async def customer_page(
    request: Request[Any, Any, Any],
    customer_id: PathId,
    customers: NamedDependency[CustomerService],
) -> Template:
    """One customer: contact details, addresses, consent, tags and notes."""
    customer = await customers.get(await vendor_id(request), customer_id)
    context = {
        "page_title": customer.name or customer.email,
        "customer": customer,
        "base": await vendor_base(request),
    }
    return await render(request, "detail.html", context)


@post(
    f"{PAGES}/{{customer_id:int}}/delete",
    opt=requires("customers.manage", "vendor"),
    include_in_schema=False,
)
async def delete_customer_form(
    request: Request[Any, Any, Any],
    customer_id: PathId,
    customers: NamedDependency[CustomerService],
) -> Redirect | Template:
    """Delete a customer, once confirmed (ADR 0015)."""
    vendor = await vendor_id(request)
    customer = await customers.get(vendor, customer_id)  # another vendor's: 404 first
    base = await vendor_base(request)
    asking = await confirm_first(
        request,
        await read_form(request),
        FrontendType.VENDOR,
        question=f"Delete the customer {customer.email}? This cannot be undone.",
        button="Delete the customer",
        back=f"{base}/{customer.id}",
    )
    if asking is not None:
        return asking
    await customers.delete(vendor, customer_id)
    return redirect_with_notice(base, f"Customer {customer.email} deleted.")


HANDLERS = [customers_page, export_customers_page, customer_page, delete_customer_form]
