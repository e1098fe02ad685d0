"""The vendor's product pages: list with search, filters and bulk status; detail/edit form.

Every route sits under ``/vendor/{vendor}`` and is guarded in that vendor; another vendor's
product id answers 404. A POST answers 303 with a notice, or the form again with an error on
each field at fault and everything typed kept. Deleting asks first (ADR 0015).
"""

from typing import Any

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.response import Redirect, Stream, Template

from mercato.adapters.catalog._common import (
    PAGES,
    ProductListQuery,
    csv_lines,
    format_money,
    vendor_id,
)
from mercato.adapters.catalog.product_form import (
    decode_product_form,
    form_errors,
    product_form_values,
    rows_of,
)
from mercato.adapters.web.confirm import confirm_first
from mercato.adapters.web.form_input import FormInvalid
from mercato.adapters.web.forms import FormState, read_form, redirect_with_notice
from mercato.adapters.web.guards import requires
from mercato.adapters.web.pages import render_page
from mercato.adapters.web.params import PathId
from mercato.adapters.web.tenancy import request_tenancy
from mercato.domain.catalog.model import Product, ProductInvalid
from mercato.domain.catalog.services import CatalogService
from mercato.domain.kernel.enums import FrontendType
from mercato.ports.catalog import ProductStatus
from mercato.ports.errors import Conflict, DomainError, InvalidInput

__all__ = ["HANDLERS"]

STATUSES = [s.value for s in ProductStatus]


async def _base(request: Request[Any, Any, Any]) -> str:
    return f"/vendor/{(await request_tenancy(request).vendor()).slug}/products"


async def _render(
    request: Request[Any, Any, Any], template: str, context: dict[str, Any], status: int = 200
) -> Template:
    context = {"money": format_money, "statuses": STATUSES, **context}
    return await render_page(
        request, f"catalog/{template}", FrontendType.VENDOR, context, status_code=status
    )


async def _list(
    request: Request[Any, Any, Any], catalog: CatalogService, error: str | None = None
) -> Template:
    query = ProductListQuery.from_request(request)
    found = await catalog.list(
        await vendor_id(request), query.product_query(), query.page_request()
    )
    context = {
        "page_title": "Products",
        "query": query,
        "result": found,
        "base": await _base(request),
        "error": error,
    }
    return await _render(request, "list.html", context, 400 if error else 200)


@get(f"{PAGES}/products", opt=requires("products.view", "vendor"), include_in_schema=False)
async def products_page(
    request: Request[Any, Any, Any], catalog: NamedDependency[CatalogService]
) -> Template:
    """The vendor's products: search, filters by status, type and tag, sorting, pages."""
    return await _list(request, catalog)


async def _form(
    request: Request[Any, Any, Any],
    product: Product | None,
    form: FormState | None = None,
    status: int = 200,
) -> Template:
    form = form or FormState(
        product_form_values(product)
        if product
        else {"status": "draft", "variants[0].currency": "EUR"}
    )
    context = {
        "page_title": product.title if product else "New product",
        "product": product,
        "form": form,
        "rows": range(rows_of(form.values)),
        "base": await _base(request),
    }
    return await _render(request, "product.html", context, status)


@get(f"{PAGES}/products/new", opt=requires("products.manage", "vendor"), include_in_schema=False)
async def new_product_page(request: Request[Any, Any, Any]) -> Template:
    """The empty product form."""
    return await _form(request, None)


@get(
    f"{PAGES}/products/{{product_id:int}}",
    opt=requires("products.view", "vendor"),
    include_in_schema=False,
)
async def product_page(
    request: Request[Any, Any, Any], product_id: PathId, catalog: NamedDependency[CatalogService]
) -> Template:
    """A product with its variants; a form for those who may manage products."""
    return await _form(request, await catalog.get(await vendor_id(request), product_id))


