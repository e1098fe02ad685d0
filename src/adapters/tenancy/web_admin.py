"""The admin frontend's tenancy pages: platforms, companies, vendors, users, admins, menus.

The guard checks each route's permission on the current platform. An operator acts on
another platform only if they administer it too (super admins administer every platform);
creating a platform and granting super admin are for super admins. A POST answers 303 with
a notice, or the form again with its errors and the values typed (never a password).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotAuthorizedException, NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from adapters.web.forms import FormState, ListQuery, read_form, redirect_with_notice
from adapters.web.guards import requires
from adapters.web.pages import render_page
from adapters.web.tenancy import request_tenancy
from domain.kernel.enablement import EnablementChange, EnablementService
from domain.kernel.enums import FrontendType
from domain.kernel.errors import KernelError
from domain.kernel.registry import ModuleRegistry
from domain.tenancy.access import AccessService
from domain.tenancy.identity import IdentityService
from domain.tenancy.menus import CONFIGURABLE_FRONTENDS, MenuConfigurationService
from domain.tenancy.model import Platform, User, Vendor, VendorStatus
from domain.tenancy.services import PlatformService
from domain.tenancy.vendors import CompanyService, DomainService, VendorService
from ports.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied
from ports.pagination import MAX_PAGE_SIZE, Page, PageRequest

__all__ = [
    "GRANT_FIELDS",
    "HANDLERS",
    "SUPER",
    "GrantRow",
    "VendorQuery",
    "admin_grants",
    "caller_id",
    "ensure_admin_of",
    "ensure_may_set_active",
    "ensure_not_own_grant",
    "ensure_super_admin",
    "grant_scope",
    "page_in_memory",
    "parse_int",
    "platform_id_of",
]

T = TypeVar("T")
SUPER = "*"  # the scope of a super-admin grant (no platform code starts with "*")


# -- shared with the JSON API ------------------------------------------------------------


async def caller_id(request: Request[Any, Any, Any]) -> int:
    """The signed-in user's id (the guard already demanded one)."""
    identity = await request_tenancy(request).identity()
    if identity is None:
        raise NotAuthorizedException("sign in to continue")
    return identity.user_id


async def ensure_admin_of(
    request: Request[Any, Any, Any], access: AccessService, platform_id: int
) -> None:
    """``PermissionDenied`` unless the caller administers ``platform_id``.

    The current platform passed the route's guard already; another one needs a grant there.
    """
    if platform_id == (await request_tenancy(request).platform()).id:
        return
    if not await access.is_admin_of(await caller_id(request), platform_id):
        raise PermissionDenied("you are not an administrator of that platform", "platform")


async def ensure_super_admin(request: Request[Any, Any, Any], identity: IdentityService) -> None:
    """``PermissionDenied`` unless the caller administers every platform."""
    grants = await identity.admin_roles(await caller_id(request))
    if not any(g.is_super_admin for g in grants):
        raise PermissionDenied("only a super admin may do this")


def parse_int(raw: str, field: str) -> int:
    """A form field's whole number; ``InvalidInput`` on ``field`` otherwise."""
    if not raw.strip().isdigit():
        raise InvalidInput(f"choose a valid {field.removesuffix('_id')}", field)
    return int(raw)


async def platform_id_of(platforms: PlatformService, code: str, field: str = "platform") -> int:
    """The id of the platform ``code``; ``InvalidInput`` on ``field`` when there is none."""
    found = await platforms.get(code.strip())
    if found is None:
        raise InvalidInput(f"no platform '{code}'", field)
    return found.id


def page_in_memory(
    rows: Sequence[T], request: PageRequest, fields: Mapping[str, Callable[[T], str]]
) -> Page[T]:
    """One page of a small list held in memory: searched in every field, sorted by one."""
    name, descending = request.ordering(fields, next(iter(fields)))
    needle = request.search.strip().lower()
    found = [r for r in rows if not needle or any(needle in f(r).lower() for f in fields.values())]
    found.sort(key=lambda r: fields[name](r).lower(), reverse=descending)
    start = request.offset
    return Page(found[start : start + request.size], len(found), request.page, request.size)


# -- helpers -------------------------------------------------------------------------------


def _status_of(error: DomainError) -> int:
    return 409 if isinstance(error, Conflict) else 400


def _lines(raw: str) -> list[str]:
    return [part for line in raw.splitlines() for part in line.split(",") if part.strip()]


