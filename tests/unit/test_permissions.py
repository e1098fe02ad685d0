"""The permission catalogue: permissions and role presets of the enabled modules only."""

from __future__ import annotations

import pytest

from mercato.domain.kernel.enums import RolePreset
from mercato.domain.kernel.permissions import PermissionCatalogue
from mercato.ports.permissions import PermissionChecker, Principal
from tests.support.modules import kernel, module

pytestmark = pytest.mark.unit

OWNER, MANAGER, STAFF, VIEWER = (
    RolePreset.OWNER,
    RolePreset.MANAGER,
    RolePreset.STAFF,
    RolePreset.VIEWER,
)

MODULES = (
    module(
        "core",
        core=True,
        permissions=["core.view", "core.settings"],
        presets={OWNER: ["core.view", "core.settings"], STAFF: ["core.view"]},
    ),
    module(
        "catalog",
        permissions=["catalog.view", "catalog.edit"],
        presets={OWNER: ["catalog.view", "catalog.edit"], MANAGER: ["catalog.edit"]},
    ),
    module("orders", permissions=["orders.refund"], presets={OWNER: ["orders.refund"]}),
)


def _catalogue(*enabled: str):  # type: ignore[no-untyped-def]
    registry, enablement, _ = kernel(*MODULES, enabled={1: set(enabled)})
    return PermissionCatalogue(registry, enablement), enablement


async def test_the_catalogue_lists_the_permissions_of_enabled_modules_only() -> None:
    catalogue, _ = _catalogue("catalog")

    listed = [(p.module, p.permission.code) for p in await catalogue.permissions(1)]

    assert listed == [
        ("core", "core.view"),
        ("core", "core.settings"),
        ("catalog", "catalog.view"),
        ("catalog", "catalog.edit"),
    ]


async def test_presets_are_computed_from_enabled_modules_only() -> None:
    catalogue, _ = _catalogue("catalog")

    presets = await catalogue.presets(1)

    assert presets == {
        OWNER: {"core.view", "core.settings", "catalog.view", "catalog.edit"},
        MANAGER: {"catalog.edit"},
        STAFF: {"core.view"},
        VIEWER: frozenset(),
    }


async def test_enabling_a_module_later_adds_its_permissions_to_the_presets() -> None:
    catalogue, enablement = _catalogue()
    assert "orders.refund" not in (await catalogue.presets(1))[OWNER]

    await enablement.enable(1, "orders")

    assert "orders.refund" in (await catalogue.presets(1))[OWNER]
    assert "orders.refund" not in (await catalogue.presets(2))[OWNER]


async def test_disabling_a_module_removes_its_permissions_from_the_presets() -> None:
    catalogue, enablement = _catalogue("orders")

    await enablement.disable(1, "orders")

    assert (await catalogue.presets(1))[OWNER] == {"core.view", "core.settings"}


def test_a_principal_holding_a_permission_of_an_enabled_module_is_allowed() -> None:
    catalogue, _ = _catalogue()
    editor = Principal("u1", "Editor", frozenset({"catalog.edit"}))

    assert catalogue.allows(editor, "catalog.edit", frozenset({"core", "catalog"}))
    assert not catalogue.allows(editor, "catalog.view", frozenset({"core", "catalog"}))


def test_a_permission_of_a_disabled_module_grants_nothing_even_to_a_super_admin() -> None:
    catalogue, _ = _catalogue()
    editor = Principal("u1", "Editor", frozenset({"catalog.edit"}))
    enabled = frozenset({"core"})

    assert not catalogue.allows(editor, "catalog.edit", enabled)
    assert not catalogue.allows(Principal.system(), "catalog.edit", enabled)
    assert catalogue.allows(Principal.system(), "core.settings", enabled)


def test_a_permission_no_module_declares_grants_nothing() -> None:
    catalogue, _ = _catalogue()

    assert not catalogue.allows(Principal.system(), "payments.capture", frozenset({"core"}))


def test_the_catalogue_is_a_permission_checker() -> None:
    catalogue, _ = _catalogue()

    assert isinstance(catalogue, PermissionChecker)
