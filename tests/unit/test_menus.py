"""Menus per frontend: merged from the enabled modules, filtered for the viewer and platform."""

from __future__ import annotations

import pytest

from mercato.domain.core.menus import MenuEntry, MenuGroup, MenuService
from mercato.domain.kernel.definition import (
    MenuItem,
    MenuSection,
    ModuleDefinition,
    PermissionDefinition,
)
from mercato.domain.kernel.enums import FrontendType, ModuleKind
from mercato.ports.permissions import Principal
from mercato.ports.platforms import MenuConfiguration, NullMenuConfiguration
from mercato.ports.scope import Scope
from tests.support.fakes import FakeMenuConfiguration
from tests.support.modules import kernel

pytestmark = pytest.mark.unit

SCOPE = Scope(platform_id=1, platform_code="main")
ADMIN = FrontendType.ADMIN
VENDOR = FrontendType.VENDOR
EVERYTHING = Principal.system()

CORE = ModuleDefinition(
    code="core",
    name="Core",
    kind=ModuleKind.CORE,
    permissions=(PermissionDefinition("core.dashboard", "Dashboard"),),
    menus={
        ADMIN: (
            MenuSection(
                "main",
                "Main",
                order=0,
                items=(
                    MenuItem("dashboard", "Dashboard", "/admin/", order=0, mandatory=True),
                    MenuItem("help", "Help", "/admin/help", order=90),
                ),
            ),
        ),
        VENDOR: (
            MenuSection(
                "main",
                "Main",
                order=0,
                items=(
                    MenuItem(
                        "vendor-dashboard",
                        "Dashboard",
                        "/vendor/{vendor}/",
                        permission="core.dashboard",
                        mandatory=True,
                    ),
                ),
            ),
        ),
    },
)
CATALOG = ModuleDefinition(
    code="catalog",
    name="Catalog",
    permissions=(
        PermissionDefinition("catalog.view", "View"),
        PermissionDefinition("catalog.admin", "Administer"),
    ),
    menus={
        ADMIN: (
            MenuSection(
                "main",
                "Main (catalog's label)",
                order=50,
                items=(MenuItem("products", "Products", "/admin/products", order=10),),
            ),
            MenuSection(
                "catalog",
                "Catalog",
                order=20,
                items=(
                    MenuItem(
                        "categories", "Categories", "/admin/categories", permission="catalog.view"
                    ),
                    MenuItem(
                        "import", "Import", "/admin/import", order=5, permission="catalog.admin"
                    ),
                ),
            ),
        ),
        VENDOR: (
            MenuSection(
                "products",
                "Products",
                items=(
                    MenuItem(
                        "vendor-products",
                        "Products",
                        "/vendor/{vendor}/products",
                        icon="box",
                        permission="catalog.view",
                    ),
                ),
            ),
        ),
    },
)
BLOG = ModuleDefinition(
    code="blog",
    name="Blog",
    menus={
        ADMIN: (
            MenuSection(
                "content",
                "Content",
                order=20,
                items=(MenuItem("posts", "Posts", "/admin/posts"),),
            ),
        )
    },
)


def _service(enabled: set[str], configuration: MenuConfiguration | None = None) -> MenuService:
    registry, enablement, _ = kernel(CORE, CATALOG, BLOG, enabled={1: enabled})
    return MenuService(registry, enablement, configuration or NullMenuConfiguration())


def _ids(groups: tuple[MenuGroup, ...]) -> dict[str, list[str]]:
    return {g.id: [e.id for e in g.items] for g in groups}


async def test_sections_with_the_same_id_merge_across_modules() -> None:
    menu = await _service({"catalog"}).menu(SCOPE, ADMIN, EVERYTHING)

    main = next(g for g in menu if g.id == "main")
    assert [(e.id, e.module) for e in main.items] == [
        ("dashboard", "core"),
        ("products", "catalog"),
        ("help", "core"),
    ]


async def test_a_merged_section_takes_order_and_label_from_the_first_module() -> None:
    menu = await _service({"catalog"}).menu(SCOPE, ADMIN, EVERYTHING)

    assert menu[0].id == "main"
    assert menu[0].label == "Main"


