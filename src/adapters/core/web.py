"""The core module's routes: the admin dashboard (page and JSON) and the menu API."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.params import Parameter
from litestar.response import Template

from adapters.web.dto import DashboardOut, MenuOut, dashboard_out, menu_out
from adapters.web.guards import requires
from adapters.web.module import ModuleWeb
from adapters.web.pages import render_page
from adapters.web.tenancy import request_tenancy
from domain.core.aggregators import DashboardService
from domain.core.menus import MenuService
from domain.kernel.enums import FrontendType

__all__ = ["WEB"]


@get("/admin/", opt=requires("dashboard.view"), include_in_schema=False)
async def admin_dashboard(
    request: Request[Any, Any, Any], dashboard: NamedDependency[DashboardService]
) -> Template:
    """The admin dashboard of the current platform."""
    tenancy = request_tenancy(request)
    board = await dashboard.dashboard(await tenancy.scope(), await tenancy.enabled())
    return await render_page(
        request,
        "core/dashboard.html",
        FrontendType.ADMIN,
        {"dashboard": board, "page_title": "Dashboard"},
    )


@get(
    "/api/v1/admin/dashboard",
    opt=requires("dashboard.view"),
    tags=["dashboard"],
    summary="The admin dashboard of the current platform",
)
async def admin_dashboard_json(
    request: Request[Any, Any, Any], dashboard: NamedDependency[DashboardService]
) -> DashboardOut:
    """Metrics and widgets of every enabled module, one slot per module."""
    tenancy = request_tenancy(request)
    return dashboard_out(await dashboard.dashboard(await tenancy.scope(), await tenancy.enabled()))


@get(
    "/api/v1/admin/menu",
    opt=requires("dashboard.view"),
    tags=["menu"],
    summary="The menu of a frontend for the caller",
)
async def menu_json(
    request: Request[Any, Any, Any],
    menus: NamedDependency[MenuService],
    frontend: Annotated[
        FrontendType, Parameter(description="admin, vendor, platform or storefront")
    ] = FrontendType.ADMIN,
    vendor: Annotated[str | None, Parameter(description="vendor slug for vendor routes")] = None,
) -> MenuOut:
    """Menu sections of the enabled modules, filtered by permission and configuration."""
    tenancy = request_tenancy(request)
    scope = await tenancy.scope()
    principal = await tenancy.principal()
    groups = await menus.menu(scope, frontend, principal, vendor, await tenancy.enabled())
    return menu_out(scope.platform_code, frontend.value, groups)


WEB = ModuleWeb(
    handlers=[admin_dashboard, admin_dashboard_json, menu_json],
    dependencies={"dashboard": "dashboard", "menus": "menus"},
)
