"""The admin JSON API of tenancy under ``/api/v1/admin``: msgspec DTOs in and out.

The same operations and the same rules as the admin pages (:mod:`adapters.tenancy.web_admin`):
acting on another platform needs a grant there, super-admin matters need a super admin.
A refusal is a JSON body with ``detail`` and, when an input field is at fault,
``extra.field``. No answer ever carries a password hash.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec
from litestar import Request, delete, get, patch, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter

from adapters.tenancy.web_admin import (
    GRANT_FIELDS,
    SUPER,
    GrantRow,
    admin_grants,
    ensure_admin_of,
    ensure_may_set_active,
    ensure_not_own_grant,
    ensure_super_admin,
    grant_scope,
    page_in_memory,
    platform_id_of,
)
from adapters.web.guards import requires
from adapters.web.tenancy import request_tenancy
from domain.tenancy.access import AccessService
from domain.tenancy.identity import IdentityService
from domain.tenancy.menus import ConfigurableMenuItem, MenuConfigurationService
from domain.tenancy.model import (
    Company,
    Platform,
    User,
    Vendor,
    VendorDomain,
    VendorPlatform,
    VendorStatus,
)
from domain.tenancy.services import PlatformService
from domain.tenancy.vendors import CompanyService, DomainService, VendorService
from ports.errors import InvalidInput, NotFound
from ports.pagination import MAX_PAGE_SIZE, PageRequest

__all__ = ["HANDLERS"]

_API = "/api/v1/admin"
PageNo = Annotated[int, QueryParameter(ge=1, description="1-based page number")]
PageSize = Annotated[int, QueryParameter(ge=1, le=MAX_PAGE_SIZE, description="rows per page")]
Search = Annotated[str, QueryParameter(max_length=100, description="case-insensitive filter")]
Sort = Annotated[
    str, QueryParameter(max_length=40, description="field to sort by, '-' first for descending")
]
Text = Annotated[str, msgspec.Meta(max_length=200)]


class _In(msgspec.Struct, forbid_unknown_fields=True):
    """Request bodies refuse unknown fields (a typo is an error, not a silent no-op)."""


# -- DTOs ----------------------------------------------------------------------------------


class CompanyIn(_In):
    name: Text
    registration_number: Annotated[str, msgspec.Meta(max_length=100)] = ""


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


class VendorIn(_In):
    slug: Annotated[str, msgspec.Meta(max_length=40)]
    name: Text
    company_id: int
    platforms: list[str] = []


class VendorPlatformOut(msgspec.Struct):
    platform: str
    status: VendorStatus
    joined_at: datetime | None


class DomainOut(msgspec.Struct):
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
    domains: list[DomainOut]


class VendorPageOut(msgspec.Struct):
    items: list[VendorOut]
    total: int
    page: int
    size: int
    pages: int


class AttachIn(_In):
    platform: Text


class VendorStatusIn(_In):
    platform: Text
    status: VendorStatus


class UserIn(_In):
    email: Annotated[str, msgspec.Meta(max_length=320)]
    password: Annotated[str, msgspec.Meta(max_length=1000)]
    display_name: Text = ""


class UserActiveIn(_In):
    active: bool


class UserOut(msgspec.Struct):
    id: int
    email: str
    display_name: str
    is_active: bool
    created_at: datetime | None


class UserPageOut(msgspec.Struct):
    items: list[UserOut]
    total: int
    page: int
    size: int
    pages: int


class GrantIn(_In):
    email: Annotated[str, msgspec.Meta(max_length=320)]
    platform: Text | None = None
    super_admin: bool = False


class GrantOut(msgspec.Struct):
    user_id: int
    email: str
    display_name: str
    platform: str | None
    super_admin: bool


class GrantPageOut(msgspec.Struct):
    items: list[GrantOut]
    total: int
    page: int
    size: int
    pages: int


class PlatformIn(_In):
    code: Annotated[str, msgspec.Meta(max_length=40)]
    name: Text
    domains: list[str] = []


class PlatformUpdateIn(_In):
    name: Text | None = None
    domains: list[str] | None = None


class AdminPlatformOut(msgspec.Struct):
    id: int
    code: str
    name: str
    domains: list[str]


class MenuItemOut(msgspec.Struct):
    id: str
    label: str
    section: str
    module: str
    route: str
    mandatory: bool
    hidden: bool


class MenuHiddenIn(_In):
    hidden: bool


def _company(c: Company) -> CompanyOut:
    return CompanyOut(c.id, c.name, c.registration_number, c.created_at)


def _vendor(v: Vendor) -> VendorOut:
    return VendorOut(v.id, v.slug, v.name, v.company_id, v.created_at)


def _membership(m: VendorPlatform, codes: dict[int, str]) -> VendorPlatformOut:
    return VendorPlatformOut(codes.get(m.platform_id, str(m.platform_id)), m.status, m.joined_at)


def _domain(d: VendorDomain) -> DomainOut:
    return DomainOut(d.id, d.domain, d.verified, d.is_primary)


def _user(u: User) -> UserOut:
    return UserOut(u.id, u.email, u.display_name, u.is_active, u.created_at)


def _grant(g: GrantRow) -> GrantOut:
    code = g.platform.code if g.platform else None
    return GrantOut(g.user.id, g.user.email, g.user.display_name, code, g.platform is None)


def _platform(p: Platform) -> AdminPlatformOut:
    return AdminPlatformOut(p.id, p.code, p.name, list(p.domains))


def _menu_item(i: ConfigurableMenuItem) -> MenuItemOut:
    return MenuItemOut(i.id, i.label, i.section, i.module, i.route, i.mandatory, i.hidden)


async def _vendor_of(vendors: VendorService, slug: str) -> Vendor:
    found = await vendors.by_slug(slug)
    if found is None:
        raise NotFound(f"no vendor '{slug}'")
    return found


async def _codes(platforms: PlatformService) -> dict[int, str]:
    return {p.id: p.code for p in await platforms.all()}


# -- companies -----------------------------------------------------------------------------


@get(f"{_API}/companies", opt=requires("companies.view"), tags=["companies"])
async def list_companies(
    companies: NamedDependency[CompanyService],
    page: PageNo = 1,
    size: PageSize = 25,
    q: Search = "",
    sort: Sort = "",
) -> CompanyPageOut:
    """Companies whose name contains ``q``; sort by ``name`` (default) or ``created_at``."""
    r = await companies.list(PageRequest(page, size, q, sort))
    return CompanyPageOut([_company(c) for c in r.items], r.total, r.page, r.size, r.pages)


@post(f"{_API}/companies", opt=requires("companies.manage"), tags=["companies"])
async def create_company(
    data: JSONBody[CompanyIn], companies: NamedDependency[CompanyService]
) -> CompanyOut:
    """Create a company; 409 when the name is taken."""
    return _company(await companies.create(data.name, data.registration_number))


# -- vendors -------------------------------------------------------------------------------


@get(f"{_API}/vendors", opt=requires("vendors.view"), tags=["vendors"])
async def list_vendors(
    request: Request[Any, Any, Any],
    vendors: NamedDependency[VendorService],
    page: PageNo = 1,
    size: PageSize = 25,
    q: Search = "",
    sort: Sort = "",
    platform: Annotated[
        Literal["current", "all"], QueryParameter(description="the current platform's, or all")
    ] = "current",
) -> VendorPageOut:
    """Vendors matching ``q`` (slug or name); sort by ``name``, ``slug`` or ``created_at``."""
    current = await request_tenancy(request).platform()
    r = await vendors.list(
        PageRequest(page, size, q, sort), None if platform == "all" else current.id
    )
    return VendorPageOut([_vendor(v) for v in r.items], r.total, r.page, r.size, r.pages)


async def _detail(
    vendor: Vendor, vendors: VendorService, platforms: PlatformService, domains: DomainService
) -> VendorDetailOut:
    codes = await _codes(platforms)
    return VendorDetailOut(
        vendor.id,
        vendor.slug,
        vendor.name,
        vendor.company_id,
        vendor.created_at,
        [_membership(m, codes) for m in await vendors.platforms_of(vendor.id)],
        [_domain(d) for d in await domains.list(vendor.id)],
    )


@post(f"{_API}/vendors", opt=requires("vendors.manage"), tags=["vendors"])
async def create_vendor(
    request: Request[Any, Any, Any],
    data: JSONBody[VendorIn],
    vendors: NamedDependency[VendorService],
    platforms: NamedDependency[PlatformService],
    domains: NamedDependency[DomainService],
    access: NamedDependency[AccessService],
) -> VendorDetailOut:
    """Create a vendor of a company, active on ``platforms`` (codes); 409 for a taken slug."""
    platform_ids = [await platform_id_of(platforms, code, "platforms") for code in data.platforms]
    for pid in platform_ids:
        await ensure_admin_of(request, access, pid)
    vendor = await vendors.create(data.slug, data.name, data.company_id, platform_ids)
    return await _detail(vendor, vendors, platforms, domains)


@get(f"{_API}/vendors/{{slug:str}}", opt=requires("vendors.view"), tags=["vendors"])
async def get_vendor(
    slug: FromPath[str],
    vendors: NamedDependency[VendorService],
    platforms: NamedDependency[PlatformService],
    domains: NamedDependency[DomainService],
) -> VendorDetailOut:
    """A vendor with its status on each platform and its domains."""
    return await _detail(await _vendor_of(vendors, slug), vendors, platforms, domains)


@post(
    f"{_API}/vendors/{{slug:str}}/attach",
    opt=requires("vendors.manage"),
    tags=["vendors"],
    status_code=200,
)
async def attach_vendor(
    request: Request[Any, Any, Any],
    slug: FromPath[str],
    data: JSONBody[AttachIn],
    vendors: NamedDependency[VendorService],
    platforms: NamedDependency[PlatformService],
    access: NamedDependency[AccessService],
) -> VendorPlatformOut:
    """Join the vendor to a platform (active); joining again changes nothing."""
    vendor = await _vendor_of(vendors, slug)
    platform_id = await platform_id_of(platforms, data.platform)
    await ensure_admin_of(request, access, platform_id)
    membership = await vendors.attach(vendor.id, platform_id)
    return _membership(membership, {platform_id: data.platform})


@post(
    f"{_API}/vendors/{{slug:str}}/status",
    opt=requires("vendors.manage"),
    tags=["vendors"],
    status_code=200,
)
async def set_vendor_status(
    request: Request[Any, Any, Any],
    slug: FromPath[str],
    data: JSONBody[VendorStatusIn],
    vendors: NamedDependency[VendorService],
    platforms: NamedDependency[PlatformService],
    access: NamedDependency[AccessService],
) -> VendorPlatformOut:
    """Suspend or reactivate the vendor on one platform; its other platforms are untouched."""
    vendor = await _vendor_of(vendors, slug)
    platform_id = await platform_id_of(platforms, data.platform)
    await ensure_admin_of(request, access, platform_id)
    membership = await vendors.set_status(vendor.id, platform_id, data.status)
    return _membership(membership, {platform_id: data.platform})


@post(
    f"{_API}/vendors/{{slug:str}}/domains/{{domain_id:int}}/verify",
    opt=requires("vendors.manage"),
    tags=["vendors"],
    status_code=200,
)
async def verify_domain(
    slug: FromPath[str],
    domain_id: FromPath[int],
    vendors: NamedDependency[VendorService],
    domains: NamedDependency[DomainService],
) -> DomainOut:
    """Mark the vendor's domain verified (an operator checked its DNS record)."""
    vendor = await _vendor_of(vendors, slug)
    return _domain(await domains.mark_verified(vendor.id, domain_id))


