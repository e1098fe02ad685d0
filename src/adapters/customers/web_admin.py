"""The administrators' read-only view of the customers of the platform's vendors.

``/admin/customers`` lists the customers of every vendor on the request's platform (the
one the operator's guard was passed on), or of the vendor ``?vendor=<slug>``: a vendor that
is not on this platform answers 404. Nothing here changes a customer.
"""

from typing import Any

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.response import Template

from mercato.adapters.customers._common import CustomerListQuery
from mercato.adapters.web.guards import requires
from mercato.adapters.web.pages import render_page
from mercato.adapters.web.tenancy import request_tenancy
from mercato.domain.customers.services import CustomerService
from mercato.domain.kernel.enums import FrontendType
from mercato.ports.errors import InvalidInput, NotFound

__all__ = ["HANDLERS"]


@get("/admin/customers", opt=requires("customers.view"), include_in_schema=False)
async def admin_customers_page(
    request: Request[Any, Any, Any], customers: NamedDependency[CustomerService]
) -> Template:
    """The platform's customers with their vendor: searched, filtered, sorted, paged."""
    tenancy = request_tenancy(request)
    platform = await tenancy.platform()
    query = CustomerListQuery.from_request(request)
    vendor_id = None
    if query.vendor:
        found = await tenancy.resolver.vendors.on_platform(query.vendor, platform.id)
        if found is None:
            raise NotFound(f"no vendor '{query.vendor}' on this platform")
        vendor_id = found.id
    error = None
    try:
        result = await customers.platform_page(
            platform.id, query.page_request(), vendor_id, query.filter()
        )
    except InvalidInput as exc:  # an unknown sort field: the default order, and why
        error = exc.message
        query = CustomerListQuery(
            query.page, query.size, query.q, "", query.tag, query.consent, query.vendor
        )
        result = await customers.platform_page(
            platform.id, query.page_request(), vendor_id, query.filter()
        )
    context = {
        "page_title": "Customers",
        "result": result,
        "query": query,
        "error": error,
        "vendors": await customers.vendor_choices(platform.id),
    }
    return await render_page(
        request,
        "customers/admin.html",
        FrontendType.ADMIN,
        context,
        status_code=400 if error else 200,
    )


HANDLERS = [admin_customers_page]
