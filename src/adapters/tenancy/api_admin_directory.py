"""The admin JSON API of companies and vendors (``/api/v1/admin``): msgspec DTOs in and out.

Which platforms an operator may put a vendor on, or suspend it on, is
:class:`AdministrationService`'s to say. A refusal is a JSON body with ``detail`` and, when
an input field is at fault, ``extra.field``.
"""

from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec
from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter

from mercato.adapters.tenancy._admin_common import (
    API,
    PageNo,
    PageSize,
    Search,
    Sort,
    operator,
    platform_id_of,
    vendor_by_slug,
)
from mercato.adapters.tenancy.inputs import AttachIn, CompanyIn, VendorIn, VendorStatusIn
from mercato.adapters.web.errors import ConflictException
from mercato.adapters.web.guards import requires
from mercato.adapters.web.params import PathId
from mercato.adapters.web.tenancy import request_tenancy
from mercato.domain.tenancy.administration import AdministrationService
from mercato.domain.tenancy.model import Company, Vendor, VendorDomain, VendorPlatform, VendorStatus
from mercato.domain.tenancy.services import PlatformService
from mercato.domain.tenancy.vendors import CompanyService, DomainService, VendorService
from mercato.ports.pagination import PageRequest

__all__ = ["HANDLERS"]


class CompanyOut(msgspec.Struct):
    id: int
    name: str
    registration_number: str
    created_at: datetime | None


class CompanyPageOut(msgspec.Struct):
    items: list[CompanyOut]
    total: int
    page: int
    size: int
    pages: int


class VendorPlatformOut(msgspec.Struct):
    platform: str
    status: VendorStatus
    joined_at: datetime | None


class AdminDomainOut(msgspec.Struct):
    id: int
    domain: str
    verified: bool
    primary: bool


class VendorOut(msgspec.Struct):
    id: int
    slug: str
    name: str
    company_id: int
    created_at: datetime | None


class VendorDetailOut(msgspec.Struct):
    id: int
    slug: str
    name: str
    company_id: int
    created_at: datetime | None
    platforms: list[VendorPlatformOut]
    domains: list[AdminDomainOut]


class VendorPageOut(msgspec.Struct):
    items: list[VendorOut]
    total: int
    page: int
    size: int
    pages: int


def _company(c: Company) -> CompanyOut:
    return CompanyOut(c.id, c.name, c.registration_number, c.created_at)


def _vendor(v: Vendor) -> VendorOut:
    return VendorOut(v.id, v.slug, v.name, v.company_id, v.created_at)


def _membership(m: VendorPlatform, codes: dict[int, str]) -> VendorPlatformOut:
    return VendorPlatformOut(codes.get(m.platform_id, str(m.platform_id)), m.status, m.joined_at)


def _domain(d: VendorDomain) -> AdminDomainOut:
    return AdminDomainOut(d.id, d.domain, d.verified, d.is_primary)


async def _detail(
    request: Request[Any, Any, Any],
    vendor: Vendor,
    administration: AdministrationService,
    platforms: PlatformService,
    domains: DomainService,
) -> VendorDetailOut:
    """The vendor with its status on the platforms the caller reaches (not the others)."""
    codes = {p.id: p.code for p in await platforms.all()}
    joined = await administration.vendor_platforms(await operator(request), vendor.id)
    return VendorDetailOut(
        vendor.id,
        vendor.slug,
        vendor.name,
        vendor.company_id,
        vendor.created_at,
        [_membership(m, codes) for m in joined],
        [_domain(d) for d in await domains.list(vendor.id)],
    )


# -- companies -----------------------------------------------------------------------------


@get(f"{API}/companies", opt=requires("companies.view"), tags=["companies"])
async def list_companies(
    request: Request[Any, Any, Any],
    companies: NamedDependency[CompanyService],
    administration: NamedDependency[AdministrationService],
    page: PageNo = 1,
    size: PageSize = 25,
    q: Search = "",
    sort: Sort = "",
) -> CompanyPageOut:
    """Companies whose name contains ``q`` (of the caller's platforms' vendors, or of no
    vendor); sort by ``name`` (default) or ``created_at``."""
    reach = await administration.reach(await operator(request))
    r = await companies.list(PageRequest(page, size, q, sort), reach.platforms)
    return CompanyPageOut([_company(c) for c in r.items], r.total, r.page, r.size, r.pages)


@post(
    f"{API}/companies",
    opt=requires("companies.manage"),
    tags=["companies"],
    raises=[ConflictException],
)
async def create_company(
    data: JSONBody[CompanyIn], companies: NamedDependency[CompanyService]
) -> CompanyOut:
    """Create a company; 409 when the name is taken."""
    return _company(await companies.create(data.name, data.registration_number))


# -- vendors -------------------------------------------------------------------------------


