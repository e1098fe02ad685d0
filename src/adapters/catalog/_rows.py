"""Rows of the catalog's tables to and from the domain's values, and shared statements."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import BindParameter, Integer, Row, bindparam, column, select, table
from sqlalchemy.ext.asyncio import AsyncSession

from mercato.adapters.catalog.tables import catalog_images, catalog_products, catalog_variants
from mercato.adapters.db.queries import core
from mercato.adapters.db.timestamps import as_utc
from mercato.domain.catalog.model import (
    Product,
    ProductDraft,
    ProductSummary,
    Variant,
    VariantDraft,
    WeightUnit,
)
from mercato.ports.catalog import ProductStatus
from mercato.ports.money import Money

__all__ = [
    "PRODUCT_FIELDS",
    "VARIANT_FIELDS",
    "VENDOR",
    "load_products",
    "product_row",
    "search_text",
    "split_tags",
    "summary",
    "variant",
    "variant_row",
    "vendor_platforms",
    "vendors",
]

P, V, IMG = catalog_products.c, catalog_variants.c, catalog_images.c
VENDOR = bindparam("vendor_id", type_=Integer)
# Tenancy's tables, by name only (a module never imports another's tables).
vendor_platforms = table("vendor_platforms", column("vendor_id"), column("platform_id"))
vendors = table("vendors", column("id"), column("slug"))

PRODUCT_FIELDS = (
    "handle",
    "title",
    "description",
    "product_type",
    "tags",
    "options",
    "status",
    "search_text",
    "updated_at",
)
"""The columns of a product that an update writes."""
VARIANT_FIELDS = (
    "position",
    "sku",
    "option1",
    "option2",
    "option3",
    "price_amount",
    "currency",
    "compare_at_amount",
    "barcode",
    "weight",
    "weight_unit",
)
"""The columns of a variant that an update writes."""

_IDS: BindParameter[Any] = bindparam("ids", expanding=True)
_VARIANTS_OF = (
    select(catalog_variants).where(V.product_id.in_(_IDS)).order_by(V.product_id, V.position)
)
_IMAGES_OF = (
    select(IMG.product_id, IMG.url)
    .where(IMG.product_id.in_(_IDS))
    .order_by(IMG.product_id, IMG.position)
)


def split_tags(text: str) -> tuple[str, ...]:
    """The tags stored as ``a,b,c``."""
    return tuple(t for t in text.split(",") if t)


def search_text(draft: ProductDraft) -> str:
    """What search looks in: title, tags and SKUs, lower-cased, one per line."""
    return "\n".join((draft.title, *draft.tags, *(v.sku for v in draft.variants))).lower()


def product_row(vendor_id: int, draft: ProductDraft, now: datetime) -> dict[str, Any]:
    """The ``catalog_products`` columns of a draft (``created_at`` left to the caller)."""
    return {
        "vendor_id": vendor_id,
        "handle": draft.handle,
        "title": draft.title,
        "description": draft.description,
        "product_type": draft.product_type,
        "tags": ",".join(draft.tags),
        "options": list(draft.options),
        "status": draft.status.value,
        "search_text": search_text(draft),
        "updated_at": now,
    }


def variant_row(vendor_id: int, product_id: int, position: int, v: VariantDraft) -> dict[str, Any]:
    """The ``catalog_variants`` columns of a variant draft."""
    values = (*v.option_values, "", "", "")[:3]
    return {
        "vendor_id": vendor_id,
        "product_id": product_id,
        "position": position,
        "sku": v.sku,
        "option1": values[0],
        "option2": values[1],
        "option3": values[2],
        "price_amount": v.price.amount,
        "currency": v.price.currency,
        "compare_at_amount": None if v.compare_at_price is None else v.compare_at_price.amount,
        "barcode": v.barcode,
        "weight": v.weight,
        "weight_unit": v.weight_unit,
    }


def variant(r: Row[Any], option_count: int) -> Variant:
    """A variant of its row; ``option_count`` says how many option values it has."""
    compare = None if r.compare_at_amount is None else Money(r.compare_at_amount, r.currency)
    return Variant(
        r.id,
        r.product_id,
        r.sku,
        Money(r.price_amount, r.currency),
        (r.option1, r.option2, r.option3)[:option_count],
        compare,
        r.barcode,
        r.weight,
        cast(WeightUnit | None, r.weight_unit),
    )


def summary(r: Row[Any], count: int, price: Money | None, slug: str = "") -> ProductSummary:
    """A list row of a product row and its variants' aggregate."""
    return ProductSummary(
        r.id,
        r.vendor_id,
        r.handle,
        r.title,
        ProductStatus(r.status),
        r.product_type,
        split_tags(r.tags),
        count,
        price,
        as_utc(r.updated_at),
        slug,
    )


async def load_products(s: AsyncSession, rows: Sequence[Row[Any]]) -> list[Product]:
    """The products of ``catalog_products`` rows with their variants and images (two
    statements whatever the number of products)."""
    if not rows:
        return []
    ids = {"ids": [r.id for r in rows]}
    variants: Mapping[int, list[Row[Any]]] = _grouped(await core(s, _VARIANTS_OF, ids))
    images: Mapping[int, list[Row[Any]]] = _grouped(await core(s, _IMAGES_OF, ids))
    out = []
    for r in rows:
        options = tuple(r.options or ())
        out.append(
            Product(
                r.id,
                r.vendor_id,
                r.handle,
                r.title,
                ProductStatus(r.status),
                tuple(variant(v, len(options)) for v in variants.get(r.id, [])),
                r.description,
                r.product_type,
                split_tags(r.tags),
                options,
                tuple(i.url for i in images.get(r.id, [])),
                as_utc(r.created_at),
                as_utc(r.updated_at),
            )
        )
    return out


def _grouped(rows: Iterable[Row[Any]]) -> dict[int, list[Row[Any]]]:
    out: dict[int, list[Row[Any]]] = defaultdict(list)
    for r in rows:
        out[r.product_id].append(r)
    return out
