"""The rules every module definition must keep, checked before anything runs."""

from __future__ import annotations

import pytest

from domain.core.definition import MODULE as CORE
from domain.kernel.definition import (
    MenuItem,
    MenuSection,
    ModuleDefinition,
    PermissionDefinition,
    ScheduledTask,
    TaskDefinition,
)
from domain.kernel.enums import FrontendType, ModuleKind, RolePreset
from domain.kernel.errors import InvalidModuleDefinition
from domain.kernel.registry import ModuleRegistry
from domain.kernel.validation import validate_definitions
from domain.tenancy.definition import MODULE as TENANCY
from tests.support.modules import module

pytestmark = pytest.mark.unit


def _refused(*definitions: ModuleDefinition) -> InvalidModuleDefinition:
    with pytest.raises(InvalidModuleDefinition) as err:
        validate_definitions(definitions)
    return err.value


def _admin_menu(*items: MenuItem) -> dict[FrontendType, tuple[MenuSection, ...]]:
    return {FrontendType.ADMIN: (MenuSection("main", "Main", items=items),)}


def _with_task(cron: str = "0 * * * *", task: str = "sync") -> ModuleDefinition:
    return ModuleDefinition(
        code="feeds",
        name="Feeds",
        tasks=(TaskDefinition("sync", "adapters.feeds.tasks:sync"),),
        scheduled_tasks=(ScheduledTask("hourly-sync", cron, task),),
    )


def test_the_built_in_definitions_are_valid() -> None:
    validate_definitions([CORE, TENANCY])


def test_a_well_formed_module_using_every_feature_is_valid() -> None:
    shop = ModuleDefinition(
        code="shop",
        name="Shop",
        requires=("core",),
        permission_namespaces=("products", "stock"),
        permissions=(
            PermissionDefinition("products.edit", "Edit products"),
            PermissionDefinition("stock.adjust", "Adjust stock"),
        ),
        menus=_admin_menu(
            MenuItem("products", "Products", "/admin/products", permission="products.edit"),
            MenuItem("shop-dashboard", "Dashboard", "/admin/shop", permission="dashboard.view"),
        ),
        role_presets={RolePreset.OWNER: ("products.edit", "stock.adjust")},
        metrics_provider="domain.shop.metrics:ShopMetrics",
        context_providers={FrontendType.STOREFRONT: "domain.shop.context:ShopContext"},
        tasks=(TaskDefinition("reindex", "adapters.shop.tasks:reindex"),),
        scheduled_tasks=(ScheduledTask("nightly-reindex", "0 2 * * *", "reindex"),),
    )

    validate_definitions([CORE, shop])


def test_two_modules_with_the_same_code_are_refused() -> None:
    error = _refused(module("shop"), module("shop"))

    assert error.module == "shop"
    assert "module code 'shop' is declared twice" in str(error)


def test_a_code_that_is_not_snake_case_is_refused() -> None:
    error = _refused(ModuleDefinition(code="Shop-Front", name="Shop"))

    assert error.module == "Shop-Front"
    assert "must be snake_case" in str(error)


def test_a_module_without_a_name_is_refused() -> None:
    error = _refused(ModuleDefinition(code="shop", name="  "))

    assert "module 'shop'" in str(error)
    assert "name must not be empty" in str(error)


def test_a_module_requiring_itself_is_refused() -> None:
    error = _refused(module("shop", requires=("shop",)))

    assert "'shop'" in str(error)
    assert "cannot require itself" in str(error)


def test_a_permission_outside_the_module_namespace_is_refused() -> None:
    error = _refused(module("catalog", permissions=["catalog.view", "orders.refund"]))

    assert error.module == "catalog"
    assert "permission 'orders.refund' is not in the module's namespaces ['catalog']" in str(error)
    assert len(error.problems) == 1


def test_a_permission_without_an_action_is_refused() -> None:
    error = _refused(module("catalog", permissions=["catalog"]))

    assert "permission 'catalog' must look like 'namespace.action'" in str(error)


def test_a_permission_declared_twice_is_refused() -> None:
    error = _refused(module("catalog", permissions=["catalog.view", "catalog.view"]))

    assert "permission 'catalog.view' is declared twice" in str(error)


def test_a_namespace_used_by_two_modules_is_refused_naming_both() -> None:
    catalog = ModuleDefinition(code="catalog", name="Catalog", permission_namespaces=("products",))
    shop = ModuleDefinition(code="shop", name="Shop", permission_namespaces=("shop", "products"))

    error = _refused(catalog, shop)

    assert error.module == "shop"
    assert "permission namespace 'products' is already used by module 'catalog'" in str(error)


def test_a_namespace_equal_to_another_module_code_is_refused() -> None:
    impostor = ModuleDefinition(code="impostor", name="Impostor", permission_namespaces=("core",))

    error = _refused(CORE, module("core_like"), impostor)

    assert error.module == "impostor"
    assert "namespace 'core'" not in str(error)  # core declares dashboard/settings, not 'core'
    validate_definitions([module("shop"), impostor])
    refused = _refused(module("shop"), ModuleDefinition("other", "Other", permission_namespaces=("shop",)))
    assert "permission namespace 'shop' is already used by module 'shop'" in str(refused)