@get(f"{API}/vendors", opt=requires("vendors.view"), tags=["vendors"])
async def list_vendors(
    request: Request[Any, Any, Any],
    vendors: NamedDependency[VendorService],
    administration: NamedDependency[AdministrationService],
    page: PageNo = 1,
    size: PageSize = 25,
    q: Search = "",
    sort: Sort = "",
    platform: Annotated[
        Literal["current", "all"], QueryParameter(description="the current platform's, or all")
    ] = "current",
) -> VendorPageOut:
    """Vendors matching ``q`` (slug or name); sort by ``name``, ``slug`` or ``created_at``.

    ``all`` lists the vendors of every platform the caller administers."""
    current = await request_tenancy(request).platform()
    reach = await administration.reach(await operator(request))
    shown = reach.platforms if platform == "all" else [current.id]
    r = await vendors.list(PageRequest(page, size, q, sort), shown)
    return VendorPageOut([_vendor(v) for v in r.items], r.total, r.page, r.size, r.pages)


@post(
    f"{API}/vendors", opt=requires("vendors.manage"), tags=["vendors"], raises=[ConflictException]
)
async def create_vendor(
    request: Request[Any, Any, Any],
    data: JSONBody[VendorIn],
    platforms: NamedDependency[PlatformService],
    domains: NamedDependency[DomainService],
    administration: NamedDependency[AdministrationService],
) -> VendorDetailOut:
    """Create a vendor of a company, active on ``platforms`` (codes); 409 for a taken slug."""
    platform_ids = [await platform_id_of(platforms, code, "platforms") for code in data.platforms]
    vendor = await administration.create_vendor(
        await operator(request), data.slug, data.name, data.company_id, platform_ids
    )
    return await _detail(request, vendor, administration, platforms, domains)


@get(f"{API}/vendors/{{slug:str}}", opt=requires("vendors.view"), tags=["vendors"])
async def get_vendor(
    request: Request[Any, Any, Any],
    slug: FromPath[str],
    administration: NamedDependency[AdministrationService],
    platforms: NamedDependency[PlatformService],
    domains: NamedDependency[DomainService],
) -> VendorDetailOut:
    """A vendor with its status on each platform the caller reaches, and its domains."""
    vendor = await vendor_by_slug(request, administration, slug)
    return await _detail(request, vendor, administration, platforms, domains)


@post(
    f"{API}/vendors/{{slug:str}}/attach",
    opt=requires("vendors.manage"),
    tags=["vendors"],
    status_code=200,
)
async def attach_vendor(
    request: Request[Any, Any, Any],
    slug: FromPath[str],
    data: JSONBody[AttachIn],
    platforms: NamedDependency[PlatformService],
    administration: NamedDependency[AdministrationService],
) -> VendorPlatformOut:
    """Join the vendor to a platform (active); joining again changes nothing."""
    vendor = await vendor_by_slug(request, administration, slug)
    platform_id = await platform_id_of(platforms, data.platform)
    membership = await administration.attach_vendor(await operator(request), vendor.id, platform_id)
    return _membership(membership, {platform_id: data.platform})


@post(
    f"{API}/vendors/{{slug:str}}/status",
    opt=requires("vendors.manage"),
    tags=["vendors"],
    status_code=200,
)
async def set_vendor_status(
    request: Request[Any, Any, Any],
    slug: FromPath[str],
    data: JSONBody[VendorStatusIn],
    platforms: NamedDependency[PlatformService],
    administration: NamedDependency[AdministrationService],
) -> VendorPlatformOut:
    """Suspend or reactivate the vendor on one platform; its other platforms are untouched."""
    vendor = await vendor_by_slug(request, administration, slug)
    platform_id = await platform_id_of(platforms, data.platform)
    membership = await administration.set_vendor_status(
        await operator(request), vendor.id, platform_id, data.status
    )
    return _membership(membership, {platform_id: data.platform})


@post(
    f"{API}/vendors/{{slug:str}}/domains/{{domain_id:int}}/verify",
    opt=requires("vendors.manage"),
    tags=["vendors"],
    status_code=200,
)
async def verify_domain(
    request: Request[Any, Any, Any],
    slug: FromPath[str],
    domain_id: PathId,
    administration: NamedDependency[AdministrationService],
) -> AdminDomainOut:
    """Mark the vendor's domain verified (an operator checked its DNS record); the vendor
    must be on a platform the caller administers."""
    vendor = await vendor_by_slug(request, administration, slug)
    verified = await administration.verify_domain(await operator(request), vendor.id, domain_id)
    return _domain(verified)


HANDLERS = [
    list_companies,
    create_company,
    list_vendors,
    create_vendor,
    get_vendor,
    attach_vendor,
    set_vendor_status,
    verify_domain,
]
