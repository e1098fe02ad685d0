"""The JSON API of a vendor's stock (``/api/v1/vendors/{vendor}/stock``)."""

from datetime import datetime
from typing import Annotated, Any

import msgspec
from litestar import Request, get, post, put
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import JSONBody, QueryParameter

from mercato.adapters.inventory._common import (
    API,
    Before,
    PageNo,
    PageSize,
    Search,
    caller,
    where,
)
from mercato.adapters.inventory.inputs import StockMovementIn, StockSettingsIn
from mercato.adapters.web.errors import ConflictException
from mercato.adapters.web.guards import requires
from mercato.domain.inventory.model import Level, Movement
from mercato.domain.inventory.services import StockService
from mercato.ports.pagination import Page, PageRequest

__all__ = ["HANDLERS", "StockLevelOut", "StockMovementOut"]

Sku = Annotated[str | None, QueryParameter(max_length=100, description="exactly this SKU")]
BelowThreshold = Annotated[
    bool, QueryParameter(description="only the levels under their low-stock threshold")
]


class StockLevelOut(msgspec.Struct):
    variant_id: int
    sku: str
    location: str
    on_hand: int
    reserved: int
    available: int
    allow_backorder: bool
    low_stock_threshold: int | None
    below_threshold: bool


class StockLevelPageOut(msgspec.Struct):
    items: list[StockLevelOut]
    total: int
    page: int
    size: int
    pages: int


class StockMovementOut(msgspec.Struct):
    id: int
    variant_id: int
    sku: str
    location: str
    kind: str
    quantity: int
    reference: str | None
    expires_at: datetime | None
    created_at: datetime
    actor: str


class StockMovementPageOut(msgspec.Struct):
    items: list[StockMovementOut]
    next_before: int | None


def level_out(lv: Level) -> StockLevelOut:
    return StockLevelOut(
        lv.variant_id,
        lv.sku,
        lv.location,
        lv.on_hand,
        lv.reserved,
        lv.available,
        lv.allow_backorder,
        lv.low_stock_threshold,
        lv.below_threshold,
    )


def movement_out(m: Movement) -> StockMovementOut:
    return StockMovementOut(
        m.id,
        m.variant_id,
        m.sku,
        m.location,
        m.kind.value,
        m.quantity,
        m.reference,
        m.expires_at,
        m.created_at,
        m.actor,
    )


def _page(result: Page[Level]) -> StockLevelPageOut:
    return StockLevelPageOut(
        [level_out(lv) for lv in result.items],
        result.total,
        result.page,
        result.size,
        result.pages,
    )


@get(
    f"{API}/stock",
    opt=requires("stock.view", "vendor"),
    tags=["stock"],
    summary="Stock levels: of one SKU per location, or every level a page at a time",
    raises=[NotFoundException],
)
async def list_stock_levels(
    request: Request[Any, Any, Any],
    stock: NamedDependency[StockService],
    sku: Sku = None,
    q: Search = "",
    below_threshold: BelowThreshold = False,
    page: PageNo = 1,
    size: PageSize = 25,
) -> StockLevelPageOut:
    """With ``sku``: the levels of that SKU at each location (404 for a SKU the catalog
    does not know). Without: the vendor's levels by SKU, searched with ``q``, only those
    under their low-stock threshold with ``below_threshold``. ``available`` does not count
    reservations that have expired."""
    platform_id, vendor_id = await where(request)
    if sku is not None:
        found = await stock.levels_of_sku(platform_id, vendor_id, sku)
        return _page(Page(found, len(found), 1, max(len(found), 1)))
    result = await stock.levels(vendor_id, PageRequest(page, size, q), below_threshold)
    return _page(result)


@post(
    f"{API}/stock/movements",
    opt=requires("stock.manage", "vendor"),
    tags=["stock"],
    summary="Record a receipt or an adjustment",
    raises=[NotFoundException, ConflictException],
)
async def record_stock_movement(
    request: Request[Any, Any, Any],
    stock: NamedDependency[StockService],
    data: JSONBody[StockMovementIn],
) -> StockLevelOut:
    """A receipt adds units; an adjustment adds or takes away (never under zero or under
    what is reserved: 409). The answer is the level after it."""
    platform_id, vendor_id = await where(request)
    level = await stock.record(
        platform_id,
        vendor_id,
        data.sku,
        data.kind.kind,
        data.quantity,
        data.location,
        await caller(request),
    )
    return level_out(level)


@get(
    f"{API}/stock/movements",
    opt=requires("stock.view", "vendor"),
    tags=["stock"],
    summary="The stock ledger, newest first (keyset pagination)",
    raises=[NotFoundException],
)
async def list_stock_movements(
    request: Request[Any, Any, Any],
    stock: NamedDependency[StockService],
    sku: Sku = None,
    before: Before = None,
    size: PageSize = 50,
) -> StockMovementPageOut:
    """Movements with ids under ``before`` (the previous page's ``next_before``); every
    page costs the same, however deep. ``sku`` keeps one variant's."""
    platform_id, vendor_id = await where(request)
    variant_id = None
    if sku is not None:
        variant_id = (await stock.variant(platform_id, vendor_id, sku)).id
    result = await stock.movements(vendor_id, before, size, variant_id)
    return StockMovementPageOut([movement_out(m) for m in result.items], result.next_before)


@put(
    f"{API}/stock/settings",
    opt=requires("stock.manage", "vendor"),
    tags=["stock"],
    summary="Set a variant's low-stock threshold and backorders",
    raises=[NotFoundException, ConflictException],
)
async def update_stock_settings(
    request: Request[Any, Any, Any],
    stock: NamedDependency[StockService],
    data: JSONBody[StockSettingsIn],
) -> list[StockLevelOut]:
    """Applies to every location of the variant; 409 when turning backorders off while
    more is reserved than on hand. The answer is the variant's levels."""
    platform_id, vendor_id = await where(request)
    levels = await stock.configure(
        platform_id, vendor_id, data.sku, data.low_stock_threshold, data.allow_backorder
    )
    return [level_out(lv) for lv in levels]


HANDLERS = [list_stock_levels, record_stock_movement, list_stock_movements, update_stock_settings]