async def _render(
    request: Request[Any, Any, Any], template: str, context: Mapping[str, Any], status: int = 200
) -> Template:
    return await render_page(
        request,
        f"tenancy/admin/{template}",
        FrontendType.ADMIN,
        {"notice": request.query_params.get("notice"), **context},
        status_code=status,
    )


async def _vendor(vendors: VendorService, slug: str) -> Vendor:
    found = await vendors.by_slug(slug)
    if found is None:
        raise NotFound(f"no vendor '{slug}'")
    return found


# -- platforms -----------------------------------------------------------------------------


async def _platform_page(
    request: Request[Any, Any, Any],
    platform: Platform,
    enablement: EnablementService,
    form: FormState | None = None,
    error: str | None = None,
    status: int = 200,
) -> Template:
    context = {
        "page_title": f"Platform {platform.name}",
        "edited": platform,
        "modules": await enablement.status(platform.id),
        "form": form or FormState({"name": platform.name, "domains": "\n".join(platform.domains)}),
        "error": error,
    }
    return await _render(request, "platform.html", context, status)


@get("/admin/platforms/new", opt=requires("platforms.manage"), include_in_schema=False)
async def new_platform_page(request: Request[Any, Any, Any]) -> Template:
    """The form creating a platform."""
    return await _render(request, "platform_new.html", {"page_title": "New platform"})


@post("/admin/platforms", opt=requires("platforms.manage"), include_in_schema=False)
async def create_platform(
    request: Request[Any, Any, Any],
    platforms: NamedDependency[PlatformService],
    identity: NamedDependency[IdentityService],
) -> Redirect | Template:
    """Create a platform (super admins only)."""
    await ensure_super_admin(request, identity)
    values = await read_form(request)
    try:
        created = await platforms.create(
            values.get("code", "").strip(),
            values.get("name", ""),
            _lines(values.get("domains", "")),
        )
    except DomainError as exc:
        context = {"page_title": "New platform", "form": FormState.refused(values, exc)}
        return await _render(request, "platform_new.html", context, _status_of(exc))
    return redirect_with_notice(f"/admin/platforms/{created.code}", f"Created {created.name}.")


@get("/admin/platforms/{code:str}", opt=requires("platforms.view"), include_in_schema=False)
async def platform_page(
    request: Request[Any, Any, Any],
    code: FromPath[str],
    platforms: NamedDependency[PlatformService],
    enablement: NamedDependency[EnablementService],
) -> Template:
    """A platform: its name and domains, and the modules enabled on it."""
    return await _platform_page(request, await platforms.get_or_fail(code), enablement)


@post("/admin/platforms/{code:str}", opt=requires("platforms.manage"), include_in_schema=False)
async def update_platform(
    request: Request[Any, Any, Any],
    code: FromPath[str],
    platforms: NamedDependency[PlatformService],
    enablement: NamedDependency[EnablementService],
    access: NamedDependency[AccessService],
) -> Redirect | Template:
    """Rename a platform and replace its domains."""
    platform = await platforms.get_or_fail(code)
    await ensure_admin_of(request, access, platform.id)
    values = await read_form(request)
    try:
        await platforms.update(code, values.get("name", ""), _lines(values.get("domains", "")))
    except DomainError as exc:
        form = FormState.refused(values, exc)
        return await _platform_page(request, platform, enablement, form, None, _status_of(exc))
    return redirect_with_notice(f"/admin/platforms/{code}", "Saved.")


async def _toggle(
    request: Request[Any, Any, Any],
    enablement: EnablementService,
    platform_id: int,
    module: str,
    action: str,
) -> EnablementChange:
    registry: ModuleRegistry = request.app.state["registry"]
    if action not in ("enable", "disable") or module not in registry:
        raise NotFoundException(f"no installed module is called '{module}'")
    change = enablement.enable if action == "enable" else enablement.disable
    return await change(platform_id, module)


@post(
    "/admin/platforms/{code:str}/modules/{module:str}/{action:str}",
    opt=requires("modules.manage"),
    include_in_schema=False,
)
async def change_platform_module(
    request: Request[Any, Any, Any],
    code: FromPath[str],
    module: FromPath[str],
    action: FromPath[str],
    platforms: NamedDependency[PlatformService],
    enablement: NamedDependency[EnablementService],
    access: NamedDependency[AccessService],
) -> Redirect | Template:
    """Enable or disable a module on a platform; a refusal explains what depends on it."""
    platform = await platforms.get_or_fail(code)
    await ensure_admin_of(request, access, platform.id)
    try:
        change = await _toggle(request, enablement, platform.id, module, action)
    except KernelError as exc:
        return await _platform_page(request, platform, enablement, None, str(exc), 409)
    return redirect_with_notice(f"/admin/platforms/{code}", change.message)


