"""Which vendor's storefront a host name serves: a verified custom domain, or a subdomain."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from mercato.domain.tenancy.model import Platform, Vendor, VendorStatus
from mercato.domain.tenancy.repository import PlatformRepository, VendorRepository

__all__ = ["StorefrontResolver", "StorefrontSite", "Storefronts"]


@dataclass(frozen=True, slots=True)
class StorefrontSite:
    """A storefront: the vendor, and the platform it sells on at this address."""

    vendor: Vendor
    platform: Platform
    via: str  # "domain" or "subdomain"


@runtime_checkable
class Storefronts(Protocol):
    """Answers which storefront a host serves."""

    async def resolve(self, host: str) -> StorefrontSite | None:
        """The storefront ``host`` serves, or ``None``."""
        ...


class StorefrontResolver:
    """Resolves a storefront host.

    1. A *verified* custom domain of a vendor (``shop.acme.example``) serves that vendor on
       the first platform, by id, where the vendor is active.
    2. ``<vendor slug>.<platform domain>`` (``acme.north.example``) serves the vendor on that
       platform, if it is active there.
    Anything else (an unverified domain, a suspended vendor, an unknown name) is no storefront.
    """

    def __init__(self, platforms: PlatformRepository, vendors: VendorRepository) -> None:
        self._platforms = platforms
        self._vendors = vendors

    async def resolve(self, host: str) -> StorefrontSite | None:
        """The storefront ``host`` serves, or ``None``."""
        name = host.split(":", maxsplit=1)[0].strip().lower().rstrip(".")
        owned = await self._vendors.by_domain(name)
        if owned is not None:
            vendor, domain = owned
            if domain.verified:
                platform = await self._first_active_platform(vendor.id)
                return None if platform is None else StorefrontSite(vendor, platform, "domain")
        slug, _, parent = name.partition(".")
        if not parent:
            return None
        platform = await self._platforms.by_domain(parent)
        found = await self._vendors.by_slug(slug)
        if platform is None or found is None:
            return None
        on = await self._vendors.on_platform(found.id, platform.id)
        if on is None or on.status is not VendorStatus.ACTIVE:
            return None
        return StorefrontSite(found, platform, "subdomain")

    async def _first_active_platform(self, vendor_id: int) -> Platform | None:
        active = sorted(
            m.platform_id
            for m in await self._vendors.platforms_of(vendor_id)
            if m.status is VendorStatus.ACTIVE
        )
        return None if not active else await self._platforms.by_id(active[0])
