"""The read-only admin view of the products of every vendor on the platform."""

from typing import Any

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.response import Template

from mercato.adapters.catalog._common import ProductListQuery, format_money
from mercato.adapters.web.guards import requires
from mercato.adapters.web.pages import render_page
from mercato.adapters.web.tenancy import request_tenancy
from mercato.domain.catalog.services import CatalogService
from mercato.domain.kernel.enums import FrontendType
from mercato.ports.catalog import ProductStatus

__all__ = ["HANDLERS"]


@get("/admin/catalog", opt=requires("products.view"), include_in_schema=False)
async def admin_products_page(
    request: Request[Any, Any, Any], catalog: NamedDependency[CatalogService]
) -> Template:
    """The products of the platform's vendors, searched and filtered; nothing to change."""
    query = ProductListQuery.from_request(request)
    platform = await request_tenancy(request).platform()
    found = await catalog.list_platform(platform.id, query.product_query(), query.page_request())
    context = {
        "page_title": "Products",
        "query": query,
        "result": found,
        "money": format_money,
        "statuses": [s.value for s in ProductStatus],
    }
    return await render_page(request, "catalog/admin.html", FrontendType.ADMIN, context)


HANDLERS = [admin_products_page]