@post(
    "/admin/modules/{module:str}/{action:str}",
    opt=requires("modules.manage"),
    include_in_schema=False,
)
async def change_module(
    request: Request[Any, Any, Any],
    module: FromPath[str],
    action: FromPath[str],
    enablement: NamedDependency[EnablementService],
) -> Redirect | Template:
    """Enable or disable a module on the current platform (the modules page's buttons)."""
    platform = await request_tenancy(request).platform()
    try:
        change = await _toggle(request, enablement, platform.id, module, action)
    except KernelError as exc:
        context = {
            "modules": await enablement.status(platform.id),
            "page_title": "Modules",
            "error": str(exc),
        }
        return await render_page(
            request, "tenancy/modules.html", FrontendType.ADMIN, context, status_code=409
        )
    return redirect_with_notice("/admin/modules", change.message)


# -- companies ---------------------------------------------------------------------------


@get("/admin/companies", opt=requires("companies.view"), include_in_schema=False)
async def companies_page(
    request: Request[Any, Any, Any], companies: NamedDependency[CompanyService]
) -> Template:
    """Companies: searched by name, sorted by name or creation."""
    query = ListQuery.from_request(request)
    result = await companies.list(query.page_request())
    context = {"page_title": "Companies", "query": query, "result": result}
    return await _render(request, "companies.html", context)


@get("/admin/companies/new", opt=requires("companies.manage"), include_in_schema=False)
async def new_company_page(request: Request[Any, Any, Any]) -> Template:
    """The form creating a company."""
    return await _render(request, "company_new.html", {"page_title": "New company"})


@post("/admin/companies", opt=requires("companies.manage"), include_in_schema=False)
async def create_company(
    request: Request[Any, Any, Any], companies: NamedDependency[CompanyService]
) -> Redirect | Template:
    """Create a company."""
    values = await read_form(request)
    try:
        created = await companies.create(
            values.get("name", ""), values.get("registration_number", "")
        )
    except DomainError as exc:
        context = {"page_title": "New company", "form": FormState.refused(values, exc)}
        return await _render(request, "company_new.html", context, _status_of(exc))
    return redirect_with_notice("/admin/companies", f"Created {created.name}.")


# -- vendors -------------------------------------------------------------------------------


@dataclass(frozen=True)
class VendorQuery(ListQuery):
    """The vendor list's query: ``all`` lists the vendors of every platform."""

    all: bool = False

    def url(self, **changes: object) -> str:
        """The list query with ``changes``, keeping ``all``."""
        base = super().url(**changes)
        if not self.all:
            return base
        return f"{base}&all=1" if base != "?" else "?all=1"


@get("/admin/vendors", opt=requires("vendors.view"), include_in_schema=False)
async def vendors_page(
    request: Request[Any, Any, Any], vendors: NamedDependency[VendorService]
) -> Template:
    """Vendors of the current platform (``?all=1``: of every platform)."""
    q = ListQuery.from_request(request)
    query = VendorQuery(q.page, q.size, q.q, q.sort, request.query_params.get("all") == "1")
    platform = await request_tenancy(request).platform()
    result = await vendors.list(query.page_request(), None if query.all else platform.id)
    context = {"page_title": "Vendors", "query": query, "result": result}
    return await _render(request, "vendors.html", context)


async def _vendor_form(
    request: Request[Any, Any, Any],
    companies: CompanyService,
    platforms: PlatformService,
    form: FormState | None = None,
    status: int = 200,
) -> Template:
    current = await request_tenancy(request).platform()
    context = {
        "page_title": "New vendor",
        "companies": (await companies.list(PageRequest(1, MAX_PAGE_SIZE))).items,
        "platforms": await platforms.all(),
        "form": form or FormState({"platform": str(current.id)}),
    }
    return await _render(request, "vendor_new.html", context, status)


@get("/admin/vendors/new", opt=requires("vendors.manage"), include_in_schema=False)
async def new_vendor_page(
    request: Request[Any, Any, Any],
    companies: NamedDependency[CompanyService],
    platforms: NamedDependency[PlatformService],
) -> Template:
    """The form creating a vendor: its company and the platforms it joins."""
    return await _vendor_form(request, companies, platforms)


