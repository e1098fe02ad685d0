"""The orders' use cases on a real database, with the other modules' contracts faked.

``orders_database`` migrates the built-in modules and orders and seeds the tenancy world;
``OrdersKit`` wires the service like the container does, with ``FakeCatalogReader``,
``FakeCustomerDirectory`` and, unless the platform runs without inventory,
``FakeStockReservations``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

from mercato.adapters.db.engine import create_engine, create_session_factory
from mercato.adapters.db.migrations import upgrade
from mercato.adapters.orders.repositories import ScopedTransactions, SqlAlchemyOrderRepository
from mercato.adapters.orders.rollups import SqlAlchemyRollupReader
from mercato.adapters.tenancy.tables import companies, platforms, vendors
from mercato.domain.orders.placing import PlaceOrder, RequestedLine
from mercato.domain.orders.services import OrderService
from mercato.ports.catalog import CatalogReader, FakeCatalogReader, ProductStatus, VariantRef
from mercato.ports.clock import FakeClock
from mercato.ports.contracts import FakeContractLookup
from mercato.ports.customers import CustomerDirectory, FakeCustomerDirectory
from mercato.ports.events import RecordingEventPublisher
from mercato.ports.inventory import FakeStockReservations, StockReservations
from mercato.ports.money import Money
from tests.conftest import builtin_folders
from tests.support.world import World

__all__ = ["OrdersKit", "migrate_with_orders", "order_of", "orders_kit", "variant"]

START = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def migrate_with_orders(url: str) -> World:
    """Migrate ``url`` (built-in modules and orders); platforms ``north`` and ``south``,
    vendors ``acme`` and ``globex`` (rows written directly: no container is built, so this
    runs before the catalog module, which orders requires, is installed)."""
    upgrade(url, builtin_folders())  # orders among them
    world = World(url)

    async def seed() -> None:
        engine = create_engine(url)
        try:
            async with engine.begin() as c:
                for code in ("north", "south"):
                    found = await c.execute(
                        platforms.insert()
                        .values(code=code, name=code.title())
                        .returning(platforms.c.id)
                    )
                    world.platforms[code] = found.scalar_one()
                company = (
                    await c.execute(
                        companies.insert().values(name="Holdings").returning(companies.c.id)
                    )
                ).scalar_one()
                for slug in ("acme", "globex"):
                    found = await c.execute(
                        vendors.insert()
                        .values(slug=slug, name=slug.title(), company_id=company)
                        .returning(vendors.c.id)
                    )
                    world.vendors[slug] = found.scalar_one()
        finally:
            await engine.dispose()

    asyncio.run(seed())
    return world


def variant(id_: int, vendor_id: int, sku: str, cents: int, currency: str = "EUR") -> VariantRef:
    """An active variant of ``vendor_id``."""
    return VariantRef(
        id_, vendor_id, id_, sku, f"Title {sku}", Money(cents, currency), ProductStatus.ACTIVE
    )


def order_of(
    *lines: tuple[str, int], email: str = "ann@example.com", shipping: int = 0
) -> PlaceOrder:
    """A command to place an order of ``(sku, quantity)`` lines."""
    return PlaceOrder(email, tuple(RequestedLine(s, q) for s, q in lines), shipping=shipping)


@dataclass
class OrdersKit:
    """The service and what it talks to."""

    service: OrderService
    repository: SqlAlchemyOrderRepository
    rollups: SqlAlchemyRollupReader
    catalog: FakeCatalogReader
    stock: FakeStockReservations
    customers: FakeCustomerDirectory
    events: RecordingEventPublisher
    clock: FakeClock
    sessions: object = field(repr=False, default=None)


@asynccontextmanager
async def orders_kit(
    url: str,
    variants: list[VariantRef],
    on_hand: dict[int, int] | None = None,
    without_inventory: frozenset[int] = frozenset(),
    platforms: tuple[int, ...] = (),
) -> AsyncIterator[OrdersKit]:
    """A kit on ``url``; the platforms in ``without_inventory`` publish no stock contract."""
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    catalog, stock = FakeCatalogReader(variants), FakeStockReservations(on_hand)
    customers, events, clock = FakeCustomerDirectory(), RecordingEventPublisher(), FakeClock(START)
    every: dict[type[object], object] = {
        CatalogReader: catalog,
        CustomerDirectory: customers,
        StockReservations: stock,
    }
    per_platform = {
        p: {
            k: v
            for k, v in every.items()
            if k is not StockReservations or p not in without_inventory
        }
        for p in platforms
    }
    lookup = FakeContractLookup(every, per_platform if platforms else None)
    repository = SqlAlchemyOrderRepository(sessions)
    service = OrderService(repository, ScopedTransactions(sessions), lookup, events, clock)
    try:
        yield OrdersKit(
            service,
            repository,
            SqlAlchemyRollupReader(sessions),
            catalog,
            stock,
            customers,
            events,
            clock,
            sessions,
        )
    finally:
        await engine.dispose()
