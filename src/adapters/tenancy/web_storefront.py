"""The storefront's view of the request host: which vendor and platform it serves (public)."""

from typing import Any

import msgspec
from litestar import Request, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException

from mercato.adapters.web.guards import ANY_HOST
from mercato.domain.tenancy.storefront import Storefronts

__all__ = ["HANDLERS"]


class StorefrontOut(msgspec.Struct):
    """The storefront a host serves: ``via`` is ``domain`` or ``subdomain``."""

    vendor: str
    vendor_name: str
    platform: str
    platform_name: str
    via: str


@get(
    "/api/v1/storefront",
    opt=ANY_HOST,
    tags=["storefront"],
    summary="The vendor storefront this host serves",
    security=[],
    raises=[NotFoundException],
    operation_id="getStorefront",
)
async def storefront(
    request: Request[Any, Any, Any], storefronts: NamedDependency[Storefronts]
) -> StorefrontOut:
    """Resolve the ``Host`` header to a vendor: a verified custom domain of the vendor, or
    ``<vendor>.<platform domain>``; 404 when the host serves no storefront."""
    site = await storefronts.resolve(request.headers.get("host", ""))
    if site is None:
        raise NotFoundException("no storefront answers on this host")
    return StorefrontOut(
        site.vendor.slug, site.vendor.name, site.platform.code, site.platform.name, site.via
    )


HANDLERS = [storefront]