# -- users ---------------------------------------------------------------------------------


@get(f"{_API}/users", opt=requires("users.view"), tags=["users"])
async def list_users(
    identity: NamedDependency[IdentityService],
    page: PageNo = 1,
    size: PageSize = 25,
    q: Search = "",
    sort: Sort = "",
) -> UserPageOut:
    """Users matching ``q`` (e-mail, name); sort by ``email``, ``display_name``, ``created_at``."""
    r = await identity.list(PageRequest(page, size, q, sort))
    return UserPageOut([_user(u) for u in r.items], r.total, r.page, r.size, r.pages)


@post(f"{_API}/users", opt=requires("users.manage"), tags=["users"])
async def create_user(
    data: JSONBody[UserIn], identity: NamedDependency[IdentityService]
) -> UserOut:
    """Create an active user with a password; 409 when the e-mail is taken."""
    return _user(await identity.create_user(data.email, data.password, data.display_name))


@patch(f"{_API}/users/{{user_id:int}}", opt=requires("users.manage"), tags=["users"])
async def set_user_active(
    request: Request[Any, Any, Any],
    user_id: FromPath[int],
    data: JSONBody[UserActiveIn],
    identity: NamedDependency[IdentityService],
) -> UserOut:
    """Activate or deactivate a user (not oneself; an administrator only by a super admin)."""
    await ensure_may_set_active(request, identity, await identity.get(user_id))
    return _user(await identity.set_active(user_id, data.active))


