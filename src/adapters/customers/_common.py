"""What the customers pages and JSON API share: prefixes, the vendor, output types, filters.

The vendor id always comes from the request's resolved tenancy (the vendor of the path on
this platform), never from a form field or the query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import msgspec
from litestar import Request

from mercato.adapters.web.forms import ListQuery
from mercato.adapters.web.tenancy import request_tenancy
from mercato.domain.customers.model import Address, Customer, CustomerFilter
from mercato.ports.pagination import MAX_PAGE_SIZE

__all__ = [
    "API",
    "PAGES",
    "AddressOut",
    "CustomerListQuery",
    "CustomerOut",
    "CustomerPageOut",
    "consent_of",
    "customer_out",
    "vendor_id",
]

PAGES = "/vendor/{vendor:str}/customers"  # the vendor's customer pages
API = "/api/v1/vendors/{vendor:str}/customers"  # the vendor's customers JSON API


class AddressOut(msgspec.Struct):
    line1: str
    city: str
    country: str
    line2: str
    postal_code: str
    region: str
    label: str


class CustomerOut(msgspec.Struct):
    id: int
    email: str
    name: str
    phone: str
    addresses: list[AddressOut]
    marketing_consent: bool
    consent_at: datetime | None
    notes: str
    tags: list[str]
    created_at: datetime
    updated_at: datetime


class CustomerPageOut(msgspec.Struct):
    items: list[CustomerOut]
    total: int
    page: int
    size: int
    pages: int


def _address_out(a: Address) -> AddressOut:
    return AddressOut(a.line1, a.city, a.country, a.line2, a.postal_code, a.region, a.label)


def customer_out(c: Customer) -> CustomerOut:
    """The API's view of a customer."""
    return CustomerOut(
        c.id,
        c.email,
        c.name,
        c.phone,
        [_address_out(a) for a in c.addresses],
        c.marketing_consent,
        c.consent_at,
        c.notes,
        list(c.tags),
        c.created_at,
        c.updated_at,
    )


async def vendor_id(request: Request[Any, Any, Any]) -> int:
    """The id of the request's vendor (the one of the path, on this platform)."""
    return (await request_tenancy(request).vendor()).id


def consent_of(text: str) -> bool | None:
    """``yes``/``no`` of a filter, else ``None`` (any)."""
    return {"yes": True, "no": False}.get(text.strip().lower())


@dataclass(frozen=True)
class CustomerListQuery(ListQuery):
    """``?page=&size=&q=&sort=&tag=&consent=`` of a customer list (``vendor=`` in the
    administrators' view), validated; links keep every filter."""

    tag: str = ""
    consent: str = ""
    vendor: str = ""

    @classmethod
    def from_request(cls, request: Request[Any, Any, Any]) -> CustomerListQuery:
        """Parse the query string; out-of-range numbers fall back to the defaults."""
        base = ListQuery.from_request(request)
        params = request.query_params
        consent = params.get("consent", "")
        return cls(
            base.page,
            min(base.size, MAX_PAGE_SIZE),
            base.q,
            base.sort,
            tag=params.get("tag", "")[:40].strip(),
            consent=consent if consent in ("yes", "no") else "",
            vendor=params.get("vendor", "")[:40].strip(),
        )

    def filter(self) -> CustomerFilter:
        """The repository's filter."""
        return CustomerFilter(self.tag, consent_of(self.consent))

    def params(self) -> dict[str, object]:
        """The query's parameters by name, the filters among them."""
        return {**super().params(), "tag": self.tag, "consent": self.consent, "vendor": self.vendor}
