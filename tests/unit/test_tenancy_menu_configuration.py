"""Menu configuration: a platform hides menu items of its enabled modules, never mandatory ones."""

from __future__ import annotations

import pytest

from mercato.domain.kernel.enums import FrontendType
from mercato.domain.tenancy.menus import MandatoryMenuItemCannotBeHidden, MenuConfigurationService
from mercato.ports.errors import InvalidInput, NotFound
from tests.support.tenancy_kit import TenancyKit, tenancy_kit

pytestmark = pytest.mark.unit

ADMIN, VENDOR = FrontendType.ADMIN, FrontendType.VENDOR
NORTH, SOUTH = 1, 2


@pytest.fixture
def kit() -> TenancyKit:
    return tenancy_kit()


async def _hidden(kit: TenancyKit, frontend: FrontendType, platform_id: int = NORTH) -> set[str]:
    return {i.id for i in await kit.menu_config.items(platform_id, frontend) if i.hidden}


async def test_the_items_are_those_of_the_enabled_modules_in_module_order(kit: TenancyKit) -> None:
    items = await kit.menu_config.items(NORTH, VENDOR)

    assert [(i.module, i.section, i.id, i.mandatory) for i in items] == [
        ("core", "Main", "vendor-dashboard", True),
        ("tenancy", "Team", "team", False),
        ("tenancy", "Team", "roles", False),
        ("tenancy", "Team", "tokens", False),
        ("tenancy", "Team", "domains", False),
    ]
    assert not any(i.hidden for i in items)


async def test_a_module_enabled_on_the_platform_adds_its_items(kit: TenancyKit) -> None:
    await kit.enablement.enable(NORTH, "catalog")

    on_north = [i.id for i in await kit.menu_config.items(NORTH, ADMIN) if i.module == "catalog"]
    on_south = [i.id for i in await kit.menu_config.items(SOUTH, ADMIN) if i.module == "catalog"]

    assert on_north == ["products", "categories"]
    assert on_south == []


async def test_an_item_can_be_hidden_and_shown_again(kit: TenancyKit) -> None:
    hidden = await kit.menu_config.set_hidden(NORTH, VENDOR, "tokens", True)
    assert hidden.hidden
    assert await _hidden(kit, VENDOR) == {"tokens"}

    shown = await kit.menu_config.set_hidden(NORTH, VENDOR, "tokens", False)

    assert not shown.hidden
    assert await _hidden(kit, VENDOR) == set()


async def test_hiding_an_item_concerns_one_platform_and_one_frontend(kit: TenancyKit) -> None:
    await kit.menu_config.set_hidden(NORTH, ADMIN, "users", True)

    assert await _hidden(kit, ADMIN) == {"users"}
    assert await _hidden(kit, ADMIN, SOUTH) == set()
    assert await _hidden(kit, VENDOR) == set()


@pytest.mark.parametrize(
    ("frontend", "item"),
    [(ADMIN, "dashboard"), (ADMIN, "modules"), (ADMIN, "menus"), (VENDOR, "vendor-dashboard")],
)
async def test_a_mandatory_item_cannot_be_hidden(
    kit: TenancyKit, frontend: FrontendType, item: str
) -> None:
    with pytest.raises(MandatoryMenuItemCannotBeHidden):
        await kit.menu_config.set_hidden(NORTH, frontend, item, True)

    assert kit.menu_store.writes == []


async def test_a_mandatory_item_stays_shown_even_if_stored_as_hidden(kit: TenancyKit) -> None:
    kit.menu_store.hide(NORTH, ADMIN, ["menus", "users"])

    assert await _hidden(kit, ADMIN) == {"users"}


async def test_an_item_of_a_disabled_module_cannot_be_hidden(kit: TenancyKit) -> None:
    with pytest.raises(NotFound):
        await kit.menu_config.set_hidden(NORTH, ADMIN, "products", True)
    with pytest.raises(NotFound):
        await kit.menu_config.set_hidden(NORTH, ADMIN, "no-such-item", True)

    assert kit.menu_store.writes == []


async def test_configure_hides_exactly_the_items_given(kit: TenancyKit) -> None:
    await kit.menu_config.set_hidden(NORTH, ADMIN, "users", True)

    items = await kit.menu_config.configure(NORTH, ADMIN, ["companies", "admins"])

    assert {i.id for i in items if i.hidden} == {"companies", "admins"}
    assert await _hidden(kit, ADMIN) == {"companies", "admins"}


async def test_configure_writes_only_the_items_that_change(kit: TenancyKit) -> None:
    await kit.menu_config.set_hidden(NORTH, ADMIN, "users", True)
    kit.menu_store.writes.clear()

    await kit.menu_config.configure(NORTH, ADMIN, ["users", "vendors"])

    assert kit.menu_store.writes == [(NORTH, "admin", "vendors", True)]


@pytest.mark.parametrize(
    ("hidden", "error"),
    [(["users", "modules"], MandatoryMenuItemCannotBeHidden), (["users", "products"], NotFound)],
)
async def test_configure_is_refused_as_a_whole_before_any_change(
    kit: TenancyKit, hidden: list[str], error: type[Exception]
) -> None:
    await kit.menu_config.set_hidden(NORTH, ADMIN, "companies", True)
    kit.menu_store.writes.clear()

    with pytest.raises(error):
        await kit.menu_config.configure(NORTH, ADMIN, hidden)

    assert kit.menu_store.writes == []
    assert await _hidden(kit, ADMIN) == {"companies"}


@pytest.mark.parametrize("value", ["admin", "vendor"])
def test_the_admin_and_vendor_menus_are_configurable(value: str) -> None:
    assert MenuConfigurationService.frontend(value).value == value


@pytest.mark.parametrize("value", ["storefront", "platform", "Admin", ""])
def test_other_menus_are_not_configurable(value: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        MenuConfigurationService.frontend(value)

    assert caught.value.field == "frontend"


async def test_listing_the_storefront_menu_for_configuration_is_refused(kit: TenancyKit) -> None:
    with pytest.raises(InvalidInput):
        await kit.menu_config.items(NORTH, FrontendType.STOREFRONT)
