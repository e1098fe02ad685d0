"""Tenancy's routes: platforms and module enablement (pages and JSON API)."""

from collections.abc import Callable
from typing import Annotated, Any

import msgspec
from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter
from litestar.response import Template

from mercato.adapters.tenancy import (
    api_admin_directory,
    api_admin_menus,
    api_admin_people,
    api_admin_platforms,
    api_vendor_access,
    api_vendor_roles,
    api_vendor_team,
    web_admin_directory,
    web_admin_menus,
    web_admin_people,
    web_admin_platforms,
    web_vendor_access,
    web_vendor_roles,
    web_vendor_team,
)
from mercato.adapters.tenancy._admin_common import PageNo, PageSize, operator, page_in_memory
from mercato.adapters.tenancy.web_admin_mailbox import HANDLERS as MAILBOX_HANDLERS
from mercato.adapters.tenancy.web_auth import HANDLERS as AUTH_HANDLERS
from mercato.adapters.tenancy.web_passwords import HANDLERS as PASSWORD_HANDLERS
from mercato.adapters.tenancy.web_storefront import HANDLERS as STOREFRONT_HANDLERS
from mercato.adapters.web.errors import ConflictException
from mercato.adapters.web.forms import ListQuery
from mercato.adapters.web.guards import requires
from mercato.adapters.web.module import ModuleWeb
from mercato.adapters.web.pages import render_page
from mercato.adapters.web.tenancy import request_tenancy
from mercato.domain.kernel.enablement import EnablementService, ModuleStatus
from mercato.domain.kernel.enums import FrontendType
from mercato.domain.tenancy.administration import AdministrationService
from mercato.domain.tenancy.model import Platform
from mercato.ports.pagination import Page, PageRequest

__all__ = ["WEB"]

Search = Annotated[str, QueryParameter(max_length=100, description="filter by code or name")]


class PlatformOut(msgspec.Struct):
    id: int
    code: str
    name: str
    domains: list[str]


class PlatformPageOut(msgspec.Struct):
    items: list[PlatformOut]
    total: int
    page: int
    size: int
    pages: int


class ModuleStatusOut(msgspec.Struct):
    code: str
    name: str
    kind: str
    version: str
    requires: list[str]
    enabled: bool
    reason: str
    broken: bool = False


class EnablementChangeOut(msgspec.Struct):
    module: str
    changed: list[str]
    also_enabled: list[str]
    message: str


def _platform(p: Platform) -> PlatformOut:
    return PlatformOut(p.id, p.code, p.name, list(p.domains))


def _status(s: ModuleStatus) -> ModuleStatusOut:
    return ModuleStatusOut(
        s.code, s.name, s.kind, s.version, list(s.requires), s.enabled, s.reason, s.broken
    )


_PLATFORM_FIELDS: dict[str, Callable[[Platform], str]] = {
    "code": lambda p: p.code,
    "name": lambda p: p.name,
    "created_at": lambda p: p.created_at.isoformat() if p.created_at else "",
}


async def _platforms_in_reach(
    request: Request[Any, Any, Any], administration: AdministrationService, page: PageRequest
) -> Page[Platform]:
    """The platforms the caller administers (every one for a super admin), one page."""
    shown = await administration.platforms(await operator(request))
    return page_in_memory(shown, page, _PLATFORM_FIELDS)


@get("/admin/platforms", opt=requires("platforms.view"), include_in_schema=False)
async def platforms_page(
    request: Request[Any, Any, Any], administration: NamedDependency[AdministrationService]
) -> Template:
    """The platforms the operator administers: searched by code or name, sorted by code,
    name or creation. Only a super admin is offered a new one."""
    query = ListQuery.from_request(request)
    result = await _platforms_in_reach(request, administration, query.page_request())
    reach = await administration.reach(await operator(request))
    context = {
        "result": result,
        "query": query,
        "page_title": "Platforms",
        "may_create": reach.everything,
    }
    return await render_page(request, "tenancy/platforms.html", FrontendType.ADMIN, context)


@get(
    "/api/v1/admin/platforms",
    opt=requires("platforms.view"),
    tags=["platforms"],
    summary="List platforms",
    operation_id="listPlatforms",
)
async def platforms_json(
    request: Request[Any, Any, Any],
    administration: NamedDependency[AdministrationService],
    page: PageNo = 1,
    size: PageSize = 25,
    q: Search = "",
    sort: Annotated[
        str, QueryParameter(max_length=40, description="code, name or created_at")
    ] = "",
) -> PlatformPageOut:
    """The platforms the caller administers, filtered by ``q``, sorted by ``code`` (default)
    or ``sort``."""
    result = await _platforms_in_reach(request, administration, PageRequest(page, size, q, sort))
    return PlatformPageOut(
        [_platform(p) for p in result.items], result.total, result.page, result.size, result.pages
    )


