"""What other modules may know of the catalog (published by the catalog module).

Orders reads variants by SKU to validate lines and snapshot prices; inventory maps SKUs to
variants; importers (marketplace feeds) write products through :class:`CatalogImport`.
Every call names the vendor: another vendor's product is simply not found.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal, Protocol, runtime_checkable

from mercato.ports.money import Money

__all__ = [
    "CatalogImport",
    "CatalogReader",
    "ErrorPolicy",
    "FakeCatalogReader",
    "ImportedProduct",
    "ImportedVariant",
    "ProductRef",
    "ProductStatus",
    "UpsertOutcome",
    "VariantRef",
]


class ProductStatus(StrEnum):
    """A product's life: only ``active`` products can be ordered."""

    DRAFT = "draft"
    ACTIVE = "active"
    ARCHIVED = "archived"


@dataclass(frozen=True, slots=True)
class VariantRef:
    """A sellable variant as other modules see it.

    ``title`` is the product's title with the variant's option values
    (``"T-shirt / M / Blue"``); ``price`` is its current price.
    """

    id: int
    vendor_id: int
    product_id: int
    sku: str
    title: str
    price: Money
    status: ProductStatus
    option_values: tuple[str, ...] = ()
    barcode: str | None = None


@dataclass(frozen=True, slots=True)
class ProductRef:
    """A product with its variants."""

    id: int
    vendor_id: int
    handle: str
    title: str
    status: ProductStatus
    variants: tuple[VariantRef, ...] = ()


@runtime_checkable
class CatalogReader(Protocol):
    """Reads the vendor's products and variants."""

    async def variants_by_sku(
        self, vendor_id: int, skus: Sequence[str]
    ) -> Mapping[str, VariantRef]:
        """The vendor's variants among ``skus``, keyed by SKU; unknown SKUs are left out.

        SKUs compare exactly (as stored). One statement whatever the number of SKUs.
        """
        ...

    async def variants_by_id(
        self, vendor_id: int, variant_ids: Sequence[int]
    ) -> Mapping[int, VariantRef]:
        """The vendor's variants among ``variant_ids``, keyed by id; others are left out."""
        ...

    async def product(self, vendor_id: int, product_id: int) -> ProductRef | None:
        """The vendor's product ``product_id`` with its variants, or ``None``."""
        ...

    async def product_by_handle(self, vendor_id: int, handle: str) -> ProductRef | None:
        """The vendor's product with ``handle`` (case-insensitive), or ``None``."""
        ...


class ErrorPolicy(StrEnum):
    """What a bulk upsert does with rows that fail."""

    REJECT_BATCH = "reject_batch"
    """One failed row writes nothing: every row reports its outcome, none is applied."""
    SKIP_FAILED = "skip_failed"
    """Valid rows are written; failed rows are reported and skipped."""


@dataclass(frozen=True, slots=True)
class ImportedVariant:
    """One variant of an imported product; ``price`` and ``compare_at_price`` in minor units."""

    sku: str
    price: Money
    option_values: tuple[str, ...] = ()
    compare_at_price: Money | None = None
    barcode: str | None = None
    weight: float | None = None
    weight_unit: Literal["g", "kg", "lb", "oz"] | None = None


@dataclass(frozen=True, slots=True)
class ImportedProduct:
    """A product as an importer delivers it; matched to an existing one by ``handle``.

    ``description`` may contain HTML: the catalog sanitises it. ``images`` are URLs the
    importer found (kept as given; the catalog does not fetch them).
    """

    handle: str
    title: str
    variants: tuple[ImportedVariant, ...]
    status: ProductStatus = ProductStatus.DRAFT
    description: str = ""
    product_type: str = ""
    tags: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    images: tuple[str, ...] = ()
    vendor_reference: str | None = None
    extra: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class UpsertOutcome:
    """What happened to one input row of a bulk upsert (``row`` counts from 0)."""

    row: int
    handle: str
    outcome: Literal["created", "updated", "unchanged", "failed"]
    product_id: int | None = None
    reason: str = ""
    field: str | None = None


@runtime_checkable
class CatalogImport(Protocol):
    """Writes products in bulk for importers."""

    async def upsert(
        self,
        vendor_id: int,
        products: Sequence[ImportedProduct],
        policy: ErrorPolicy = ErrorPolicy.SKIP_FAILED,
    ) -> Sequence[UpsertOutcome]:
        """Create or update the vendor's products by handle, and their variants by SKU.

        Returns one outcome per input row, in order. A row fails (with its reason and the
        field at fault) when it breaks a catalog rule: a SKU used by another of the vendor's
        products, a duplicate within the batch, a bad price or currency, more than three
        options, option values that do not match the options. With
        :attr:`ErrorPolicy.REJECT_BATCH` a failure leaves the catalog unchanged and the
        other rows report what they would have been. Runs in the caller's unit of work; the
        caller commits.
        """
        ...


class FakeCatalogReader:
    """Variants given by hand, for tests of the modules that read the catalog."""

    def __init__(self, variants: Sequence[VariantRef] = ()) -> None:
        self.variants = list(variants)

    async def variants_by_sku(
        self, vendor_id: int, skus: Sequence[str]
    ) -> Mapping[str, VariantRef]:
        """The given variants of the vendor among ``skus``."""
        wanted = set(skus)
        return {v.sku: v for v in self.variants if v.vendor_id == vendor_id and v.sku in wanted}

    async def variants_by_id(
        self, vendor_id: int, variant_ids: Sequence[int]
    ) -> Mapping[int, VariantRef]:
        """The given variants of the vendor among ``variant_ids``."""
        wanted = set(variant_ids)
        return {v.id: v for v in self.variants if v.vendor_id == vendor_id and v.id in wanted}

    async def product(self, vendor_id: int, product_id: int) -> ProductRef | None:
        """A product made of the given variants with ``product_id``, or ``None``."""
        found = tuple(
            v for v in self.variants if v.vendor_id == vendor_id and v.product_id == product_id
        )
        if not found:
            return None
        first = found[0]
        return ProductRef(
            product_id, vendor_id, f"product-{product_id}", first.title, first.status, found
        )

    async def product_by_handle(self, vendor_id: int, handle: str) -> ProductRef | None:
        """Products of the fake are called ``product-<id>``."""
        prefix = "product-"
        if not handle.lower().startswith(prefix) or not handle[len(prefix) :].isdigit():
            return None
        return await self.product(vendor_id, int(handle[len(prefix) :]))
