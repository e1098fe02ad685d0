"""The catalog's input types: one msgspec Struct per operation, for its page and its API
(ADR 0014). Their limits bound what reaches the rules; the rules (``domain.catalog.rules``)
decide the rest and name each field at fault."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from mercato.adapters.web.money import MoneyIn
from mercato.adapters.web.params import Id
from mercato.domain.catalog.model import Product, ProductDraft, VariantDraft
from mercato.ports.catalog import ProductStatus

__all__ = ["MoneyIn", "ProductIn", "ProductPatchIn", "StatusChangeIn", "VariantIn"]

Text = Annotated[str, msgspec.Meta(max_length=100)]
Tag = Annotated[str, msgspec.Meta(max_length=50)]
Url = Annotated[str, msgspec.Meta(max_length=500)]
Title = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Handle = Annotated[
    str,
    msgspec.Meta(
        max_length=100,
        pattern=r"^([A-Za-z0-9]+(-[A-Za-z0-9]+)*)?$(?!\n)",
        description="letters, digits and single hyphens",
    ),
]
Description = Annotated[str, msgspec.Meta(max_length=20_000)]
Sku = Annotated[
    str,
    msgspec.Meta(min_length=1, max_length=64, pattern=r"^[^\s]+$(?!\n)", description="no spaces"),
]
Barcode = Annotated[str, msgspec.Meta(pattern=r"^[0-9]{8,14}$(?!\n)", description="8 to 14 digits")]
Variants = Annotated[list["VariantIn"], msgspec.Meta(min_length=1, max_length=100)]
Options = Annotated[list[Text], msgspec.Meta(max_length=3)]
Tags = Annotated[list[Tag], msgspec.Meta(max_length=50)]
Images = Annotated[list[Url], msgspec.Meta(max_length=20)]


class VariantIn(msgspec.Struct, forbid_unknown_fields=True):
    """A variant: its SKU, price and one value per option of the product."""

    sku: Sku
    price: MoneyIn
    options: Options = msgspec.field(default_factory=list)
    compare_at_price: MoneyIn | None = None
    barcode: Barcode | None = None
    weight: Annotated[float, msgspec.Meta(ge=0, le=1_000_000)] | None = None
    weight_unit: Literal["g", "kg", "lb", "oz"] | None = None

    def draft(self) -> VariantDraft:
        return VariantDraft(
            self.sku,
            self.price.money(),
            tuple(self.options),
            None if self.compare_at_price is None else self.compare_at_price.money(),
            self.barcode,
            self.weight,
            self.weight_unit,
        )


class ProductIn(msgspec.Struct, forbid_unknown_fields=True):
    """A new product with its variants; the handle is derived from the title when empty."""

    title: Title
    variants: Variants
    handle: Handle = ""
    status: ProductStatus = ProductStatus.DRAFT
    description: Description = ""
    product_type: Text = ""
    tags: Tags = msgspec.field(default_factory=list)
    options: Options = msgspec.field(default_factory=list)
    images: Images = msgspec.field(default_factory=list)

    def draft(self) -> ProductDraft:
        return ProductDraft(
            self.handle,
            self.title,
            tuple(v.draft() for v in self.variants),
            self.status,
            self.description,
            self.product_type,
            tuple(self.tags),
            tuple(self.options),
            tuple(self.images),
        )


class ProductPatchIn(msgspec.Struct, forbid_unknown_fields=True):
    """Changes to a product: absent fields stay; ``variants`` replaces the variants (matched
    by SKU, so a kept SKU keeps its variant id)."""

    title: Title | None = None
    variants: Variants | None = None
    handle: Handle | None = None
    status: ProductStatus | None = None
    description: Description | None = None
    product_type: Text | None = None
    tags: Tags | None = None
    options: Options | None = None
    images: Images | None = None

    def apply(self, p: Product) -> ProductDraft:
        """The product's content with these changes."""
        return ProductDraft(
            p.handle if self.handle is None else self.handle,
            p.title if self.title is None else self.title,
            tuple(v.draft() for v in p.variants)
            if self.variants is None
            else tuple(v.draft() for v in self.variants),
            p.status if self.status is None else self.status,
            p.description if self.description is None else self.description,
            p.product_type if self.product_type is None else self.product_type,
            p.tags if self.tags is None else tuple(self.tags),
            p.options if self.options is None else tuple(self.options),
            p.images if self.images is None else tuple(self.images),
        )


class StatusChangeIn(msgspec.Struct, forbid_unknown_fields=True):
    """A bulk status change: the vendor's products among ``ids`` get ``status``."""

    ids: Annotated[list[Id], msgspec.Meta(min_length=1, max_length=500)]
    status: ProductStatus