@get("/admin/modules", opt=requires("modules.view"), include_in_schema=False)
async def modules_page(
    request: Request[Any, Any, Any], enablement: NamedDependency[EnablementService]
) -> Template:
    """The modules of the current platform and why each is (not) enabled."""
    platform = await request_tenancy(request).platform()
    statuses = await enablement.status(platform.id)
    return await render_page(
        request,
        "tenancy/modules.html",
        FrontendType.ADMIN,
        {
            "modules": statuses,
            "page_title": "Modules",
        },
    )


@get(
    "/api/v1/admin/modules",
    opt=requires("modules.view"),
    tags=["modules"],
    summary="Modules of the current platform",
    operation_id="listModules",
)
async def modules_json(
    request: Request[Any, Any, Any], enablement: NamedDependency[EnablementService]
) -> list[ModuleStatusOut]:
    """Every installed module: kind, requirements, enabled, and the reason."""
    platform = await request_tenancy(request).platform()
    return [_status(s) for s in await enablement.status(platform.id)]


async def _change(
    request: Request[Any, Any, Any],
    enablement: NamedDependency[EnablementService],
    code: str,
    enable: bool,
) -> EnablementChangeOut:
    platform = await request_tenancy(request).platform()
    registry = request.app.state["registry"]
    if code not in registry and code not in registry.quarantined:  # broken: 409 below
        raise NotFoundException(f"no installed module is called '{code}'")
    change = await (enablement.enable if enable else enablement.disable)(platform.id, code)
    return EnablementChangeOut(
        change.module, list(change.changed), list(change.also_enabled), change.message
    )


@post(
    "/api/v1/admin/modules/{module:str}/enable",
    opt=requires("modules.manage"),
    tags=["modules"],
    summary="Enable a module (and what it requires) on the current platform",
    status_code=200,
    raises=[ConflictException],
)
async def enable_module(
    request: Request[Any, Any, Any],
    enablement: NamedDependency[EnablementService],
    module: FromPath[str],
) -> EnablementChangeOut:
    """Enable ``module``; the answer names the modules that were enabled along with it; 409
    for a broken (quarantined) module."""
    return await _change(request, enablement, module, True)


@post(
    "/api/v1/admin/modules/{module:str}/disable",
    opt=requires("modules.manage"),
    tags=["modules"],
    summary="Disable a module on the current platform",
    status_code=200,
    raises=[ConflictException],
)
async def disable_module(
    request: Request[Any, Any, Any],
    enablement: NamedDependency[EnablementService],
    module: FromPath[str],
) -> EnablementChangeOut:
    """Disable ``module``; 409 for a core module or one that enabled modules require."""
    return await _change(request, enablement, module, False)


WEB = ModuleWeb(
    handlers=[
        platforms_page,
        platforms_json,
        modules_page,
        modules_json,
        enable_module,
        disable_module,
        *AUTH_HANDLERS,
        *PASSWORD_HANDLERS,
        *MAILBOX_HANDLERS,
        *STOREFRONT_HANDLERS,
        *web_admin_platforms.HANDLERS,
        *web_admin_directory.HANDLERS,
        *web_admin_people.HANDLERS,
        *web_admin_menus.HANDLERS,
        *api_admin_directory.HANDLERS,
        *api_admin_people.HANDLERS,
        *api_admin_platforms.HANDLERS,
        *api_admin_menus.HANDLERS,
        *web_vendor_team.HANDLERS,
        *web_vendor_roles.HANDLERS,
        *web_vendor_access.HANDLERS,
        *api_vendor_team.HANDLERS,
        *api_vendor_roles.HANDLERS,
        *api_vendor_access.HANDLERS,
    ],
    dependencies={
        "platforms": "platforms",
        "enablement": "enablement",
        "identity": "identity",
        "teams": "teams",
        "access": "access",
        "tokens": "tokens",
        "vendors": "vendors",
        "companies": "companies",
        "domains": "domains",
        "storefronts": "storefronts",
        "menu_config": "menu_config",
        "administration": "administration",
        "passwords": "passwords",
        "mailbox": "mailbox",
    },
)
