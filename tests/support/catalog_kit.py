"""Products to write in catalog tests, and a catalog on a migrated database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from mercato.adapters.db.scope import unit_of_work
from mercato.bootstrap.library import close_container
from mercato.domain.catalog.model import ProductDraft, VariantDraft
from mercato.ports.catalog import ImportedProduct, ImportedVariant, ProductStatus
from mercato.ports.money import Money
from tests.support.app import container_with

__all__ = ["Catalog", "catalog_on", "draft", "imported", "variant"]


def variant(sku: str, amount: int = 1990, *values: str, currency: str = "EUR") -> VariantDraft:
    """A variant with a price and option values."""
    return VariantDraft(sku, Money(amount, currency), tuple(values))


def draft(
    title: str = "T-shirt",
    *skus: str,
    handle: str = "",
    status: ProductStatus = ProductStatus.ACTIVE,
    tags: tuple[str, ...] = (),
) -> ProductDraft:
    """A product with one ``Size`` option and a variant per SKU (sizes S, M, L, ...)."""
    skus = skus or ("TS-S",)
    sizes = ("S", "M", "L", "XL", "XXL", "3XL")
    return ProductDraft(
        handle,
        title,
        tuple(variant(sku, 1990 + i, sizes[i]) for i, sku in enumerate(skus)),
        status,
        tags=tags,
        options=("Size",),
    )


def imported(handle: str, *skus: str, title: str = "", price: int = 1000) -> ImportedProduct:
    """An importer's row with one ``Size`` option."""
    return ImportedProduct(
        handle,
        title or handle.replace("-", " ").title(),
        tuple(ImportedVariant(s, Money(price, "EUR"), (f"S{i}",)) for i, s in enumerate(skus)),
        ProductStatus.ACTIVE,
        options=("Size",),
    )


@dataclass
class Catalog:
    """The catalog container's parts over one database, and two vendors on one platform."""

    container: Any
    platform_id: int
    acme: int
    globex: int

    @property
    def service(self) -> Any:
        return self.container.components().container("catalog").catalog()

    @property
    def repository(self) -> Any:
        return self.container.components().container("catalog").repository()

    @property
    def reader(self) -> Any:
        return self.container.components().container("catalog").reader()

    @property
    def importer(self) -> Any:
        return self.container.components().container("catalog").importer()

    async def upsert(self, vendor_id: int, rows: Any, policy: Any = None) -> Any:
        """The bulk upsert in a unit of work that commits, as an importer runs it."""
        async with unit_of_work(fresh=True):
            args = (vendor_id, rows) if policy is None else (vendor_id, rows, policy)
            outcomes = await self.importer.upsert(*args)
            async with self.container.sessions()() as s:
                await s.commit()
        return outcomes


@asynccontextmanager
async def catalog_on(url: str) -> AsyncIterator[Catalog]:
    """A catalog over the migrated ``url`` with vendors acme and globex on north."""
    c = container_with(url)
    try:
        t = c.components().container("tenancy")
        north = await t.platforms().create("north", "North", ["north.test"])
        company = await t.companies().create("Example Holdings")
        acme = await t.vendors().create("acme", "Acme", company.id, [north.id])
        globex = await t.vendors().create("globex", "Globex", company.id, [north.id])
        yield Catalog(c, north.id, acme.id, globex.id)
    finally:
        await close_container(c)