@post("/admin/vendors", opt=requires("vendors.manage"), include_in_schema=False)
async def create_vendor(
    request: Request[Any, Any, Any],
    vendors: NamedDependency[VendorService],
    companies: NamedDependency[CompanyService],
    platforms: NamedDependency[PlatformService],
    access: NamedDependency[AccessService],
) -> Redirect | Template:
    """Create a vendor of a company, active on the platforms ticked."""
    values = await read_form(request)
    try:
        platform_ids = [parse_int(v, "platform") for v in values.get("platform", "").split()]
        for pid in platform_ids:
            await ensure_admin_of(request, access, pid)
        created = await vendors.create(
            values.get("slug", "").strip(),
            values.get("name", ""),
            parse_int(values.get("company_id", ""), "company_id"),
            platform_ids,
        )
    except PermissionDenied:
        raise
    except DomainError as exc:
        form = FormState.refused(values, exc)
        return await _vendor_form(request, companies, platforms, form, _status_of(exc))
    return redirect_with_notice(f"/admin/vendors/{created.slug}", f"Created {created.name}.")


@get("/admin/vendors/{slug:str}", opt=requires("vendors.view"), include_in_schema=False)
async def vendor_page(
    request: Request[Any, Any, Any],
    slug: FromPath[str],
    vendors: NamedDependency[VendorService],
    companies: NamedDependency[CompanyService],
    platforms: NamedDependency[PlatformService],
    domains: NamedDependency[DomainService],
) -> Template:
    """A vendor: its company, its status on each platform, and its domains."""
    vendor = await _vendor(vendors, slug)
    memberships = await vendors.platforms_of(vendor.id)
    every = await platforms.all()
    joined = {m.platform_id for m in memberships}
    context = {
        "page_title": vendor.name,
        "shown": vendor,
        "company": await companies.get(vendor.company_id),
        "memberships": memberships,
        "platform_by_id": {p.id: p for p in every},
        "joinable": [p for p in every if p.id not in joined],
        "domains": await domains.list(vendor.id),
    }
    return await _render(request, "vendor.html", context)


@post(
    "/admin/vendors/{slug:str}/platforms", opt=requires("vendors.manage"), include_in_schema=False
)
async def attach_vendor(
    request: Request[Any, Any, Any],
    slug: FromPath[str],
    vendors: NamedDependency[VendorService],
    platforms: NamedDependency[PlatformService],
    access: NamedDependency[AccessService],
) -> Redirect:
    """Join the vendor to another platform (active there)."""
    vendor = await _vendor(vendors, slug)
    code = (await read_form(request)).get("platform", "")
    platform_id = await platform_id_of(platforms, code)
    await ensure_admin_of(request, access, platform_id)
    await vendors.attach(vendor.id, platform_id)
    return redirect_with_notice(f"/admin/vendors/{slug}", f"{vendor.name} joined {code}.")


@post(
    "/admin/vendors/{slug:str}/platforms/{code:str}/status",
    opt=requires("vendors.manage"),
    include_in_schema=False,
)
async def set_vendor_status(
    request: Request[Any, Any, Any],
    slug: FromPath[str],
    code: FromPath[str],
    vendors: NamedDependency[VendorService],
    platforms: NamedDependency[PlatformService],
    access: NamedDependency[AccessService],
) -> Redirect:
    """Suspend or reactivate the vendor on one platform (the others are untouched)."""
    vendor = await _vendor(vendors, slug)
    platform = await platforms.get_or_fail(code)
    await ensure_admin_of(request, access, platform.id)
    raw = (await read_form(request)).get("status", "")
    if raw not in {s.value for s in VendorStatus}:
        raise InvalidInput(f"'{raw}' is not a vendor status", "status")
    changed = await vendors.set_status(vendor.id, platform.id, VendorStatus(raw))
    notice = f"{vendor.name} is {changed.status.value} on {platform.name}."
    return redirect_with_notice(f"/admin/vendors/{slug}", notice)


@post(
    "/admin/vendors/{slug:str}/domains/{domain_id:int}/verify",
    opt=requires("vendors.manage"),
    include_in_schema=False,
)
async def verify_domain(
    slug: FromPath[str],
    domain_id: FromPath[int],
    vendors: NamedDependency[VendorService],
    domains: NamedDependency[DomainService],
) -> Redirect:
    """Record that the vendor's domain is verified (an operator's decision)."""
    vendor = await _vendor(vendors, slug)
    verified = await domains.mark_verified(vendor.id, domain_id)
    return redirect_with_notice(f"/admin/vendors/{slug}", f"{verified.domain} is verified.")


