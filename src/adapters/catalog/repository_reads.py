"""The catalog repository's reads: lists with search and filters, export, dashboard counts.

"Contains" search looks in ``search_text`` (title, tags, SKUs; lower case). On PostgreSQL a
``LIKE`` with the wildcards of the search escaped, served by the ``pg_trgm`` GIN index; on
SQLite a phrase query on the FTS5 trigram table for three characters or more (the phrase is
quoted, so ``%``, ``_`` and ``*`` are literal), a ``LIKE`` below that.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    bindparam,
    column,
    func,
    literal,
    select,
    table,
    true,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mercato.adapters.catalog._rows import (
    VENDOR,
    load_products,
    split_tags,
    summary,
    vendor_platforms,
    vendors,
)
from mercato.adapters.catalog.tables import (
    catalog_products,
    catalog_variants,
    catalog_vendor_stats,
)
from mercato.adapters.db.queries import (
    LIKE_ESCAPE,
    Sorting,
    core,
    dialect_of,
    fetch_page,
    like_pattern,
)
from mercato.domain.catalog.model import ExportRow, Product, ProductQuery, ProductSummary
from mercato.ports.catalog import ProductStatus
from mercato.ports.money import Money
from mercato.ports.pagination import Page, PageRequest

__all__ = ["ProductReads", "search_condition"]

P, V = catalog_products.c, catalog_variants.c
_search = table("catalog_search", column("rowid"), column("body"))
_SORTING = Sorting(
    {
        "title": P.title,
        "handle": P.handle,
        "status": P.status,
        "updated_at": P.updated_at,
        "created_at": P.created_at,
    },
    default="-updated_at",
    tiebreak=P.id,
    text=frozenset({"title", "handle"}),
)
_PLATFORM = bindparam("platform_id", type_=Integer)
_ON_PLATFORM = select(vendor_platforms.c.vendor_id).where(
    vendor_platforms.c.platform_id == _PLATFORM
)
_BY_HANDLES = select(catalog_products).where(
    P.vendor_id == VENDOR, P.handle.in_(bindparam("handles", expanding=True))
)
_SKU_OWNERS = (
    select(V.sku, P.id, P.vendor_id, P.handle, P.title, P.status)
    .join(catalog_products, P.id == V.product_id)
    .where(V.vendor_id == VENDOR, V.sku.in_(bindparam("skus", expanding=True)))
)
_AGGREGATE = (
    select(V.product_id, func.count(), func.min(V.price_amount), func.min(V.currency))
    .where(V.product_id.in_(bindparam("ids", expanding=True)))
    .group_by(V.product_id)
)
_EXPORT = (
    select(
        V.id.label("variant_id"),
        V.product_id,
        P.handle,
        P.title,
        P.status,
        P.product_type,
        P.tags,
        P.options,
        V.sku,
        V.option1,
        V.option2,
        V.option3,
        V.price_amount,
        V.currency,
        V.compare_at_amount,
        V.barcode,
        V.weight,
        V.weight_unit,
    )
    .join(catalog_products, P.id == V.product_id)
    .where(V.vendor_id == VENDOR, V.id > bindparam("after", type_=Integer))
    .order_by(V.id)
    .limit(bindparam("size", type_=Integer))
)
_S = catalog_vendor_stats.c
_PLATFORM_COUNTS = select(
    func.sum(_S.draft), func.sum(_S.active), func.sum(_S.archived), func.sum(_S.variants)
).where(_S.vendor_id.in_(_ON_PLATFORM))
_STATUSES = (ProductStatus.DRAFT, ProductStatus.ACTIVE, ProductStatus.ARCHIVED)
_COUNTS = (_PLATFORM_COUNTS, _PLATFORM_COUNTS.where(_S.vendor_id == VENDOR))
"""Products by status and variants from the counter rows: the platform's, the vendor's."""
_PLATFORM_RECENT = (
    select(catalog_products, vendors.c.slug.label("vendor_slug"))
    .join(vendors, vendors.c.id == P.vendor_id)
    .where(P.vendor_id.in_(_ON_PLATFORM))
    .order_by(P.updated_at.desc(), P.id.desc())
    .limit(bindparam("limit", type_=Integer))
)
_RECENT = (_PLATFORM_RECENT, _PLATFORM_RECENT.where(P.vendor_id == VENDOR))


def _owned(
    platform_id: int, vendor_id: int | None, vendor_col: ColumnElement[int]
) -> ColumnElement[bool]:
    on_platform = vendor_col.in_(_ON_PLATFORM.params(platform_id=platform_id))
    if vendor_id is not None:
        return and_(vendor_col == vendor_id, on_platform)
    return on_platform


def search_condition(search: str, dialect: str) -> ColumnElement[bool]:
    """Products whose title, tags or SKUs contain ``search`` (any case, wildcards literal)."""
    needle = search.strip().lower()
    if not needle:
        return true()
    if dialect == "sqlite" and len(needle) >= 3:
        phrase = '"' + needle.replace('"', '""') + '"'
        return P.id.in_(select(_search.c.rowid).where(_search.c.body.op("MATCH")(phrase)))
    return P.search_text.like(like_pattern(needle), escape=LIKE_ESCAPE)


def _filters(query: ProductQuery, dialect: str) -> list[ColumnElement[bool]]:
    conds = [search_condition(query.search, dialect)]
    if query.status is not None:
        conds.append(P.status == query.status.value)
    if query.product_type.strip():
        conds.append(func.lower(P.product_type) == query.product_type.strip().lower())
    if query.tag.strip():
        tag = query.tag.strip().lower()
        for special in (LIKE_ESCAPE, "%", "_"):
            tag = tag.replace(special, LIKE_ESCAPE + special)
        tags = func.lower(literal(",") + P.tags + literal(","))
        conds.append(tags.like(f"%,{tag},%", escape=LIKE_ESCAPE))
    return conds


class ProductReads:
    """The reads of :class:`SqlAlchemyProductRepository`."""

    _sessions: async_sessionmaker[AsyncSession]

    async def by_handles(self, vendor_id: int, handles: Sequence[str]) -> list[Product]:
        """See the protocol."""
        if not handles:
            return []
        async with self._sessions() as s:
            rows = list(
                await core(s, _BY_HANDLES, {"vendor_id": vendor_id, "handles": list(handles)})
            )
            return await load_products(s, rows)

    async def sku_owners(self, vendor_id: int, skus: Sequence[str]) -> Mapping[str, Product]:
        """See the protocol."""
        if not skus:
            return {}
        async with self._sessions() as s:
            rows = await core(s, _SKU_OWNERS, {"vendor_id": vendor_id, "skus": list(skus)})
            return {
                r.sku: Product(r.id, r.vendor_id, r.handle, r.title, ProductStatus(r.status), ())
                for r in rows
            }

    async def search(
        self, vendor_id: int, query: ProductQuery, page: PageRequest
    ) -> Page[ProductSummary]:
        """See the protocol."""
        async with self._sessions() as s:
            conds = [P.vendor_id == vendor_id, *_filters(query, dialect_of(s))]
            return await self._page(s, select(catalog_products).where(*conds), page)

    async def search_platform(
        self, platform_id: int, query: ProductQuery, page: PageRequest
    ) -> Page[ProductSummary]:
        """See the protocol."""
        async with self._sessions() as s:
            conds = [_owned(platform_id, None, P.vendor_id), *_filters(query, dialect_of(s))]
            found = (
                select(catalog_products, vendors.c.slug.label("vendor_slug"))
                .join(vendors, vendors.c.id == P.vendor_id)
                .where(*conds)
            )
            return await self._page(s, found, page)

    async def _page(
        self, s: AsyncSession, query: Select[Any], page: PageRequest
    ) -> Page[ProductSummary]:
        order = _SORTING.order_by(page, dialect_of(s))
        rows, total = await fetch_page(s, query, order, page)
        aggregates: dict[int, tuple[int, Money | None]] = {}
        if rows:
            found = await core(s, _AGGREGATE, {"ids": [r.id for r in rows]})
            aggregates = {a[0]: (a[1], Money(a[2], a[3])) for a in found}
        items = []
        for r in rows:
            count, price = aggregates.get(r.id, (0, None))
            items.append(summary(r, count, price, getattr(r, "vendor_slug", "")))
        return Page(items, total, page.page, page.size)

    async def export_rows(
        self, vendor_id: int, query: ProductQuery, after_variant_id: int, size: int
    ) -> list[ExportRow]:
        """See the protocol: the list's conditions on the products of the variants."""
        params = {"vendor_id": vendor_id, "after": after_variant_id, "size": size}
        async with self._sessions() as s:
            statement = _EXPORT.where(*_filters(query, dialect_of(s)))
            rows = list(await core(s, statement, params))
        out = []
        for r in rows:
            options = tuple(r.options or ())
            compare = (
                None if r.compare_at_amount is None else Money(r.compare_at_amount, r.currency)
            )
            out.append(
                ExportRow(
                    r.variant_id,
                    r.product_id,
                    r.handle,
                    r.title,
                    r.status,
                    r.product_type,
                    split_tags(r.tags),
                    options,
                    r.sku,
                    (r.option1, r.option2, r.option3)[: len(options)],
                    Money(r.price_amount, r.currency),
                    compare,
                    r.barcode,
                    r.weight,
                    r.weight_unit,
                )
            )
        return out

    async def counts(
        self, platform_id: int, vendor_id: int | None
    ) -> tuple[Mapping[ProductStatus, int], int]:
        """See the protocol: the vendors' counter rows, one statement."""
        params = {"platform_id": platform_id, "vendor_id": vendor_id}
        async with self._sessions() as s:
            row = (await core(s, _COUNTS[vendor_id is not None], params)).one()
        *statuses, variants = (int(n or 0) for n in row)
        by_status = {s: n for s, n in zip(_STATUSES, statuses, strict=True) if n}
        return by_status, variants

    async def recently_updated(
        self, platform_id: int, vendor_id: int | None, limit: int
    ) -> list[ProductSummary]:
        """See the protocol: read backwards along an index on ``updated_at`` (the vendor's,
        or the platform's), stopping at ``limit``."""
        params = {"platform_id": platform_id, "vendor_id": vendor_id, "limit": limit}
        async with self._sessions() as s:
            rows = await core(s, _RECENT[vendor_id is not None], params)
            return [summary(r, 0, None, r.vendor_slug) for r in rows]