# -- administrators ------------------------------------------------------------------------


@get(f"{_API}/admins", opt=requires("users.view"), tags=["administrators"])
async def list_admins(
    identity: NamedDependency[IdentityService],
    platforms: NamedDependency[PlatformService],
    page: PageNo = 1,
    size: PageSize = 25,
    q: Search = "",
    sort: Sort = "",
) -> GrantPageOut:
    """Administrator grants; sort by ``email`` (default), ``display_name`` or ``scope``."""
    rows = await admin_grants(identity, platforms)
    r = page_in_memory(rows, PageRequest(page, size, q, sort), GRANT_FIELDS)
    return GrantPageOut([_grant(g) for g in r.items], r.total, r.page, r.size, r.pages)


def _scope(platform: str | None, super_admin: bool) -> str:
    if super_admin == (platform is not None):
        raise InvalidInput("name exactly one of 'platform' and 'super_admin'", "platform")
    return SUPER if super_admin else str(platform)


@post(f"{_API}/admins", opt=requires("users.manage"), tags=["administrators"])
async def grant_admin(
    request: Request[Any, Any, Any],
    data: JSONBody[GrantIn],
    identity: NamedDependency[IdentityService],
    platforms: NamedDependency[PlatformService],
    access: NamedDependency[AccessService],
) -> GrantOut:
    """Make a user administrator of ``platform``, or of all platforms (``super_admin``)."""
    scope = _scope(data.platform, data.super_admin)
    platform_id = await grant_scope(request, identity, platforms, access, scope, "platform")
    user = await identity.by_email(data.email)
    if user is None:
        raise InvalidInput(f"no user has the e-mail address '{data.email}'", "email")
    await identity.grant_admin(user.id, platform_id)
    platform = None if platform_id is None else await platforms.get(scope)
    return _grant(GrantRow(user, platform))