# -- users ---------------------------------------------------------------------------------


@get("/admin/users", opt=requires("users.view"), include_in_schema=False)
async def users_page(
    request: Request[Any, Any, Any], identity: NamedDependency[IdentityService]
) -> Template:
    """Users: searched by e-mail or name, sorted by e-mail, name or creation."""
    query = ListQuery.from_request(request)
    result = await identity.list(query.page_request())
    context = {"page_title": "Users", "query": query, "result": result}
    return await _render(request, "users.html", context)


@get("/admin/users/new", opt=requires("users.manage"), include_in_schema=False)
async def new_user_page(request: Request[Any, Any, Any]) -> Template:
    """The form creating a user with a password."""
    return await _render(request, "user_new.html", {"page_title": "New user"})


@post("/admin/users", opt=requires("users.manage"), include_in_schema=False)
async def create_user(
    request: Request[Any, Any, Any], identity: NamedDependency[IdentityService]
) -> Redirect | Template:
    """Create an active user."""
    values = await read_form(request)
    try:
        created = await identity.create_user(
            values.get("email", ""), values.get("password", ""), values.get("display_name", "")
        )
    except DomainError as exc:
        kept = {k: v for k, v in values.items() if k != "password"}
        context = {"page_title": "New user", "form": FormState.refused(kept, exc)}
        return await _render(request, "user_new.html", context, _status_of(exc))
    return redirect_with_notice("/admin/users", f"Created {created.email}.")


async def ensure_may_set_active(
    request: Request[Any, Any, Any], identity: IdentityService, user: User
) -> None:
    """Nobody deactivates themselves; only a super admin (de)activates an administrator."""
    if user.id == await caller_id(request):
        raise PermissionDenied("you cannot change your own account's activation", "active")
    if await identity.admin_roles(user.id):
        await ensure_super_admin(request, identity)


@post("/admin/users/{user_id:int}/active", opt=requires("users.manage"), include_in_schema=False)
async def set_user_active(
    request: Request[Any, Any, Any],
    user_id: FromPath[int],
    identity: NamedDependency[IdentityService],
) -> Redirect:
    """Activate or deactivate a user (a deactivated user cannot sign in)."""
    await ensure_may_set_active(request, identity, await identity.get(user_id))
    active = (await read_form(request)).get("active") == "1"
    user = await identity.set_active(user_id, active)
    state = "active" if user.is_active else "deactivated"
    return redirect_with_notice("/admin/users", f"{user.email} is {state}.")


# -- administrators ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GrantRow:
    """An administrator grant with its user; ``platform`` is ``None`` for a super admin."""

    user: User
    platform: Platform | None

    @property
    def scope(self) -> str:
        """The platform's code, or ``*`` for every platform."""
        return self.platform.code if self.platform else SUPER


GRANT_FIELDS: Mapping[str, Callable[[GrantRow], str]] = {
    "email": lambda g: g.user.email,
    "display_name": lambda g: g.user.display_name,
    "scope": lambda g: g.scope,
}


async def admin_grants(identity: IdentityService, platforms: PlatformService) -> list[GrantRow]:
    """Every administrator grant with its user and platform."""
    by_id = {p.id: p for p in await platforms.all()}
    return [
        GrantRow(user, None if grant.platform_id is None else by_id[grant.platform_id])
        for user, grant in await identity.admins()
        if grant.platform_id is None or grant.platform_id in by_id
    ]


async def _admins(
    request: Request[Any, Any, Any],
    identity: IdentityService,
    platforms: PlatformService,
    form: FormState | None = None,
    status: int = 200,
) -> Template:
    query = ListQuery.from_request(request)
    grants = await admin_grants(identity, platforms)
    context = {
        "page_title": "Administrators",
        "query": query,
        "result": page_in_memory(grants, query.page_request(), GRANT_FIELDS),
        "platforms": await platforms.all(),
        "form": form or FormState({"scope": (await request_tenancy(request).platform()).code}),
        "me": await caller_id(request),
    }
    return await _render(request, "admins.html", context, status)


@get("/admin/admins", opt=requires("users.view"), include_in_schema=False)
async def admins_page(
    request: Request[Any, Any, Any],
    identity: NamedDependency[IdentityService],
    platforms: NamedDependency[PlatformService],
) -> Template:
    """Administrator grants, and the form granting one."""
    return await _admins(request, identity, platforms)


