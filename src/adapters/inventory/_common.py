"""What the inventory's pages and JSON API share: the vendor, the platform, the caller."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request
from litestar.params import QueryParameter

from mercato.adapters.web.params import MAX_ID
from mercato.adapters.web.tenancy import request_tenancy
from mercato.ports.pagination import MAX_PAGE_SIZE

__all__ = ["API", "PAGES", "Before", "PageNo", "PageSize", "Search", "caller", "where"]

PAGES = "/vendor/{vendor:str}"
API = "/api/v1/vendors/{vendor:str}"
PageNo = Annotated[int, QueryParameter(ge=1, le=10**6, description="1-based page number")]
PageSize = Annotated[int, QueryParameter(ge=1, le=MAX_PAGE_SIZE, description="rows per page")]
Search = Annotated[str, QueryParameter(max_length=100, description="part of a SKU")]
Before = Annotated[
    int | None,
    QueryParameter(ge=1, le=MAX_ID, description="cursor: the next_before of the previous page"),
]


async def where(request: Request[Any, Any, Any]) -> tuple[int, int]:
    """``(platform_id, vendor_id)`` of the request (the vendor of its path, on this platform)."""
    tenancy = request_tenancy(request)
    return (await tenancy.platform()).id, (await tenancy.vendor()).id


async def caller(request: Request[Any, Any, Any]) -> str:
    """Who records a movement, for the ledger: ``user:<id>`` or ``token``."""
    principal = await request_tenancy(request).principal("vendor")
    return f"user:{principal.user_id}" if principal.user_id is not None else "token"