@delete(f"{_API}/admins/{{user_id:int}}", opt=requires("users.manage"), tags=["administrators"])
async def revoke_admin(
    request: Request[Any, Any, Any],
    user_id: FromPath[int],
    identity: NamedDependency[IdentityService],
    platforms: NamedDependency[PlatformService],
    access: NamedDependency[AccessService],
    platform: Annotated[
        str | None, QueryParameter(description="revoke this platform's grant")
    ] = None,
    super_admin: Annotated[
        bool, QueryParameter(description="revoke the super-admin grant")
    ] = False,
) -> None:
    """Remove one grant (``?platform=CODE`` or ``?super_admin=true``); never one's own."""
    scope = _scope(platform, super_admin)
    await ensure_not_own_grant(request, user_id)
    platform_id = await grant_scope(request, identity, platforms, access, scope, "platform")
    await identity.revoke_admin(user_id, platform_id)


# -- platforms -----------------------------------------------------------------------------


@post(f"{_API}/platforms", opt=requires("platforms.manage"), tags=["platforms"])
async def create_platform(
    request: Request[Any, Any, Any],
    data: JSONBody[PlatformIn],
    platforms: NamedDependency[PlatformService],
    identity: NamedDependency[IdentityService],
) -> AdminPlatformOut:
    """Create a platform (super admins only); 409 when the code or a domain is taken."""
    await ensure_super_admin(request, identity)
    return _platform(await platforms.create(data.code, data.name, data.domains))


@patch(f"{_API}/platforms/{{code:str}}", opt=requires("platforms.manage"), tags=["platforms"])
async def update_platform(
    request: Request[Any, Any, Any],
    code: FromPath[str],
    data: JSONBody[PlatformUpdateIn],
    platforms: NamedDependency[PlatformService],
    access: NamedDependency[AccessService],
) -> AdminPlatformOut:
    """Rename a platform and/or replace its domains (fields left out stay as they are)."""
    await ensure_admin_of(request, access, (await platforms.get_or_fail(code)).id)
    return _platform(await platforms.update(code, data.name, data.domains))


# -- menus ---------------------------------------------------------------------------------


@get(f"{_API}/menus/{{frontend:str}}", opt=requires("menus.manage"), tags=["menus"])
async def menu_items(
    request: Request[Any, Any, Any],
    frontend: FromPath[str],
    menu_config: NamedDependency[MenuConfigurationService],
) -> list[MenuItemOut]:
    """The menu items of the enabled modules on ``admin`` or ``vendor``, each hidden or not."""
    platform = await request_tenancy(request).platform()
    items = await menu_config.items(platform.id, menu_config.frontend(frontend))
    return [_menu_item(i) for i in items]


@put(f"{_API}/menus/{{frontend:str}}/{{item_id:str}}", opt=requires("menus.manage"), tags=["menus"])
async def set_menu_item_hidden(
    request: Request[Any, Any, Any],
    frontend: FromPath[str],
    item_id: FromPath[str],
    data: JSONBody[MenuHiddenIn],
    menu_config: NamedDependency[MenuConfigurationService],
) -> MenuItemOut:
    """Hide or show one item on the current platform; 400 for a mandatory item."""
    platform = await request_tenancy(request).platform()
    chosen = menu_config.frontend(frontend)
    return _menu_item(await menu_config.set_hidden(platform.id, chosen, item_id, data.hidden))


HANDLERS = [
    list_companies,
    create_company,
    list_vendors,
    create_vendor,
    get_vendor,
    attach_vendor,
    set_vendor_status,
    verify_domain,
    list_users,
    create_user,
    set_user_active,
    list_admins,
    grant_admin,
    revoke_admin,
    create_platform,
    update_platform,
    menu_items,
    set_menu_item_hidden,
]