async def grant_scope(
    request: Request[Any, Any, Any],
    identity: IdentityService,
    platforms: PlatformService,
    access: AccessService,
    scope: str,
    field: str = "scope",
) -> int | None:
    """The platform id of a grant's scope (``None``: super admin), if the caller may give it."""
    if scope == SUPER:
        await ensure_super_admin(request, identity)
        return None
    platform_id = await platform_id_of(platforms, scope, field)
    await ensure_admin_of(request, access, platform_id)
    return platform_id


@post("/admin/admins", opt=requires("users.manage"), include_in_schema=False)
async def grant_admin(
    request: Request[Any, Any, Any],
    identity: NamedDependency[IdentityService],
    platforms: NamedDependency[PlatformService],
    access: NamedDependency[AccessService],
) -> Redirect | Template:
    """Make the user with this e-mail administrator of a platform, or of all of them."""
    values = await read_form(request)
    email = values.get("email", "").strip()
    try:
        platform_id = await grant_scope(
            request, identity, platforms, access, values.get("scope", "")
        )
        user = await identity.by_email(email)
        if user is None:
            raise InvalidInput(f"no user has the e-mail address '{email}'", "email")
        await identity.grant_admin(user.id, platform_id)
    except PermissionDenied:
        raise
    except DomainError as exc:
        form = FormState.refused(values, exc)
        return await _admins(request, identity, platforms, form, _status_of(exc))
    return redirect_with_notice("/admin/admins", f"{user.email} is now an administrator.")


async def ensure_not_own_grant(request: Request[Any, Any, Any], user_id: int) -> None:
    """Nobody revokes their own grant (an operator cannot lock themselves out by mistake)."""
    if user_id == await caller_id(request):
        raise PermissionDenied("you cannot revoke your own administrator grant", "user_id")


@post("/admin/admins/revoke", opt=requires("users.manage"), include_in_schema=False)
async def revoke_admin(
    request: Request[Any, Any, Any],
    identity: NamedDependency[IdentityService],
    platforms: NamedDependency[PlatformService],
    access: NamedDependency[AccessService],
) -> Redirect:
    """Remove one administrator grant (not one's own)."""
    values = await read_form(request)
    user_id = parse_int(values.get("user_id", ""), "user_id")
    await ensure_not_own_grant(request, user_id)
    platform_id = await grant_scope(request, identity, platforms, access, values.get("scope", ""))
    await identity.revoke_admin(user_id, platform_id)
    return redirect_with_notice("/admin/admins", "Grant revoked.")


# -- menus ---------------------------------------------------------------------------------


@get("/admin/menus", opt=requires("menus.manage"), include_in_schema=False)
async def menus_page(
    request: Request[Any, Any, Any], menu_config: NamedDependency[MenuConfigurationService]
) -> Template:
    """The admin and vendor menus' items of the enabled modules, each shown or hidden."""
    platform = await request_tenancy(request).platform()
    menus = [(f, await menu_config.items(platform.id, f)) for f in CONFIGURABLE_FRONTENDS]
    return await _render(request, "menus.html", {"page_title": "Menus", "menus": menus})


@post("/admin/menus/{frontend:str}", opt=requires("menus.manage"), include_in_schema=False)
async def configure_menu(
    request: Request[Any, Any, Any],
    frontend: FromPath[str],
    menu_config: NamedDependency[MenuConfigurationService],
) -> Redirect | Template:
    """Hide the items ticked on one frontend's menu and show the others."""
    platform = await request_tenancy(request).platform()
    chosen = menu_config.frontend(frontend)
    hidden = (await read_form(request)).get("hidden", "").split()
    try:
        await menu_config.configure(platform.id, chosen, hidden)
    except DomainError as exc:
        menus = [(f, await menu_config.items(platform.id, f)) for f in CONFIGURABLE_FRONTENDS]
        context = {"page_title": "Menus", "menus": menus, "error": exc.message}
        return await _render(request, "menus.html", context, _status_of(exc))
    return redirect_with_notice("/admin/menus", f"Saved the {chosen.value} menu.")


HANDLERS = [
    new_platform_page,
    create_platform,
    platform_page,
    update_platform,
    change_platform_module,
    change_module,
    companies_page,
    new_company_page,
    create_company,
    vendors_page,
    new_vendor_page,
    create_vendor,
    vendor_page,
    attach_vendor,
    set_vendor_status,
    verify_domain,
    users_page,
    new_user_page,
    create_user,
    set_user_active,
    admins_page,
    grant_admin,
    revoke_admin,
    menus_page,
    configure_menu,
]