async def test_sections_and_items_are_ordered_by_order_then_label() -> None:
    menu = await _service({"catalog", "blog"}).menu(SCOPE, ADMIN, EVERYTHING)

    assert _ids(menu) == {
        "main": ["dashboard", "products", "help"],
        "catalog": ["import", "categories"],
        "content": ["posts"],
    }
    assert [g.id for g in menu] == ["main", "catalog", "content"]


async def test_items_with_the_same_order_and_label_keep_module_order() -> None:
    def settings_of(code: str) -> ModuleDefinition:
        item = MenuItem(f"{code}-settings", "Settings", f"/admin/{code}/settings")
        return ModuleDefinition(
            code=code, name=code, menus={ADMIN: (MenuSection("settings", "Settings", (item,)),)}
        )

    registry, enablement, _ = kernel(
        CORE, settings_of("zoo"), settings_of("ant"), enabled={1: {"zoo", "ant"}}
    )
    service = MenuService(registry, enablement, NullMenuConfiguration())

    menu = await service.menu(SCOPE, ADMIN, EVERYTHING)

    assert _ids(menu)["settings"] == ["ant-settings", "zoo-settings"]


async def test_items_needing_a_permission_the_viewer_lacks_are_left_out() -> None:
    viewer = Principal("u1", "Viewer", frozenset({"catalog.view"}))

    menu = await _service({"catalog"}).menu(SCOPE, ADMIN, viewer)

    assert _ids(menu)["catalog"] == ["categories"]


async def test_a_section_whose_items_are_all_filtered_out_is_left_out() -> None:
    menu = await _service({"catalog"}).menu(SCOPE, ADMIN, Principal.anonymous())

    assert _ids(menu) == {"main": ["dashboard", "products", "help"]}


async def test_hidden_items_are_left_out_but_mandatory_items_stay() -> None:
    configuration = FakeMenuConfiguration()
    configuration.hide(1, ADMIN, {"products", "help", "dashboard"})

    menu = await _service({"catalog"}, configuration).menu(SCOPE, ADMIN, EVERYTHING)

    assert _ids(menu)["main"] == ["dashboard"]


async def test_hiding_applies_to_one_platform_and_one_frontend() -> None:
    configuration = FakeMenuConfiguration()
    configuration.hide(2, ADMIN, {"products"})
    configuration.hide(1, VENDOR, {"products"})

    menu = await _service({"catalog"}, configuration).menu(SCOPE, ADMIN, EVERYTHING)

    assert "products" in _ids(menu)["main"]


async def test_the_vendor_placeholder_is_filled_in() -> None:
    menu = await _service({"catalog"}).menu(SCOPE, VENDOR, EVERYTHING, vendor_slug="acme")

    entries = {e.id: e for g in menu for e in g.items}
    assert entries["vendor-dashboard"].url == "/vendor/acme/"
    assert entries["vendor-products"] == MenuEntry(
        "vendor-products", "Products", "/vendor/acme/products", "box", "catalog", False
    )


async def test_a_disabled_module_contributes_nothing() -> None:
    menu = await _service({"blog"}).menu(SCOPE, ADMIN, EVERYTHING)

    assert _ids(menu) == {"main": ["dashboard", "help"], "content": ["posts"]}
    vendor = await _service({"blog"}).menu(SCOPE, VENDOR, EVERYTHING, vendor_slug="acme")
    assert _ids(vendor) == {"main": ["vendor-dashboard"]}


async def test_a_frontend_no_module_contributes_to_has_an_empty_menu() -> None:
    menu = await _service({"catalog", "blog"}).menu(SCOPE, FrontendType.STOREFRONT, EVERYTHING)

    assert menu == ()


async def test_configurable_items_list_every_item_with_whether_it_is_hidden() -> None:
    configuration = FakeMenuConfiguration()
    configuration.hide(1, ADMIN, {"dashboard", "posts"})

    items = await _service({"blog"}, configuration).configurable_items(SCOPE, ADMIN)

    assert items == (
        ("dashboard", "Dashboard", True, False),
        ("help", "Help", False, False),
        ("posts", "Posts", False, True),
    )
