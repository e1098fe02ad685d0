"""The admin page configuring the admin and vendor menus of the current platform."""

from typing import Any

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template

from mercato.adapters.tenancy._admin_common import render, status_of
from mercato.adapters.web.forms import read_form, redirect_with_notice
from mercato.adapters.web.guards import requires
from mercato.adapters.web.tenancy import request_tenancy
from mercato.domain.tenancy.menus import CONFIGURABLE_FRONTENDS, MenuConfigurationService
from mercato.ports.errors import DomainError

__all__ = ["HANDLERS"]


@get("/admin/menus", opt=requires("menus.manage"), include_in_schema=False)
async def menus_page(
    request: Request[Any, Any, Any], menu_config: NamedDependency[MenuConfigurationService]
) -> Template:
    """The admin and vendor menus' items of the enabled modules, each shown or hidden."""
    platform = await request_tenancy(request).platform()
    menus = [(f, await menu_config.items(platform.id, f)) for f in CONFIGURABLE_FRONTENDS]
    return await render(request, "menus.html", {"page_title": "Menus", "menus": menus})


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
        return await render(request, "menus.html", context, status_of(exc))
    return redirect_with_notice("/admin/menus", f"Saved the {chosen.value} menu.")


HANDLERS = [menus_page, configure_menu]
