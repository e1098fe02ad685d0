"""The catalog's use cases for its pages and API: write, read, list, change status, export."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

from mercato.domain.catalog.model import (
    ExportRow,
    Product,
    ProductDraft,
    ProductQuery,
    ProductSummary,
)
from mercato.domain.catalog.repository import ProductRepository
from mercato.domain.catalog.rules import check_product
from mercato.ports.catalog import ProductStatus
from mercato.ports.clock import Clock
from mercato.ports.errors import InvalidInput, NotFound
from mercato.ports.media import MediaService, NullMediaService
from mercato.ports.pagination import Page, PageRequest

__all__ = ["EXPORT_CHUNK", "MEDIA_PREFIX", "CatalogService"]

EXPORT_CHUNK = 500
MEDIA_PREFIX = "media:"
MAX_BULK = 500


class CatalogService:
    """A vendor's products: every call names the vendor, and another vendor's product is
    not found."""

    def __init__(
        self, products: ProductRepository, clock: Clock, media: MediaService | None = None
    ) -> None:
        self._products = products
        self._clock = clock
        self._media = media or NullMediaService()

    async def create(self, vendor_id: int, draft: ProductDraft) -> Product:
        """Check and add a product; ``ProductInvalid``, ``SkuAlreadyExists`` or
        ``HandleAlreadyExists`` when a rule says no."""
        clean = check_product(await self._with_media(vendor_id, draft))
        return await self._products.add(vendor_id, clean, self._clock.now())

    async def update(self, vendor_id: int, product_id: int, draft: ProductDraft) -> Product:
        """Check and write the product's new content (variants matched by SKU)."""
        clean = check_product(await self._with_media(vendor_id, draft))
        return await self._products.replace(vendor_id, product_id, clean, self._clock.now())

    async def get(self, vendor_id: int, product_id: int) -> Product:
        """The vendor's product; ``NotFound`` otherwise."""
        found = await self._products.get(vendor_id, product_id)
        if found is None:
            raise NotFound("no such product")
        return found

    async def delete(self, vendor_id: int, product_id: int) -> None:
        """Delete the vendor's product; ``NotFound`` otherwise."""
        if not await self._products.delete(vendor_id, product_id):
            raise NotFound("no such product")

    async def list(
        self, vendor_id: int, query: ProductQuery, page: PageRequest
    ) -> Page[ProductSummary]:
        """One page of the vendor's products matching ``query``."""
        return await self._products.search(vendor_id, query, page)

    async def list_platform(
        self, platform_id: int, query: ProductQuery, page: PageRequest
    ) -> Page[ProductSummary]:
        """One page of the products of the platform's vendors."""
        return await self._products.search_platform(platform_id, query, page)

    async def change_status(
        self, vendor_id: int, product_ids: Sequence[int], status: ProductStatus
    ) -> int:
        """Set the status of the vendor's products among ``product_ids``; how many changed."""
        if not product_ids:
            raise InvalidInput("choose at least one product", "ids")
        if len(product_ids) > MAX_BULK:
            raise InvalidInput(f"at most {MAX_BULK} products at once", "ids")
        unique = sorted(set(product_ids))
        return await self._products.set_status(vendor_id, unique, status, self._clock.now())

    async def export(
        self, vendor_id: int, query: ProductQuery | None = None, chunk: int | None = None
    ) -> AsyncIterator[ExportRow]:
        """Every variant of the products :meth:`list` shows for ``query``, with its product,
        read ``chunk`` (:data:`EXPORT_CHUNK`) at a time by variant id (keyset)."""
        size = chunk or EXPORT_CHUNK
        wanted = query or ProductQuery()
        after = 0
        while True:
            rows = await self._products.export_rows(vendor_id, wanted, after, size)
            for row in rows:
                yield row
            if len(rows) < size:
                return
            after = rows[-1].variant_id

    async def _with_media(self, vendor_id: int, draft: ProductDraft) -> ProductDraft:
        """Images named ``media:<id>`` replaced by the address of the vendor's media file."""
        if not any(i.startswith(MEDIA_PREFIX) for i in draft.images):
            return draft
        images = []
        for image in draft.images:
            if not image.startswith(MEDIA_PREFIX):
                images.append(image)
                continue
            found = await self._media.get(vendor_id, image.removeprefix(MEDIA_PREFIX))
            if found is None:
                raise InvalidInput(f"no media file {image}", "images")
            images.append(found.url)
        return ProductDraft(
            draft.handle,
            draft.title,
            draft.variants,
            draft.status,
            draft.description,
            draft.product_type,
            draft.tags,
            draft.options,
            tuple(images),
        )
