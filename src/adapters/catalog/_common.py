"""What the catalog's pages and JSON API share: prefixes, the vendor, outputs, money text."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

import msgspec
from litestar import Request
from litestar.params import QueryParameter

from mercato.adapters.web.forms import ListQuery
from mercato.adapters.web.money import MoneyOut
from mercato.adapters.web.tenancy import request_tenancy
from mercato.domain.catalog.model import ExportRow, Product, ProductQuery, ProductSummary
from mercato.domain.catalog.rules import minor_digits
from mercato.ports.catalog import ProductStatus
from mercato.ports.money import Money
from mercato.ports.pagination import MAX_PAGE_SIZE

__all__ = [
    "API",
    "PAGES",
    "Filter",
    "MoneyOut",
    "PageNo",
    "PageSize",
    "ProductListQuery",
    "ProductOut",
    "ProductPageOut",
    "Search",
    "Sort",
    "csv_line",
    "csv_lines",
    "format_money",
    "product_out",
    "product_query",
    "summary_out",
    "vendor_id",
]

PAGES = "/vendor/{vendor:str}"
API = "/api/v1/vendors/{vendor:str}"
PageNo = Annotated[int, QueryParameter(ge=1, le=10**6, description="1-based page number")]
PageSize = Annotated[int, QueryParameter(ge=1, le=MAX_PAGE_SIZE, description="rows per page")]
Search = Annotated[
    str, QueryParameter(max_length=100, description="in titles, SKUs and tags (contains)")
]
Filter = Annotated[str, QueryParameter(max_length=100)]
Sort = Annotated[
    str,
    QueryParameter(
        max_length=20,
        description="title, handle, status, updated_at or created_at; '-' for descending",
    ),
]

CSV_HEADER = (
    "handle,title,status,product_type,tags,option1_name,option1_value,option2_name,"
    "option2_value,option3_name,option3_value,sku,price,compare_at_price,currency,barcode,"
    "weight,weight_unit,variant_id,product_id\r\n"
)


async def vendor_id(request: Request[Any, Any, Any]) -> int:
    """The id of the request's vendor (the one of the path, on this platform)."""
    return (await request_tenancy(request).vendor()).id


def format_money(money: Money | None) -> str:
    """``"19.90 EUR"``: the amount in major units with its currency, never without it."""
    if money is None:
        return ""
    digits = minor_digits(money.currency)
    value = Decimal(money.amount).scaleb(-digits)
    return f"{value:.{digits}f} {money.currency}"


class VariantOut(msgspec.Struct):
    id: int
    sku: str
    price: MoneyOut
    options: list[str]
    compare_at_price: MoneyOut | None
    barcode: str | None
    weight: float | None
    weight_unit: str | None


class ProductOut(msgspec.Struct):
    id: int
    handle: str
    title: str
    status: ProductStatus
    description: str
    product_type: str
    tags: list[str]
    options: list[str]
    images: list[str]
    variants: list[VariantOut]
    created_at: datetime | None
    updated_at: datetime | None


class ProductSummaryOut(msgspec.Struct):
    id: int
    handle: str
    title: str
    status: ProductStatus
    product_type: str
    tags: list[str]
    variant_count: int
    min_price: MoneyOut | None
    updated_at: datetime | None


class ProductPageOut(msgspec.Struct):
    items: list[ProductSummaryOut]
    total: int
    page: int
    size: int
    pages: int


def _money(m: Money | None) -> MoneyOut | None:
    return None if m is None else MoneyOut(m.amount, m.currency)


def product_out(p: Product) -> ProductOut:
    """The API's view of a product."""
    variants = [
        VariantOut(
            v.id,
            v.sku,
            MoneyOut(v.price.amount, v.price.currency),
            list(v.option_values),
            _money(v.compare_at_price),
            v.barcode,
            v.weight,
            v.weight_unit,
        )
        for v in p.variants
    ]
    return ProductOut(
        p.id,
        p.handle,
        p.title,
        p.status,
        p.description,
        p.product_type,
        list(p.tags),
        list(p.options),
        list(p.images),
        variants,
        p.created_at,
        p.updated_at,
    )


def summary_out(p: ProductSummary) -> ProductSummaryOut:
    """The API's view of a list row."""
    return ProductSummaryOut(
        p.id,
        p.handle,
        p.title,
        p.status,
        p.product_type,
        list(p.tags),
        p.variant_count,
        _money(p.min_price),
        p.updated_at,
    )


def product_query(q: str, status: str, product_type: str, tag: str) -> ProductQuery:
    """The list's filters; an unknown status filters nothing out rather than failing."""
    known = {s.value: s for s in ProductStatus}
    return ProductQuery(q, known.get(status), product_type, tag)


@dataclass(frozen=True)
class ProductListQuery(ListQuery):
    """``?page=&size=&q=&sort=&status=&product_type=&tag=`` of a product list page, the
    same filters as the JSON API's; links keep every filter."""

    status: str = ""
    product_type: str = ""
    tag: str = ""

    @classmethod
    def from_request(cls, request: Request[Any, Any, Any]) -> ProductListQuery:
        """Parse the query string; out-of-range numbers fall back to the defaults."""
        given = request.query_params
        base = vars(ListQuery.from_request(request))
        text = {k: given.get(k, "")[:100] for k in ("status", "product_type", "tag")}
        return cls(
            **base, status=text["status"], product_type=text["product_type"], tag=text["tag"]
        )

    def product_query(self) -> ProductQuery:
        """The repository's filters (the search among them)."""
        return product_query(self.q, self.status, self.product_type, self.tag)

    def params(self) -> dict[str, object]:
        """The query's parameters by name, the filters among them."""
        filters = {"status": self.status, "product_type": self.product_type, "tag": self.tag}
        return {**super().params(), **filters}


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):  # no formula when opened in a spreadsheet
        text = "'" + text
    if any(c in text for c in ',"\r\n'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def _amount(m: Money | None) -> str:
    return format_money(m).split(" ")[0] if m is not None else ""


def csv_line(r: ExportRow) -> str:
    """One CSV line of the export (amounts in major units, the currency in its column)."""
    names = (*r.options, "", "", "")[:3]
    values = (*r.option_values, "", "", "")[:3]
    options = [x for pair in zip(names, values, strict=True) for x in pair]
    cells = (
        r.handle,
        r.title,
        r.status,
        r.product_type,
        ",".join(r.tags),
        *options,
        r.sku,
        _amount(r.price),
        _amount(r.compare_at_price),
        r.price.currency,
        r.barcode,
        r.weight,
        r.weight_unit,
        r.variant_id,
        r.product_id,
    )
    return ",".join(_cell(c) for c in cells) + "\r\n"


async def csv_lines(rows: AsyncIterator[ExportRow], batch: int = 200) -> AsyncIterator[str]:
    """The export as CSV text, the header first, in pieces of ``batch`` lines."""
    yield CSV_HEADER
    lines: list[str] = []
    async for row in rows:
        lines.append(csv_line(row))
        if len(lines) >= batch:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)
