"""The demo's stock and order history, written through the modules' own use cases.

Stock is received with the inventory's ``StockService`` and orders are placed and moved
with the orders' ``OrderService``, so numbers, lines, customers, reservations, rollups and
outbox events are the real ones. Each step runs at its planned time: the services come
from a copy of the application container whose clock is a :class:`SettableClock` (every
module container built from it, the contracts it finds and its outbox publisher tell that
clock's time), set to the step's time before the step. Steps run in time order per
vendor, so the stock ledger and the order numbers read in time order too.

Nothing here imports inventory or orders until it is called; a module that is not
installed is skipped. A vendor that has orders (or stock) already gets none (idempotent).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mercato.adapters.db.scope import unit_of_work
from mercato.bootstrap.container import ApplicationContainer
from mercato.bootstrap.demo_plan import (
    FREE_SHIPPING_FROM,
    LOW_STOCK_THRESHOLD,
    SHIPPING,
    PlannedOrder,
    VendorPlan,
    plan_vendor,
)
from mercato.bootstrap.demo_time import SettableClock, TimeMachine, time_travelling

__all__ = ["DEMO_DAYS", "CommerceReport", "seed_commerce_demo"]

DEMO_DAYS = 90
ACTOR = "demo"
# Use cases run in units of work of this many steps (one session, one check of the cached
# configuration), each committing its own transaction.
_STEPS_PER_UNIT = 200


@dataclass
class CommerceReport:
    """What was seeded: receipts and orders (zero when run again)."""

    receipts: int = 0
    orders: int = 0
    events: int = 0


@dataclass(frozen=True, slots=True)
class _Vendor:
    slug: str
    id: int
    platforms: tuple[int, ...]
    variants: tuple[Any, ...]  # the catalog's VariantRef, in the demo catalogue's order
    customers: tuple[tuple[str, str], ...]  # e-mail and name


async def seed_commerce_demo(
    c: ApplicationContainer,
    vendors: Mapping[str, tuple[int, Sequence[int]]],
    platform_ids: Sequence[int],
    days: int = DEMO_DAYS,
) -> CommerceReport:
    """Enable inventory and orders on the demo platforms; give each demo vendor (slug: id
    and its platforms) stock and ``days`` days of orders, unless it has them already
    (``days=0``: none, as under the large demo, which brings its own)."""
    report = CommerceReport()
    wanted = [code for code in ("inventory", "orders") if code in c.registry()]
    for platform_id in platform_ids:
        for code in wanted:
            await c.enablement().enable(platform_id, code)
    if not wanted or days <= 0:
        return report
    now = c.clock().now()
    machine = time_travelling(c, now)
    try:
        await _seed_vendors(machine, vendors, wanted, days, report)
    finally:
        machine.clock.current = now
        await machine.close()
    return report


async def _seed_vendors(
    machine: TimeMachine,
    vendors: Mapping[str, tuple[int, Sequence[int]]],
    wanted: list[str],
    days: int,
    report: CommerceReport,
) -> None:
    root, clock, now = machine.root, machine.clock, machine.clock.now()
    for n, (slug, (vendor_id, on)) in enumerate(sorted(vendors.items())):
        if not on:
            continue
        stock = "inventory" in wanted and not await _has_stock(root, vendor_id)
        orders = "orders" in wanted and not await _has_orders(root, vendor_id)
        if not (stock or orders):
            continue
        vendor = await _load(root, slug, vendor_id, tuple(on))
        prices = [v.price.amount if v.status.value == "active" else None for v in vendor.variants]
        plan = plan_vendor(slug, now, days, prices, len(vendor.customers), len(on), 0.8 + 0.2 * n)
        if not orders:
            plan.orders.clear()
        if not stock:
            plan.receipts.clear()
        await _run(root, clock, vendor, plan, report)
        clock.current = now
        report.events += await machine.flush()


async def _has_stock(root: ApplicationContainer, vendor_id: int) -> bool:
    return bool(await root.components().container("inventory").stock_repository().levels(vendor_id))


async def _has_orders(root: ApplicationContainer, vendor_id: int) -> bool:
    from mercato.domain.orders.repository import OrderFilter

    service = root.components().container("orders").orders()
    return bool((await service.page(vendor_id, OrderFilter(), None, 1)).items)


async def _load(
    root: ApplicationContainer, slug: str, vendor_id: int, on: tuple[int, ...]
) -> _Vendor:
    """The vendor's demo variants (from the catalog) and customers (from customers)."""
    from mercato.bootstrap.demo_catalog import TITLES
    from mercato.domain.customers.model import CustomerFilter
    from mercato.ports.catalog import CatalogReader
    from mercato.ports.pagination import PageRequest

    catalog = await root.contracts().find(on[0], CatalogReader)  # type: ignore[type-abstract]
    variants: list[Any] = []
    for title, *_ in TITLES:
        product = None
        if catalog is not None:
            product = await catalog.product_by_handle(vendor_id, title.lower().replace(" ", "-"))
        variants.extend(product.variants if product else ())
    page = (
        await root.components()
        .container("customers")
        .customers()
        .page(vendor_id, PageRequest(1, 100), CustomerFilter())
    )
    customers = tuple((x.email, x.name) for x in page.items)
    return _Vendor(slug, vendor_id, on, tuple(variants), customers)