async def _save(
    request: Request[Any, Any, Any], catalog: CatalogService, product: Product | None
) -> Template | Redirect:
    values = await read_form(request)
    vendor = await vendor_id(request)
    order: list[int] = []
    try:
        data, order = decode_product_form(values)
        if product is None:
            saved = await catalog.create(vendor, data.draft())
        else:
            saved = await catalog.update(vendor, product.id, data.draft())
    except (ProductInvalid, FormInvalid) as exc:
        return await _form(
            request, product, FormState.refused(values, form_errors(exc, order)), 400
        )
    except DomainError as exc:
        code = 409 if isinstance(exc, Conflict) else 400
        return await _form(request, product, FormState.refused(values, exc), code)
    notice = f"Product {saved.title} {'created' if product is None else 'saved'}."
    return redirect_with_notice(f"{await _base(request)}/{saved.id}", notice)


@post(f"{PAGES}/products", opt=requires("products.manage", "vendor"), include_in_schema=False)
async def create_product_form(
    request: Request[Any, Any, Any], catalog: NamedDependency[CatalogService]
) -> Template | Redirect:
    """Create a product from the form."""
    return await _save(request, catalog, None)


@post(
    f"{PAGES}/products/{{product_id:int}}",
    opt=requires("products.manage", "vendor"),
    include_in_schema=False,
)
async def update_product_form(
    request: Request[Any, Any, Any], product_id: PathId, catalog: NamedDependency[CatalogService]
) -> Template | Redirect:
    """Save the product's form."""
    product = await catalog.get(await vendor_id(request), product_id)
    return await _save(request, catalog, product)


@post(
    f"{PAGES}/products/{{product_id:int}}/delete",
    opt=requires("products.manage", "vendor"),
    include_in_schema=False,
)
async def delete_product_form(
    request: Request[Any, Any, Any], product_id: PathId, catalog: NamedDependency[CatalogService]
) -> Template | Redirect:
    """Delete the product, once confirmed."""
    vendor = await vendor_id(request)
    product = await catalog.get(vendor, product_id)
    values = await read_form(request)
    base = await _base(request)
    asked = await confirm_first(
        request,
        values,
        FrontendType.VENDOR,
        question=f"Delete the product {product.title} and its {len(product.variants)} variants?",
        button="Delete",
        back=f"{base}/{product.id}",
    )
    if asked is not None:
        return asked
    await catalog.delete(vendor, product_id)
    return redirect_with_notice(base, f"Product {product.title} deleted.")


@post(
    f"{PAGES}/products/status", opt=requires("products.manage", "vendor"), include_in_schema=False
)
async def change_product_status_form(
    request: Request[Any, Any, Any], catalog: NamedDependency[CatalogService]
) -> Template | Redirect:
    """Set the chosen status on the ticked products."""
    values = await read_form(request)
    status = {s.value: s for s in ProductStatus}.get(values.get("status", ""))
    ids = [int(i) for i in values.get("ids", "").split() if i.isascii() and i.isdigit()]
    try:
        if status is None:
            raise InvalidInput("choose a status", "status")
        changed = await catalog.change_status(await vendor_id(request), ids, status)
    except InvalidInput as exc:
        return await _list(request, catalog, exc.message)
    return redirect_with_notice(await _base(request), f"{changed} products now {status.value}.")


@get(
    f"{PAGES}/products/export",
    opt=requires("products.export", "vendor"),
    include_in_schema=False,
)
async def export_products_page(
    request: Request[Any, Any, Any], catalog: NamedDependency[CatalogService]
) -> Stream:
    """The CSV download of the variants of the products the list shows for the same query
    (search, status, type, tag), streamed in batches by variant id."""
    query = ProductListQuery.from_request(request)
    rows = catalog.export(await vendor_id(request), query.product_query())
    return Stream(
        csv_lines(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="products.csv"'},
    )


HANDLERS = [
    products_page,
    new_product_page,
    product_page,
    create_product_form,
    update_product_form,
    delete_product_form,
    change_product_status_form,
    export_products_page,
]
