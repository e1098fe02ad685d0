"""The catalog's own persistence port; every method names the vendor it works for."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from mercato.domain.catalog.model import (
    ExportRow,
    Product,
    ProductDraft,
    ProductQuery,
    ProductSummary,
)
from mercato.ports.catalog import ProductStatus
from mercato.ports.pagination import Page, PageRequest

__all__ = ["SORTS", "BatchWrite", "ProductRepository"]

SORTS = ("title", "handle", "status", "updated_at", "created_at")
"""The fields a product list sorts by (``-`` for descending); ``-updated_at`` by default."""


@dataclass(frozen=True, slots=True)
class BatchWrite:
    """What a bulk import writes: new products, and existing ones with their new content."""

    creates: Sequence[ProductDraft]
    updates: Sequence[tuple[Product, ProductDraft]]


class ProductRepository(Protocol):
    """Stores the vendors' products; a product of another vendor is never found."""

    async def add(self, vendor_id: int, draft: ProductDraft, now: datetime) -> Product:
        """Insert a checked product with its variants, committed.

        :class:`SkuAlreadyExists` (naming the product that has it) or
        :class:`HandleAlreadyExists` when the database's unique constraints refuse it.
        """
        ...

    async def replace(
        self, vendor_id: int, product_id: int, draft: ProductDraft, now: datetime
    ) -> Product:
        """Write the product's new content, committed. Variants are matched by SKU: a kept
        SKU keeps its variant id, a new one is inserted, a missing one deleted.
        ``NotFound``, or the conflicts of :meth:`add`."""
        ...

    async def get(self, vendor_id: int, product_id: int) -> Product | None:
        """The vendor's product with its variants, or ``None``."""
        ...

    async def by_handles(self, vendor_id: int, handles: Sequence[str]) -> list[Product]:
        """The vendor's products among ``handles`` (lower case), with their variants."""
        ...

    async def sku_owners(self, vendor_id: int, skus: Sequence[str]) -> Mapping[str, Product]:
        """For each of ``skus`` the vendor uses, the product (without variants) that has it."""
        ...

    async def search(
        self, vendor_id: int, query: ProductQuery, page: PageRequest
    ) -> Page[ProductSummary]:
        """One page of the vendor's products matching ``query``, sorted by ``page.sort``."""
        ...

    async def search_platform(
        self, platform_id: int, query: ProductQuery, page: PageRequest
    ) -> Page[ProductSummary]:
        """One page of the products of every vendor on the platform (read-only admin view)."""
        ...

    async def set_status(
        self, vendor_id: int, product_ids: Sequence[int], status: ProductStatus, now: datetime
    ) -> int:
        """Set the status of the vendor's products among ``product_ids``; how many changed."""
        ...

    async def delete(self, vendor_id: int, product_id: int) -> bool:
        """Delete the product and its variants; ``False`` when it is not the vendor's."""
        ...

    async def export_rows(
        self, vendor_id: int, query: ProductQuery, after_variant_id: int, size: int
    ) -> list[ExportRow]:
        """Up to ``size`` rows of the variants of the vendor's products matching ``query``
        (as :meth:`search` matches them) with ids above ``after_variant_id``, in id order
        (keyset iteration), one statement."""
        ...

    async def write_batch(self, vendor_id: int, batch: BatchWrite, now: datetime) -> list[int]:
        """Write a bulk import in the caller's transaction (not committed) with a few
        statements whatever the batch's size; the ids of the created products, in order."""
        ...

    async def counts(
        self, platform_id: int, vendor_id: int | None
    ) -> tuple[Mapping[ProductStatus, int], int]:
        """Products per status and the number of variants, of one vendor or of every vendor
        on the platform."""
        ...

    async def recently_updated(
        self, platform_id: int, vendor_id: int | None, limit: int
    ) -> list[ProductSummary]:
        """The products updated last, of one vendor or of the platform's vendors."""
        ...