async def _run(
    root: ApplicationContainer,
    clock: SettableClock,
    vendor: _Vendor,
    plan: VendorPlan,
    report: CommerceReport,
) -> None:
    """Every receipt, placement and action of the plan, in time order."""
    timeline: list[tuple[datetime, int, Any]] = []
    for receipt in plan.receipts:
        timeline.append((receipt.at, 0, receipt))
    for i, order in enumerate(plan.orders):
        timeline.append((order.at, 1, (i, order)))
        timeline.extend((step.at, 2, (i, step)) for step in order.steps)
    timeline.sort(key=lambda entry: (entry[0], entry[1]))
    numbers: dict[int, int] = {}
    watched = plan.watched
    for start in range(0, len(timeline), _STEPS_PER_UNIT):
        async with unit_of_work(fresh=True):
            for entry in timeline[start : start + _STEPS_PER_UNIT]:
                await _step(root, clock, vendor, entry, numbers, watched, report)


async def _step(
    root: ApplicationContainer,
    clock: SettableClock,
    vendor: _Vendor,
    entry: tuple[datetime, int, Any],
    numbers: dict[int, int],
    watched: set[int],
    report: CommerceReport,
) -> None:
    at, kind, item = entry
    clock.current = at
    if kind == 0:
        await _receive(root, vendor, item, watched)
        report.receipts += 1
    elif kind == 1:
        number = await _place(root, vendor, *item)
        if number is not None:
            numbers[item[0]] = number
            report.orders += 1
    elif item[0] in numbers:
        i, step = item
        from mercato.domain.orders.transitions import Action

        await (
            root.components()
            .container("orders")
            .orders()
            .act(vendor.id, numbers[i], Action(step.action), f"demo-{i}-{step.action}", step.amount)
        )


async def _receive(
    root: ApplicationContainer, vendor: _Vendor, receipt: Any, watched: set[int]
) -> None:
    from mercato.domain.inventory.model import MovementKind

    stock = root.components().container("inventory").stock()
    sku = vendor.variants[receipt.variant].sku
    if receipt.variant in watched:
        await stock.configure(vendor.platforms[0], vendor.id, sku, LOW_STOCK_THRESHOLD, False)
    await stock.record(
        vendor.platforms[0], vendor.id, sku, MovementKind.RECEIPT, receipt.quantity, actor=ACTOR
    )


async def _place(
    root: ApplicationContainer, vendor: _Vendor, i: int, order: PlannedOrder
) -> int | None:
    """Place the planned order; its number (``None`` when its stock was short: a vendor
    whose stock was there before the demo's orders)."""
    from mercato.domain.orders.placing import PlaceOrder, RequestedLine
    from mercato.ports.inventory import InsufficientStock

    email, name = vendor.customers[order.customer]
    lines = tuple(RequestedLine(vendor.variants[v].sku, q) for v, q in order.lines)
    subtotal = sum(vendor.variants[v].price.amount * q for v, q in order.lines)
    shipping = 0 if subtotal >= FREE_SHIPPING_FROM else SHIPPING
    command = PlaceOrder(email, lines, name, shipping)
    service = root.components().container("orders").orders()
    try:
        placed = await service.place(
            vendor.platforms[order.platform], vendor.id, f"demo-{i}", command
        )
    except InsufficientStock:
        return None
    return int(placed.number)
