"""The JSON API of a vendor's customers (``/api/v1/vendors/{vendor}/customers``).

Every route is guarded in the vendor of its path; another vendor's customer id answers 404.
"""

from typing import Annotated, Any

from litestar import Request, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import JSONBody, QueryParameter
from litestar.response import Stream

from mercato.adapters.customers._common import (
    API,
    CustomerOut,
    CustomerPageOut,
    consent_of,
    customer_out,
    vendor_id,
)
from mercato.adapters.customers.csv_export import csv_stream
from mercato.adapters.customers.inputs import CustomerIn, CustomerPatchIn
from mercato.adapters.web.errors import ConflictException
from mercato.adapters.web.guards import requires
from mercato.adapters.web.params import PathId
from mercato.adapters.web.tenancy import request_tenancy
from mercato.domain.customers.model import CustomerFilter
from mercato.domain.customers.services import CustomerService
from mercato.ports.pagination import MAX_PAGE_SIZE, PageRequest

__all__ = ["HANDLERS"]

PageNo = Annotated[int, QueryParameter(ge=1, le=10**6, description="1-based page number")]
PageSize = Annotated[int, QueryParameter(ge=1, le=MAX_PAGE_SIZE, description="rows per page")]
Search = Annotated[
    str, QueryParameter(max_length=100, description="in name, e-mail and phone; no wildcards")
]
Sort = Annotated[
    str,
    QueryParameter(
        max_length=40, description="name, email or created_at, '-' first for descending"
    ),
]
TagFilter = Annotated[str, QueryParameter(max_length=40, description="only customers with it")]
ConsentFilter = Annotated[
    str,
    QueryParameter(
        max_length=3, pattern=r"^(yes|no)?$", description="yes: consented; no: not consented"
    ),
]


def _filter(tag: str, consent: str) -> CustomerFilter:
    return CustomerFilter(tag.strip(), consent_of(consent))


@get(API, opt=requires("customers.view", "vendor"), tags=["customers"], summary="List customers")
async def list_customers(
    request: Request[Any, Any, Any],
    customers: NamedDependency[CustomerService],
    page: PageNo = 1,
    size: PageSize = 25,
    q: Search = "",
    sort: Sort = "",
    tag: TagFilter = "",
    consent: ConsentFilter = "",
) -> CustomerPageOut:
    """The vendor's customers, newest first unless ``sort`` says otherwise, filtered by the
    search ``q``, a ``tag`` and marketing ``consent``."""
    result = await customers.page(
        await vendor_id(request), PageRequest(page, size, q, sort), _filter(tag, consent)
    )
    return CustomerPageOut(
        [customer_out(c) for c in result.items],
        result.total,
        result.page,
        result.size,
        result.pages,
    )


@post(
    API,
    opt=requires("customers.manage", "vendor"),
    tags=["customers"],
    summary="Record a customer",
    raises=[ConflictException],
)
async def create_customer(
    request: Request[Any, Any, Any],
    customers: NamedDependency[CustomerService],
    data: JSONBody[CustomerIn],
) -> CustomerOut:
    """A new customer; 400 naming the field at fault, 409 when the vendor has a customer
    with that e-mail (in any case). Giving consent records when."""
    created = await customers.create(await vendor_id(request), data.customer())
    return customer_out(created)


@get(
    f"{API}/export",
    opt=requires("customers.export", "vendor"),
    tags=["customers"],
    summary="Export customers as CSV",
    media_type="text/csv",
)
async def export_customers(
    request: Request[Any, Any, Any],
    customers: NamedDependency[CustomerService],
    q: Search = "",
    tag: TagFilter = "",
    consent: ConsentFilter = "",
) -> Stream:
    """The customers the list shows for the same ``q``, ``tag`` and ``consent``, as CSV,
    by id, streamed in batches (never the whole list at once)."""
    vendor = await request_tenancy(request).vendor()
    return csv_stream(customers, vendor.id, vendor.slug, _filter(tag, consent), q)


@get(
    f"{API}/{{customer_id:int}}",
    opt=requires("customers.view", "vendor"),
    tags=["customers"],
    summary="One customer",
)
async def get_customer(
    request: Request[Any, Any, Any],
    customer_id: PathId,
    customers: NamedDependency[CustomerService],
) -> CustomerOut:
    """The vendor's customer ``customer_id``."""
    return customer_out(await customers.get(await vendor_id(request), customer_id))


@patch(
    f"{API}/{{customer_id:int}}",
    opt=requires("customers.manage", "vendor"),
    tags=["customers"],
    summary="Change a customer",
    raises=[ConflictException],
)
async def update_customer(
    request: Request[Any, Any, Any],
    customer_id: PathId,
    customers: NamedDependency[CustomerService],
    data: JSONBody[CustomerPatchIn],
) -> CustomerOut:
    """Change what is given; what is left out stays. Withdrawing consent clears its date;
    ``addresses`` and ``tags`` replace the customer's."""
    changed = await customers.update(await vendor_id(request), customer_id, data.patch())
    return customer_out(changed)


@delete(
    f"{API}/{{customer_id:int}}",
    opt=requires("customers.manage", "vendor"),
    tags=["customers"],
    summary="Delete a customer",
)
async def delete_customer(
    request: Request[Any, Any, Any],
    customer_id: PathId,
    customers: NamedDependency[CustomerService],
) -> None:
    """Delete the vendor's customer ``customer_id``."""
    await customers.delete(await vendor_id(request), customer_id)


HANDLERS = [
    list_customers,
    create_customer,
    export_customers,
    get_customer,
    update_customer,
    delete_customer,
]
