"""The admin JSON API of menu configuration: the current platform's admin and vendor menus."""

from typing import Any

import msgspec
from litestar import Request, get, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from mercato.adapters.tenancy._admin_common import API
from mercato.adapters.tenancy.inputs import ApiIn
from mercato.adapters.web.guards import requires
from mercato.adapters.web.tenancy import request_tenancy
from mercato.domain.tenancy.menus import ConfigurableMenuItem, MenuConfigurationService

__all__ = ["HANDLERS"]


class MenuItemConfigOut(msgspec.Struct):
    id: str
    label: str
    section: str
    module: str
    route: str
    mandatory: bool
    hidden: bool


class MenuHiddenIn(ApiIn):
    hidden: bool


def _menu_item(i: ConfigurableMenuItem) -> MenuItemConfigOut:
    return MenuItemConfigOut(i.id, i.label, i.section, i.module, i.route, i.mandatory, i.hidden)


@get(
    f"{API}/menus/{{frontend:str}}",
    opt=requires("menus.manage"),
    tags=["menus"],
    operation_id="listMenuItems",
)
async def menu_items(
    request: Request[Any, Any, Any],
    frontend: FromPath[str],
    menu_config: NamedDependency[MenuConfigurationService],
) -> list[MenuItemConfigOut]:
    """The menu items of the enabled modules on ``admin`` or ``vendor``, each hidden or not."""
    platform = await request_tenancy(request).platform()
    items = await menu_config.items(platform.id, menu_config.frontend(frontend))
    return [_menu_item(i) for i in items]


@put(f"{API}/menus/{{frontend:str}}/{{item_id:str}}", opt=requires("menus.manage"), tags=["menus"])
async def set_menu_item_hidden(
    request: Request[Any, Any, Any],
    frontend: FromPath[str],
    item_id: FromPath[str],
    data: JSONBody[MenuHiddenIn],
    menu_config: NamedDependency[MenuConfigurationService],
) -> MenuItemConfigOut:
    """Hide or show one item on the current platform; 400 for a mandatory item."""
    platform = await request_tenancy(request).platform()
    chosen = menu_config.frontend(frontend)
    return _menu_item(await menu_config.set_hidden(platform.id, chosen, item_id, data.hidden))


HANDLERS = [menu_items, set_menu_item_hidden]
