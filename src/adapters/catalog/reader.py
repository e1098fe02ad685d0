"""The catalog's published contract :class:`mercato.ports.catalog.CatalogReader`.

Orders call :meth:`SqlAlchemyCatalogReader.variants_by_sku` when placing an order and
inventory maps SKUs to variants with it: one statement, built once at import with an
expanding placeholder, run on the caller's connection (its unit of work).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Row, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mercato.adapters.catalog._rows import VENDOR, load_products
from mercato.adapters.catalog.tables import catalog_products, catalog_variants
from mercato.adapters.db.queries import core
from mercato.domain.catalog.model import Product
from mercato.ports.catalog import ProductRef, ProductStatus, VariantRef
from mercato.ports.money import Money

__all__ = ["SqlAlchemyCatalogReader", "product_ref"]

P, V = catalog_products.c, catalog_variants.c
_VARIANT_COLUMNS = (*catalog_variants.c, P.title, P.status, P.options)
_BY_SKU = (
    select(*_VARIANT_COLUMNS)
    .join(catalog_products, P.id == V.product_id)
    .where(V.vendor_id == VENDOR, V.sku.in_(bindparam("skus", expanding=True)))
)
_BY_ID = (
    select(*_VARIANT_COLUMNS)
    .join(catalog_products, P.id == V.product_id)
    .where(V.vendor_id == VENDOR, V.id.in_(bindparam("ids", expanding=True)))
)
_PRODUCT = select(catalog_products).where(P.vendor_id == VENDOR, P.id == bindparam("id"))
_BY_HANDLE = select(catalog_products).where(P.vendor_id == VENDOR, P.handle == bindparam("handle"))


def _ref(r: Row[Any]) -> VariantRef:
    values = (r.option1, r.option2, r.option3)[: len(r.options or ())]
    return VariantRef(
        r.id,
        r.vendor_id,
        r.product_id,
        r.sku,
        " / ".join((r.title, *values)),
        Money(r.price_amount, r.currency),
        ProductStatus(r.status),
        values,
        r.barcode,
    )


def product_ref(p: Product) -> ProductRef:
    """The contract's view of a product."""
    variants = tuple(
        VariantRef(
            v.id,
            p.vendor_id,
            p.id,
            v.sku,
            p.variant_title(v),
            v.price,
            p.status,
            v.option_values,
            v.barcode,
        )
        for v in p.variants
    )
    return ProductRef(p.id, p.vendor_id, p.handle, p.title, p.status, variants)


class SqlAlchemyCatalogReader:
    """Reads the vendor's products and variants for other modules (in their unit of work)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def variants_by_sku(
        self, vendor_id: int, skus: Sequence[str]
    ) -> Mapping[str, VariantRef]:
        """See :class:`~mercato.ports.catalog.CatalogReader`."""
        if not skus:
            return {}
        async with self._sessions() as s:
            rows = await core(s, _BY_SKU, {"vendor_id": vendor_id, "skus": list(set(skus))})
            return {r.sku: _ref(r) for r in rows}

    async def variants_by_id(
        self, vendor_id: int, variant_ids: Sequence[int]
    ) -> Mapping[int, VariantRef]:
        """See :class:`~mercato.ports.catalog.CatalogReader`."""
        if not variant_ids:
            return {}
        async with self._sessions() as s:
            rows = await core(s, _BY_ID, {"vendor_id": vendor_id, "ids": list(set(variant_ids))})
            return {r.id: _ref(r) for r in rows}

    async def product(self, vendor_id: int, product_id: int) -> ProductRef | None:
        """See :class:`~mercato.ports.catalog.CatalogReader`."""
        async with self._sessions() as s:
            rows = list(await core(s, _PRODUCT, {"vendor_id": vendor_id, "id": product_id}))
            found = await load_products(s, rows)
        return product_ref(found[0]) if found else None

    async def product_by_handle(self, vendor_id: int, handle: str) -> ProductRef | None:
        """See :class:`~mercato.ports.catalog.CatalogReader`."""
        params = {"vendor_id": vendor_id, "handle": handle.strip().lower()}
        async with self._sessions() as s:
            found = await load_products(s, list(await core(s, _BY_HANDLE, params)))
        return product_ref(found[0]) if found else None
