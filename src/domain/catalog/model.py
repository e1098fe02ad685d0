"""Products and variants, as the catalog's use cases and pages see them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from mercato.ports.catalog import ProductStatus
from mercato.ports.errors import Conflict, InvalidInput
from mercato.ports.money import Money

__all__ = [
    "MAX_OPTIONS",
    "WEIGHT_UNITS",
    "ExportRow",
    "HandleAlreadyExists",
    "Product",
    "ProductDraft",
    "ProductInvalid",
    "ProductQuery",
    "ProductSummary",
    "SkuAlreadyExists",
    "Variant",
    "VariantDraft",
    "WeightUnit",
]

MAX_OPTIONS = 3
WeightUnit = Literal["g", "kg", "lb", "oz"]
WEIGHT_UNITS: tuple[str, ...] = ("g", "kg", "lb", "oz")


class ProductInvalid(InvalidInput):
    """A product that breaks catalog rules: ``errors`` maps each field at fault to its message.

    Fields are named as in the JSON body: ``title``, ``options``, ``variants[1].sku``.
    """

    def __init__(self, errors: dict[str, str]) -> None:
        first = next(iter(errors))
        super().__init__(f"{first}: {errors[first]}" if first != "__all__" else errors[first])
        self.field = first
        self.errors = dict(errors)


class SkuAlreadyExists(Conflict):
    """Another product of the vendor has the SKU (the message names that product)."""


class HandleAlreadyExists(Conflict):
    """Another product of the vendor has the handle."""


@dataclass(frozen=True, slots=True)
class VariantDraft:
    """A variant as it is written: checked and normalised by :mod:`.rules`."""

    sku: str
    price: Money
    option_values: tuple[str, ...] = ()
    compare_at_price: Money | None = None
    barcode: str | None = None
    weight: float | None = None
    weight_unit: WeightUnit | None = None


@dataclass(frozen=True, slots=True)
class ProductDraft:
    """A product with its variants as it is written (sanitised, normalised, checked)."""

    handle: str
    title: str
    variants: tuple[VariantDraft, ...]
    status: ProductStatus = ProductStatus.DRAFT
    description: str = ""
    product_type: str = ""
    tags: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    images: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Variant:
    """A stored variant; its id never changes while its SKU stays on the product."""

    id: int
    product_id: int
    sku: str
    price: Money
    option_values: tuple[str, ...] = ()
    compare_at_price: Money | None = None
    barcode: str | None = None
    weight: float | None = None
    weight_unit: WeightUnit | None = None

    def draft(self) -> VariantDraft:
        """The variant's content, to compare with an incoming one."""
        return VariantDraft(
            self.sku,
            self.price,
            self.option_values,
            self.compare_at_price,
            self.barcode,
            self.weight,
            self.weight_unit,
        )


@dataclass(frozen=True, slots=True)
class Product:
    """A stored product of ``vendor_id`` with its variants in their order."""

    id: int
    vendor_id: int
    handle: str
    title: str
    status: ProductStatus
    variants: tuple[Variant, ...]
    description: str = ""
    product_type: str = ""
    tags: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    images: tuple[str, ...] = ()
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def draft(self) -> ProductDraft:
        """The product's content, to compare with an incoming one (unchanged or not)."""
        return ProductDraft(
            self.handle,
            self.title,
            tuple(v.draft() for v in self.variants),
            self.status,
            self.description,
            self.product_type,
            self.tags,
            self.options,
            self.images,
        )

    def variant_title(self, variant: Variant) -> str:
        """``"T-shirt / M / Blue"``: the title with the variant's option values."""
        return " / ".join((self.title, *variant.option_values))


@dataclass(frozen=True, slots=True)
class ProductSummary:
    """A row of the product list: the product and what its variants add up to."""

    id: int
    vendor_id: int
    handle: str
    title: str
    status: ProductStatus
    product_type: str
    tags: tuple[str, ...]
    variant_count: int
    min_price: Money | None
    updated_at: datetime | None
    vendor_slug: str = ""


@dataclass(frozen=True, slots=True)
class ProductQuery:
    """Filters of the product list; ``search`` matches title, SKUs and tags (contains)."""

    search: str = ""
    status: ProductStatus | None = None
    product_type: str = ""
    tag: str = ""


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One line of the CSV export: a variant with its product's fields."""

    variant_id: int
    product_id: int
    handle: str
    title: str
    status: str
    product_type: str
    tags: tuple[str, ...]
    options: tuple[str, ...]
    sku: str
    option_values: tuple[str, ...]
    price: Money
    compare_at_price: Money | None
    barcode: str | None
    weight: float | None
    weight_unit: str | None
