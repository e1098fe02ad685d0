"""The catalog's repository: products with their variants, written and read by vendor.

Writes go through :meth:`SqlAlchemyProductRepository._write`, which takes any number of new
and changed products and runs a fixed number of statements (``executemany`` where rows are
many). The unique constraints of the tables hold SKUs and handles unique per vendor also when
two writers race; their refusal becomes a 409 naming the product that has the SKU.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mercato.adapters.catalog._rows import (
    PRODUCT_FIELDS,
    VARIANT_FIELDS,
    VENDOR,
    load_products,
    product_row,
    variant_row,
)
from mercato.adapters.catalog.repository_reads import ProductReads
from mercato.adapters.catalog.tables import catalog_images, catalog_products, catalog_variants
from mercato.adapters.db.integrity import is_unique_violation
from mercato.adapters.db.queries import core, rowcount
from mercato.domain.catalog.model import (
    HandleAlreadyExists,
    Product,
    ProductDraft,
    SkuAlreadyExists,
)
from mercato.domain.catalog.repository import BatchWrite
from mercato.ports.catalog import ProductStatus
from mercato.ports.errors import NotFound

__all__ = ["SqlAlchemyProductRepository"]

P, V = catalog_products.c, catalog_variants.c
_PRODUCT = bindparam("product_id", type_=Integer)
_ONE = select(catalog_products).where(P.vendor_id == VENDOR, P.id == _PRODUCT)
_UPDATE_PRODUCT = (
    update(catalog_products)
    .where(P.id == bindparam("b_id"), P.vendor_id == bindparam("b_vendor"))
    .values({c: bindparam(c) for c in PRODUCT_FIELDS})
)
_UPDATE_VARIANT = (
    update(catalog_variants)
    .where(V.id == bindparam("b_id"))
    .values({c: bindparam(c) for c in VARIANT_FIELDS})
)


def _fields(row: dict[str, Any]) -> dict[str, Any]:
    return {c: row[c] for c in PRODUCT_FIELDS}


class SqlAlchemyProductRepository(ProductReads):
    """:class:`~mercato.domain.catalog.repository.ProductRepository` with SQLAlchemy Core."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def add(self, vendor_id: int, draft: ProductDraft, now: datetime) -> Product:
        """See the protocol."""
        async with self._sessions() as s:
            try:
                (product_id,) = await self._write(s, vendor_id, BatchWrite([draft], []), now)
                await s.commit()
            except IntegrityError as exc:
                await s.rollback()
                raise await self._conflict(s, vendor_id, draft, None, exc) from exc
        return await self._get_or_fail(vendor_id, product_id)

    async def replace(
        self, vendor_id: int, product_id: int, draft: ProductDraft, now: datetime
    ) -> Product:
        """See the protocol."""
        async with self._sessions() as s:
            (existing,) = await load_products(s, await self._rows(s, vendor_id, product_id)) or (
                None,
            )
            if existing is None:
                raise NotFound("no such product")
            try:
                await self._write(s, vendor_id, BatchWrite([], [(existing, draft)]), now)
                await s.commit()
            except IntegrityError as exc:
                await s.rollback()
                raise await self._conflict(s, vendor_id, draft, product_id, exc) from exc
        return await self._get_or_fail(vendor_id, product_id)

    async def get(self, vendor_id: int, product_id: int) -> Product | None:
        """See the protocol."""
        async with self._sessions() as s:
            found = await load_products(s, await self._rows(s, vendor_id, product_id))
        return found[0] if found else None

    async def set_status(
        self, vendor_id: int, product_ids: Sequence[int], status: ProductStatus, now: datetime
    ) -> int:
        """See the protocol."""
        async with self._sessions() as s:
            result = await s.execute(
                update(catalog_products)
                .where(P.vendor_id == vendor_id, P.id.in_(list(product_ids)))
                .where(P.status != status.value)
                .values(status=status.value, updated_at=now)
            )
            await s.commit()
        return rowcount(result)

    async def delete(self, vendor_id: int, product_id: int) -> bool:
        """See the protocol."""
        async with self._sessions() as s:
            result = await s.execute(
                delete(catalog_products).where(P.vendor_id == vendor_id, P.id == product_id)
            )
            await s.commit()
        return rowcount(result) > 0

    async def write_batch(self, vendor_id: int, batch: BatchWrite, now: datetime) -> list[int]:
        """See the protocol."""
        async with self._sessions() as s:
            return await self._write(s, vendor_id, batch, now)

    async def _rows(self, s: AsyncSession, vendor_id: int, product_id: int) -> list[Any]:
        return list(await core(s, _ONE, {"vendor_id": vendor_id, "product_id": product_id}))

    async def _get_or_fail(self, vendor_id: int, product_id: int) -> Product:
        found = await self.get(vendor_id, product_id)
        if found is None:
            raise NotFound("no such product")
        return found

    async def _write(
        self, s: AsyncSession, vendor_id: int, batch: BatchWrite, now: datetime
    ) -> list[int]:
        created: list[int] = []
        if batch.creates:
            rows = [{**product_row(vendor_id, d, now), "created_at": now} for d in batch.creates]
            await s.execute(insert(catalog_products), rows)  # one executemany
            handles = [d.handle for d in batch.creates]
            found = await s.execute(
                select(P.handle, P.id).where(P.vendor_id == vendor_id, P.handle.in_(handles))
            )
            ids = dict(found.tuples().all())
            created = [ids[h] for h in handles]
        new_variants: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        gone: list[int] = []
        images: list[dict[str, Any]] = []
        for product_id, d in zip(created, batch.creates, strict=True):
            new_variants += [
                variant_row(vendor_id, product_id, i, v) for i, v in enumerate(d.variants)
            ]
            images += [
                {"product_id": product_id, "position": i, "url": u} for i, u in enumerate(d.images)
            ]
        for existing, d in batch.updates:
            kept = {v.sku: v.id for v in existing.variants}
            for i, v in enumerate(d.variants):
                row = variant_row(vendor_id, existing.id, i, v)
                if v.sku in kept:
                    changed.append({**{c: row[c] for c in VARIANT_FIELDS}, "b_id": kept.pop(v.sku)})
                else:
                    new_variants.append(row)
            gone += kept.values()
            images += [
                {"product_id": existing.id, "position": i, "url": u} for i, u in enumerate(d.images)
            ]
        if batch.updates:
            await s.execute(
                _UPDATE_PRODUCT,
                [
                    {**_fields(product_row(vendor_id, d, now)), "b_id": p.id, "b_vendor": vendor_id}
                    for p, d in batch.updates
                ],
            )
            updated = [p.id for p, _ in batch.updates]
            await s.execute(delete(catalog_images).where(catalog_images.c.product_id.in_(updated)))
        if gone:
            await s.execute(
                delete(catalog_variants).where(V.vendor_id == vendor_id, V.id.in_(gone))
            )
        if changed:
            await s.execute(_UPDATE_VARIANT, changed)
        if new_variants:
            await s.execute(insert(catalog_variants), new_variants)
        if images:
            await s.execute(insert(catalog_images), images)
        return created

    async def _conflict(
        self,
        s: AsyncSession,
        vendor_id: int,
        draft: ProductDraft,
        product_id: int | None,
        exc: IntegrityError,
    ) -> Exception:
        """The conflict an integrity error means: a SKU of another product, or the handle."""
        if not is_unique_violation(exc):
            return exc
        owners: Mapping[str, Product] = await self.sku_owners(
            vendor_id, [v.sku for v in draft.variants]
        )
        for i, v in enumerate(draft.variants):
            owner = owners.get(v.sku)
            if owner is not None and owner.id != product_id:
                return SkuAlreadyExists(
                    f"SKU {v.sku} is already used by product '{owner.title}' ({owner.handle})",
                    f"variants[{i}].sku",
                )
        if "sku" in str(exc.orig).lower():  # the other writer has not committed yet
            return SkuAlreadyExists("a SKU of this product is already used", "variants")
        return HandleAlreadyExists(
            f"another product already has the handle {draft.handle}", "handle"
        )
