"""A real container over a migrated database, with a vendor and a catalog given by hand.

The catalog is reached through the port: the inventory container's ``contracts`` provider is
replaced by a :class:`FakeContractLookup` holding a :class:`FakeCatalogReader`, so inventory
is tested against real SQLite and PostgreSQL whichever catalog module is installed.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from dependency_injector import providers
from sqlalchemy import text

from mercato.adapters.db.scope import unit_of_work
from mercato.bootstrap.container import ApplicationContainer
from mercato.bootstrap.library import close_container
from mercato.domain.inventory.reservations import ReservationService
from mercato.domain.inventory.services import StockService
from mercato.ports.catalog import CatalogReader, FakeCatalogReader, ProductStatus, VariantRef
from mercato.ports.clock import FakeClock
from mercato.ports.contracts import FakeContractLookup
from mercato.ports.money import Money
from tests.support.app import container_with

__all__ = ["Kit", "kit", "variant", "wire_catalog"]


def variant(vendor_id: int, variant_id: int, sku: str) -> VariantRef:
    """A variant of the fake catalog."""
    return VariantRef(
        variant_id,
        vendor_id,
        variant_id,
        sku,
        sku.title(),
        Money(1000, "EUR"),
        ProductStatus.ACTIVE,
    )


def wire_catalog(container: ApplicationContainer, variants: list[VariantRef]) -> FakeCatalogReader:
    """Make inventory find ``variants`` through the catalog contract, on every platform."""
    reader = FakeCatalogReader(variants)
    inventory = container.components().container("inventory")
    inventory.contracts.override(providers.Object(FakeContractLookup({CatalogReader: reader})))
    return reader


@dataclass
class Kit:
    """The container, the platform, two vendors, the clock and the services."""

    container: ApplicationContainer
    platform_id: int
    vendor_id: int
    other_vendor_id: int
    clock: FakeClock
    stock: StockService
    reservations: ReservationService

    def repository(self) -> Any:
        return self.container.components().container("inventory").stock_repository()

    async def announced(self, name: str) -> list[tuple[int, dict[str, Any]]]:
        """The platform and payload of every event ``name`` in the outbox, oldest first."""
        async with self.container.engine().connect() as connection:
            rows = await connection.execute(
                text(
                    "SELECT platform_id, payload FROM event_outbox WHERE name = :name "
                    "ORDER BY occurred_at, id"
                ),
                {"name": name},
            )
            return [(r[0], r[1] if isinstance(r[1], dict) else json.loads(r[1])) for r in rows]


@asynccontextmanager
async def kit(url: str, engine: Any = None) -> AsyncIterator[Kit]:
    """A platform ``north`` with vendors ``acme`` and ``globex`` and SKUs ``TEE-M`` (variant
    11), ``TEE-L`` (12) and ``MUG`` (13) of acme, ``GLOBEX-1`` (21) of globex. ``engine``
    replaces the container's (a larger pool)."""
    container = container_with(url)
    if engine is not None:
        container.engine.override(providers.Object(engine))
    clock = FakeClock()
    container.clock.override(providers.Object(clock))
    try:
        t = container.components().container("tenancy")
        platform = await t.platforms().create("north", "North", ["north.test"])
        company = await t.companies().create("Holdings")
        acme = await t.vendors().create("acme", "Acme", company.id, [platform.id])
        globex = await t.vendors().create("globex", "Globex", company.id, [platform.id])
        wire_catalog(
            container,
            [
                variant(acme.id, 11, "TEE-M"),
                variant(acme.id, 12, "TEE-L"),
                variant(acme.id, 13, "MUG"),
                variant(globex.id, 21, "GLOBEX-1"),
            ],
        )
        inventory = container.components().container("inventory")
        yield Kit(
            container,
            platform.id,
            acme.id,
            globex.id,
            clock,
            inventory.stock(),
            inventory.reservations(),
        )
    finally:
        await close_container(container)


async def committed(kit_: Kit, work: Any) -> Any:
    """Run ``work()`` in a unit of work of its own and commit it (as an order placement does)."""
    async with unit_of_work(fresh=True):
        result = await work()
        await kit_.repository().commit()
        return result
