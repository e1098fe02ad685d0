"""Module definitions are frozen, declarative data."""

from __future__ import annotations

import dataclasses

import pytest

from mercato.domain.kernel.definition import (
    MenuItem,
    MenuSection,
    ModuleDefinition,
    PermissionDefinition,
    TaskDefinition,
)
from mercato.domain.kernel.enums import FrontendType, ModuleKind, RolePreset

pytestmark = pytest.mark.unit


def _shop() -> ModuleDefinition:
    return ModuleDefinition(
        code="shop",
        name="Shop",
        permissions=(PermissionDefinition("shop.view", "View"),),
        menus={
            FrontendType.ADMIN: (
                MenuSection("a", "A", items=(MenuItem("one", "One", "/1"),)),
                MenuSection("b", "B", items=(MenuItem("two", "Two", "/2"),)),
            )
        },
        role_presets={RolePreset.OWNER: ("shop.view",)},
        tasks=(TaskDefinition("reindex", "mercato.adapters.shop.tasks:reindex"),),
    )


def test_a_definition_cannot_be_changed_once_made() -> None:
    shop = _shop()

    with pytest.raises(dataclasses.FrozenInstanceError):
        shop.code = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        shop.menus[FrontendType.VENDOR] = ()  # type: ignore[index]
    with pytest.raises(TypeError):
        shop.role_presets[RolePreset.STAFF] = ("shop.view",)  # type: ignore[index]


def test_changing_the_mapping_a_definition_was_made_from_does_not_change_it() -> None:
    presets = {RolePreset.OWNER: ("shop.view",)}
    shop = ModuleDefinition(code="shop", name="Shop", role_presets=presets)

    presets[RolePreset.STAFF] = ("shop.view",)

    assert set(shop.role_presets) == {RolePreset.OWNER}


def test_a_module_permission_namespace_defaults_to_its_code() -> None:
    assert _shop().permission_namespaces == ("shop",)
    assert ModuleDefinition(
        "shop", "Shop", permission_namespaces=("products",)
    ).permission_namespaces == ("products",)


def test_a_module_is_optional_unless_declared_core() -> None:
    assert not _shop().is_core
    assert ModuleDefinition("core", "Core", kind=ModuleKind.CORE).is_core


def test_a_permission_namespace_is_the_part_before_the_first_dot() -> None:
    assert PermissionDefinition("products.variants.edit", "Edit").namespace == "products"


def test_a_definition_lists_its_menu_items_across_sections() -> None:
    shop = _shop()

    assert [i.id for i in shop.menu_items(FrontendType.ADMIN)] == ["one", "two"]
    assert shop.menu_items(FrontendType.VENDOR) == ()


def test_a_definition_finds_its_tasks_by_name() -> None:
    shop = _shop()

    assert shop.task("reindex") == TaskDefinition("reindex", "mercato.adapters.shop.tasks:reindex")
    assert shop.task("missing") is None
    assert shop.permission_codes() == {"shop.view"}
