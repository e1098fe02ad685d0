"""Use cases for companies, vendors, their platforms and their domains."""

from __future__ import annotations

import secrets
from collections.abc import Collection, Sequence

from mercato.domain.tenancy.model import (
    Company,
    InstallationAddress,
    Vendor,
    VendorDomain,
    VendorPlatform,
    VendorStatus,
    check_name,
    check_slug,
    normalise_domain,
)
from mercato.domain.tenancy.repository import (
    CompanyRepository,
    PlatformRepository,
    VendorRepository,
)
from mercato.ports.errors import Conflict, InvalidInput, NotFound
from mercato.ports.pagination import Page, PageRequest

__all__ = ["CompanyService", "DomainService", "VendorService"]


class CompanyService:
    """Creates and lists companies (the legal owners of vendors)."""

    def __init__(self, companies: CompanyRepository) -> None:
        self._companies = companies

    async def create(self, name: str, registration_number: str = "") -> Company:
        """A new company; the name is required and unique."""
        clean = check_name(name, "a company")
        number = registration_number.strip()
        if len(number) > 100:
            raise InvalidInput(
                "a registration number has at most 100 characters", "registration_number"
            )
        return await self._companies.add(clean, number)

    async def get(self, company_id: int) -> Company:
        """The company; ``NotFound`` otherwise."""
        found = await self._companies.by_id(company_id)
        if found is None:
            raise NotFound("no such company")
        return found

    async def by_name(self, name: str) -> Company | None:
        """The company with this name, if any."""
        return await self._companies.by_name(name.strip())

    async def list(
        self, request: PageRequest, platform_ids: Collection[int] | None = None
    ) -> Page[Company]:
        """A page of companies (with ``platform_ids``: of a vendor on one of them, or of no
        vendor at all)."""
        return await self._companies.page(request, platform_ids)


class VendorService:
    """Creates vendors and manages their standing on platforms."""

    def __init__(
        self,
        vendors: VendorRepository,
        companies: CompanyRepository,
        platforms: PlatformRepository,
    ) -> None:
        self._vendors = vendors
        self._companies = companies
        self._platforms = platforms

    async def create(
        self, slug: str, name: str, company_id: int, platform_ids: Sequence[int] = ()
    ) -> Vendor:
        """A new vendor of an existing company, joined to ``platform_ids`` (active)."""
        check_slug(slug, "vendor slug")
        clean = check_name(name, "a vendor")
        if await self._companies.by_id(company_id) is None:
            raise InvalidInput("no such company", "company_id")
        for pid in platform_ids:
            await self._platform(pid)
        vendor = await self._vendors.add(slug, clean, company_id)
        for pid in platform_ids:
            await self._vendors.set_platform(vendor.id, pid, VendorStatus.ACTIVE)
        return vendor

    async def _platform(self, platform_id: int) -> None:
        if await self._platforms.by_id(platform_id) is None:
            raise InvalidInput("no such platform", "platform_id")

    async def get(self, vendor_id: int) -> Vendor:
        """The vendor; ``NotFound`` otherwise."""
        found = await self._vendors.by_id(vendor_id)
        if found is None:
            raise NotFound("no such vendor")
        return found

    async def by_slug(self, slug: str) -> Vendor | None:
        """The vendor with this slug."""
        return await self._vendors.by_slug(slug)

    async def list(
        self, request: PageRequest, platform_ids: Collection[int] | None = None
    ) -> Page[Vendor]:
        """A page of vendors: of the platforms given (any of them), else of every one."""
        return await self._vendors.page(request, platform_ids)

    async def attach(self, vendor_id: int, platform_id: int) -> VendorPlatform:
        """Join the vendor to a platform (active); joining again changes nothing."""
        await self.get(vendor_id)
        await self._platform(platform_id)
        current = await self._vendors.on_platform(vendor_id, platform_id)
        if current is None:
            await self._vendors.set_platform(vendor_id, platform_id, VendorStatus.ACTIVE)
        return await self._membership(vendor_id, platform_id)

    async def set_status(
        self, vendor_id: int, platform_id: int, status: VendorStatus
    ) -> VendorPlatform:
        """Suspend or reactivate the vendor on one platform (it must be on it)."""
        if await self._vendors.on_platform(vendor_id, platform_id) is None:
            raise NotFound("the vendor is not on that platform")
        await self._vendors.set_platform(vendor_id, platform_id, status)
        return await self._membership(vendor_id, platform_id)

    async def _membership(self, vendor_id: int, platform_id: int) -> VendorPlatform:
        found = await self._vendors.on_platform(vendor_id, platform_id)
        assert found is not None
        return found

    async def platforms_of(self, vendor_id: int) -> Sequence[VendorPlatform]:
        """The vendor's platforms and its status on each."""
        return await self._vendors.platforms_of(vendor_id)


