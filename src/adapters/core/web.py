"""The core module's routes: the admin and vendor dashboards (pages and JSON), the menu API."""

from typing import Annotated, Any

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath, Parameter
from litestar.response import Template

from mercato.adapters.core.web_events import HANDLERS as EVENT_HANDLERS
from mercato.adapters.web.dto import DashboardOut, MenuOut, dashboard_out, menu_out
from mercato.adapters.web.guards import requires
from mercato.adapters.web.link_gate import LinkGate
from mercato.adapters.web.module import ModuleWeb
from mercato.adapters.web.pages import render_page
from mercato.adapters.web.tenancy import ScopeKind, request_tenancy
from mercato.domain.core.aggregators import Dashboard, DashboardService
from mercato.domain.core.menus import MenuService
from mercato.domain.kernel.enums import FrontendType
from mercato.ports.errors import InvalidInput

__all__ = ["WEB"]

Slug = FromPath[str]


async def _board(
    request: Request[Any, Any, Any], dashboard: DashboardService, kind: ScopeKind
) -> Dashboard:
    """The dashboard of the admin or of the request's vendor, as this viewer may see it: the
    modules they hold a permission of, and only the links whose routes would let them in."""
    tenancy = request_tenancy(request)
    viewer = (await tenancy.principal(kind)).permissions
    scope = await tenancy.scope(vendor=kind == "vendor")
    board = await dashboard.dashboard(scope, await tenancy.enabled(), viewer)
    return board.with_links((await LinkGate.of(request, kind)).allows)


@get("/admin/", opt=requires("dashboard.view"), include_in_schema=False)
async def admin_dashboard(
    request: Request[Any, Any, Any], dashboard: NamedDependency[DashboardService]
) -> Template:
    """The admin dashboard of the current platform."""
    board = await _board(request, dashboard, "platform")
    return await render_page(
        request,
        "core/dashboard.html",
        FrontendType.ADMIN,
        {"dashboard": board, "page_title": "Dashboard"},
    )


@get("/vendor/{vendor:str}/", opt=requires("dashboard.view", "vendor"), include_in_schema=False)
async def vendor_dashboard(
    request: Request[Any, Any, Any], vendor: Slug, dashboard: NamedDependency[DashboardService]
) -> Template:
    """The dashboard of one vendor: its own numbers only."""
    board = await _board(request, dashboard, "vendor")
    return await render_page(
        request,
        "core/dashboard.html",
        FrontendType.VENDOR,
        {
            "dashboard": board,
            "page_title": f"{(await request_tenancy(request).vendor()).name}: dashboard",
        },
    )


@get(
    "/api/v1/admin/dashboard",
    opt=requires("dashboard.view"),
    tags=["dashboard"],
    summary="The admin dashboard of the current platform",
    operation_id="getAdminDashboard",
)
async def admin_dashboard_json(
    request: Request[Any, Any, Any], dashboard: NamedDependency[DashboardService]
) -> DashboardOut:
    """Metrics and widgets of every enabled module, one slot per module."""
    return dashboard_out(await _board(request, dashboard, "platform"))


@get(
    "/api/v1/vendors/{vendor:str}/dashboard",
    opt=requires("dashboard.view", "vendor"),
    tags=["dashboard"],
    summary="The dashboard of one vendor",
    operation_id="getVendorDashboard",
)
async def vendor_dashboard_json(
    request: Request[Any, Any, Any], vendor: Slug, dashboard: NamedDependency[DashboardService]
) -> DashboardOut:
    """The vendor's own metrics and widgets."""
    return dashboard_out(await _board(request, dashboard, "vendor"))


async def _menu(
    request: Request[Any, Any, Any],
    menus: MenuService,
    frontend: FrontendType,
    kind: ScopeKind,
    vendor: str | None,
) -> MenuOut:
    tenancy = request_tenancy(request)
    scope = await tenancy.scope()
    principal = await tenancy.principal(kind)
    groups = await menus.menu(scope, frontend, principal, vendor, await tenancy.enabled())
    return menu_out(scope.platform_code, frontend.value, groups)


@get(
    "/api/v1/admin/menu",
    opt=requires("dashboard.view"),
    tags=["menu"],
    summary="The menu of a platform frontend for the caller",
    operation_id="getMenu",
)
async def menu_json(
    request: Request[Any, Any, Any],
    menus: NamedDependency[MenuService],
    frontend: Annotated[
        FrontendType, Parameter(description="admin, platform or storefront")
    ] = FrontendType.ADMIN,
) -> MenuOut:
    """Menu sections of the enabled modules, filtered by permission and configuration.

    The vendor frontend's menu depends on the vendor: ask ``/api/v1/vendors/{vendor}/menu``.
    """
    if frontend is FrontendType.VENDOR:
        raise InvalidInput(
            "the vendor menu depends on the vendor: use /api/v1/vendors/{vendor}/menu",
            "frontend",
        )
    return await _menu(request, menus, frontend, "platform", None)


@get(
    "/api/v1/vendors/{vendor:str}/menu",
    opt=requires("dashboard.view", "vendor"),
    tags=["menu"],
    summary="The vendor frontend's menu for the caller",
    operation_id="getVendorMenu",
)
async def vendor_menu_json(
    request: Request[Any, Any, Any], vendor: Slug, menus: NamedDependency[MenuService]
) -> MenuOut:
    """The vendor menu, filtered by the caller's permissions in this vendor."""
    return await _menu(request, menus, FrontendType.VENDOR, "vendor", vendor)


WEB = ModuleWeb(
    handlers=[
        admin_dashboard,
        vendor_dashboard,
        admin_dashboard_json,
        vendor_dashboard_json,
        menu_json,
        vendor_menu_json,
        *EVENT_HANDLERS,
    ],
    dependencies={"dashboard": "dashboard", "menus": "menus", "outbox": "outbox"},
)
