"""The vendor's stock pages and the operators' read-only view across a platform's vendors.

A POST answers 303 with a notice, or the page again with the form's errors by field and the
values typed (400 invalid, 404 unknown SKU, 409 refused by the stock rules).
"""

from collections.abc import Mapping
from typing import Any

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.response import Redirect, Template

from mercato.adapters.inventory._common import PAGES, Before, caller, where
from mercato.adapters.inventory.inputs import StockMovementIn, StockSettingsIn
from mercato.adapters.web.form_input import decode_form
from mercato.adapters.web.forms import FormState, ListQuery, read_form, redirect_with_notice
from mercato.adapters.web.guards import requires
from mercato.adapters.web.pages import render_page
from mercato.adapters.web.tenancy import request_tenancy
from mercato.domain.inventory.services import StockService
from mercato.domain.kernel.enums import FrontendType
from mercato.ports.errors import Conflict, DomainError, InvalidInput, NotFound

__all__ = ["HANDLERS"]

_REFUSED = (InvalidInput, NotFound, Conflict)


def _status(error: DomainError) -> int:
    if isinstance(error, Conflict):
        return 409
    return 404 if isinstance(error, NotFound) and error.field is None else 400


def _below(request: Request[Any, Any, Any]) -> bool:
    return request.query_params.get("below", "") in ("1", "true", "on")


async def _levels_page(
    request: Request[Any, Any, Any],
    stock: StockService,
    forms: Mapping[str, FormState] | None = None,
    status: int = 200,
) -> Template:
    _, vendor_id = await where(request)
    query = ListQuery.from_request(request)
    below = _below(request)
    result = await stock.levels(vendor_id, query.page_request(), below)
    context = {
        "page_title": "Stock",
        "result": result,
        "query": query,
        "below": below,
        "movement": (forms or {}).get("movement", FormState({"location": "main"})),
        "settings": (forms or {}).get("settings", FormState()),
    }
    return await render_page(
        request, "inventory/levels.html", FrontendType.VENDOR, context, status_code=status
    )


@get(f"{PAGES}/stock", opt=requires("stock.view", "vendor"), include_in_schema=False)
async def stock_levels_page(
    request: Request[Any, Any, Any], stock: NamedDependency[StockService]
) -> Template:
    """The vendor's levels, searched by SKU, optionally only those below their threshold;
    the receive/adjust and settings forms for those who manage stock."""
    return await _levels_page(request, stock)


@post(f"{PAGES}/stock/movements", opt=requires("stock.manage", "vendor"), include_in_schema=False)
async def record_stock_movement_form(
    request: Request[Any, Any, Any], stock: NamedDependency[StockService]
) -> Redirect | Template:
    """Receive or adjust stock of a SKU."""
    values = await read_form(request)
    platform_id, vendor_id = await where(request)
    try:
        data = decode_form(values, StockMovementIn)
        level = await stock.record(
            platform_id,
            vendor_id,
            data.sku,
            data.kind.kind,
            data.quantity,
            data.location,
            await caller(request),
        )
    except _REFUSED as exc:
        forms = {"movement": FormState.refused(values, exc)}
        return await _levels_page(request, stock, forms, _status(exc))
    slug = (await request_tenancy(request).vendor()).slug
    notice = (
        f"{level.sku} at {level.location}: {level.on_hand} on hand, {level.available} available."
    )
    return redirect_with_notice(f"/vendor/{slug}/stock", notice)


@post(f"{PAGES}/stock/settings", opt=requires("stock.manage", "vendor"), include_in_schema=False)
async def stock_settings_form(
    request: Request[Any, Any, Any], stock: NamedDependency[StockService]
) -> Redirect | Template:
    """Set a SKU's low-stock threshold and backorders."""
    values = await read_form(request)
    platform_id, vendor_id = await where(request)
    try:
        data = decode_form(values, StockSettingsIn)
        await stock.configure(
            platform_id, vendor_id, data.sku, data.low_stock_threshold, data.allow_backorder
        )
    except _REFUSED as exc:
        forms = {"settings": FormState.refused(values, exc)}
        return await _levels_page(request, stock, forms, _status(exc))
    slug = (await request_tenancy(request).vendor()).slug
    return redirect_with_notice(f"/vendor/{slug}/stock", f"Settings of {data.sku} saved.")


@get(f"{PAGES}/stock/movements", opt=requires("stock.view", "vendor"), include_in_schema=False)
async def stock_movements_page(
    request: Request[Any, Any, Any],
    stock: NamedDependency[StockService],
    before: Before = None,
) -> Template:
    """The ledger, newest first, a page at a time from a cursor."""
    _, vendor_id = await where(request)
    result = await stock.movements(vendor_id, before, 50)
    context = {"page_title": "Stock movements", "result": result, "before": before}
    return await render_page(request, "inventory/movements.html", FrontendType.VENDOR, context)


@get("/admin/stock", opt=requires("stock.view"), include_in_schema=False)
async def admin_stock_page(
    request: Request[Any, Any, Any], stock: NamedDependency[StockService]
) -> Template:
    """Every vendor's levels on the current platform, read-only."""
    platform = await request_tenancy(request).platform()
    query = ListQuery.from_request(request)
    below = _below(request)
    result = await stock.platform_levels(platform.id, query.page_request(), below)
    context = {"page_title": "Stock", "result": result, "query": query, "below": below}
    return await render_page(request, "inventory/admin_levels.html", FrontendType.ADMIN, context)


HANDLERS = [
    stock_levels_page,
    record_stock_movement_form,
    stock_settings_form,
    stock_movements_page,
    admin_stock_page,
]