async def _refuse_platform_host(platforms: PlatformRepository, host: str) -> None:
    """``InvalidInput`` when ``host`` is a platform's domain or a subdomain of one."""
    for platform in await platforms.all():
        for reserved in platform.domains:
            if host == reserved or host.endswith("." + reserved):
                raise InvalidInput(
                    f"'{host}' belongs to the platform {platform.name}: vendors are served "
                    f"at <vendor>.{reserved} already",
                    "domain",
                )


class DomainService:
    """A vendor's custom domains: one vendor per domain, one primary per vendor."""

    def __init__(
        self,
        vendors: VendorRepository,
        platforms: PlatformRepository,
        address: InstallationAddress | None = None,
    ) -> None:
        self._vendors = vendors
        self._platforms = platforms
        self._address = address or InstallationAddress()

    async def add(self, vendor_id: int, domain: str) -> VendorDomain:
        """Add an unverified claim of a host name with a fresh verification token.

        Refused: anything but a host name (see :func:`normalise_domain`); a platform's domain
        or a subdomain of one (``<slug>.<platform domain>`` already serves each vendor); a host
        another vendor holds verified; the installation's own address. Other vendors'
        unverified claims do not block a claim: whichever is verified first holds the host.
        The vendor's first domain becomes its primary domain.
        """
        host = normalise_domain(domain)
        self._address.check(host, "domain")
        await _refuse_platform_host(self._platforms, host)
        owner = await self._vendors.by_domain(host)
        if owner is not None and owner[0].id != vendor_id:
            raise Conflict(f"'{host}' is verified for another vendor", "domain")
        token = f"mercato-verify={secrets.token_urlsafe(24)}"
        created = await self._vendors.add_domain(vendor_id, host, token)
        if len(await self._vendors.domains(vendor_id)) == 1:
            created = await self._vendors.update_domain(vendor_id, created.id, primary=True)
        return created

    async def list(self, vendor_id: int) -> Sequence[VendorDomain]:
        """The vendor's domains, primary first."""
        return await self._vendors.domains(vendor_id)

    async def make_primary(self, vendor_id: int, domain_id: int) -> VendorDomain:
        """Make the vendor's domain its primary one (the others stop being primary)."""
        return await self._vendors.update_domain(vendor_id, domain_id, primary=True)

    async def mark_verified(self, vendor_id: int, domain_id: int) -> VendorDomain:
        """Record that the domain's verification token was found (an operator's decision).

        ``Conflict`` when another vendor holds the host verified: the verified holder wins,
        and the other claims stay pending (their vendors may remove them).
        """
        return await self._vendors.update_domain(vendor_id, domain_id, verified=True)

    async def remove(self, vendor_id: int, domain_id: int) -> None:
        """Delete the vendor's domain; when it was the primary one, the oldest remaining
        domain becomes primary (a vendor with domains always has a primary one)."""
        removed = next(
            (d for d in await self._vendors.domains(vendor_id) if d.id == domain_id), None
        )
        await self._vendors.remove_domain(vendor_id, domain_id)
        if removed is not None and removed.is_primary:
            rest = sorted(await self._vendors.domains(vendor_id), key=lambda d: d.id)
            if rest:
                await self._vendors.update_domain(vendor_id, rest[0].id, primary=True)
