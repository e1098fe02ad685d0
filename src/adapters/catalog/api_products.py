"""The catalog's JSON API under ``/api/v1/vendors/{vendor}/products``.

Every route is guarded in the vendor of its path; the vendor id comes from the request's
resolved tenancy, so another vendor's product id answers 404. Refusals name their field:
400 for a broken rule (``variants[1].price``), 409 for a SKU or handle another product of
the vendor has (the message names that product).
"""

from typing import Any

import msgspec
from litestar import Request, delete, get, patch, post
from litestar.datastructures import ResponseHeader
from litestar.di import NamedDependency
from litestar.params import JSONBody
from litestar.response import Stream

from mercato.adapters.catalog._common import (
    API,
    Filter,
    PageNo,
    PageSize,
    ProductOut,
    ProductPageOut,
    Search,
    Sort,
    csv_lines,
    product_out,
    product_query,
    summary_out,
    vendor_id,
)
from mercato.adapters.catalog.inputs import ProductIn, ProductPatchIn, StatusChangeIn
from mercato.adapters.web.errors import ConflictException
from mercato.adapters.web.guards import requires
from mercato.adapters.web.params import PathId
from mercato.domain.catalog.services import CatalogService
from mercato.ports.pagination import PageRequest

__all__ = ["HANDLERS"]

PRODUCTS = f"{API}/products"


class StatusChangedOut(msgspec.Struct):
    changed: int


@get(
    PRODUCTS,
    opt=requires("products.view", "vendor"),
    tags=["catalog"],
    summary="The vendor's products, searched and filtered",
)
async def list_products(
    request: Request[Any, Any, Any],
    catalog: NamedDependency[CatalogService],
    page: PageNo = 1,
    size: PageSize = 25,
    q: Search = "",
    status: Filter = "",
    product_type: Filter = "",
    tag: Filter = "",
    sort: Sort = "",
) -> ProductPageOut:
    """A page of products; ``q`` searches titles, SKUs and tags, ``status``, ``product_type``
    and ``tag`` filter; ``sort`` by title, handle, status, updated_at (default ``-updated_at``)
    or created_at."""
    query = product_query(q, status, product_type, tag)
    found = await catalog.list(await vendor_id(request), query, PageRequest(page, size, q, sort))
    return ProductPageOut(
        [summary_out(p) for p in found.items], found.total, page, size, found.pages
    )


@post(
    PRODUCTS,
    opt=requires("products.manage", "vendor"),
    tags=["catalog"],
    summary="Create a product with its variants",
    raises=[ConflictException],
)
async def create_product(
    request: Request[Any, Any, Any],
    catalog: NamedDependency[CatalogService],
    data: JSONBody[ProductIn],
) -> ProductOut:
    """Create a product; 409 when one of its SKUs or its handle is taken in this vendor."""
    return product_out(await catalog.create(await vendor_id(request), data.draft()))


@get(
    f"{PRODUCTS}/{{product_id:int}}",
    opt=requires("products.view", "vendor"),
    tags=["catalog"],
    summary="A product with its variants",
)
async def get_product(
    request: Request[Any, Any, Any], product_id: PathId, catalog: NamedDependency[CatalogService]
) -> ProductOut:
    """The vendor's product; 404 for another vendor's."""
    return product_out(await catalog.get(await vendor_id(request), product_id))


@patch(
    f"{PRODUCTS}/{{product_id:int}}",
    opt=requires("products.manage", "vendor"),
    tags=["catalog"],
    summary="Change a product",
    raises=[ConflictException],
)
async def update_product(
    request: Request[Any, Any, Any],
    product_id: PathId,
    catalog: NamedDependency[CatalogService],
    data: JSONBody[ProductPatchIn],
) -> ProductOut:
    """Change the fields given; ``variants`` replaces the variants, matched by SKU."""
    vendor = await vendor_id(request)
    existing = await catalog.get(vendor, product_id)
    return product_out(await catalog.update(vendor, product_id, data.apply(existing)))


@delete(
    f"{PRODUCTS}/{{product_id:int}}",
    opt=requires("products.manage", "vendor"),
    tags=["catalog"],
    summary="Delete a product",
)
async def delete_product(
    request: Request[Any, Any, Any], product_id: PathId, catalog: NamedDependency[CatalogService]
) -> None:
    """Delete the product and its variants (orders keep their own copies of their lines)."""
    await catalog.delete(await vendor_id(request), product_id)


@post(
    f"{PRODUCTS}/status",
    opt=requires("products.manage", "vendor"),
    tags=["catalog"],
    summary="Change the status of several products",
    status_code=200,
)
async def change_product_status(
    request: Request[Any, Any, Any],
    catalog: NamedDependency[CatalogService],
    data: JSONBody[StatusChangeIn],
) -> StatusChangedOut:
    """Set ``status`` on the vendor's products among ``ids``; others are ignored."""
    changed = await catalog.change_status(await vendor_id(request), data.ids, data.status)
    return StatusChangedOut(changed)


@get(
    f"{PRODUCTS}/export",
    opt=requires("products.export", "vendor"),
    tags=["catalog"],
    summary="The variants of the products listed, as CSV",
    media_type="text/csv",
    response_headers=[
        ResponseHeader(name="Content-Disposition", value='attachment; filename="products.csv"')
    ],
)
async def export_products(
    request: Request[Any, Any, Any],
    catalog: NamedDependency[CatalogService],
    q: Search = "",
    status: Filter = "",
    product_type: Filter = "",
    tag: Filter = "",
) -> Stream:
    """One line per variant of the products the list shows for the same ``q``, ``status``,
    ``product_type`` and ``tag``, streamed while it is read (chunks of 500 by variant id)."""
    query = product_query(q, status, product_type, tag)
    rows = catalog.export(await vendor_id(request), query)
    return Stream(csv_lines(rows), media_type="text/csv; charset=utf-8")


HANDLERS = [
    list_products,
    create_product,
    get_product,
    update_product,
    delete_product,
    change_product_status,
    export_products,
]
