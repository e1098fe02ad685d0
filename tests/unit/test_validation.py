"""The rules every module definition must keep, checked before anything runs."""

from __future__ import annotations

import pytest

from mercato.domain.core.definition import MODULE as CORE
from mercato.domain.kernel.definition import (
    MenuItem,
    MenuSection,
    ModuleDefinition,
    PermissionDefinition,
    ScheduledTask,
    TaskDefinition,
)
from mercato.domain.kernel.enums import FrontendType, ModuleKind, RolePreset
from mercato.domain.kernel.errors import InvalidModuleDefinition
from mercato.domain.kernel.registry import ModuleRegistry
from mercato.domain.kernel.validation import validate_definitions
from mercato.domain.tenancy.definition import MODULE as TENANCY
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
        tasks=(TaskDefinition("sync", "mercato.adapters.feeds.tasks:sync"),),
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
        metrics_provider="mercato.domain.shop.metrics:ShopMetrics",
        context_providers={FrontendType.STOREFRONT: "mercato.domain.shop.context:ShopContext"},
        tasks=(TaskDefinition("reindex", "mercato.adapters.shop.tasks:reindex"),),
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
    other = ModuleDefinition(code="other", name="Other", permission_namespaces=("shop",))

    error = _refused(module("shop"), other)

    assert error.module == "other"
    assert "permission namespace 'shop' is already used by module 'shop'" in str(error)


def test_the_same_menu_item_id_in_two_modules_is_refused() -> None:
    first = module("catalog", menu=[("settings", None)])
    second = module("orders", menu=[("settings", None)])

    error = _refused(first, second)

    assert error.module == "orders"
    assert "menu item id 'settings' (admin) is already used by module 'catalog'" in str(error)


def test_the_same_menu_item_id_on_two_frontends_is_allowed() -> None:
    item = MenuItem("products", "Products", "/products")
    shop = ModuleDefinition(
        code="shop",
        name="Shop",
        menus={
            FrontendType.ADMIN: (MenuSection("main", "Main", items=(item,)),),
            FrontendType.VENDOR: (MenuSection("main", "Main", items=(item,)),),
        },
    )

    validate_definitions([shop])


def test_a_menu_item_needing_a_permission_nobody_declares_is_refused() -> None:
    error = _refused(
        module("orders", permissions=["orders.view"], menu=[("refunds", "refunds.do")])
    )

    assert error.module == "orders"
    assert "menu item 'refunds' needs permission 'refunds.do'" in str(error)
    assert "neither this module nor a module it requires declares" in str(error)


def test_a_menu_item_may_need_a_permission_of_a_module_required_indirectly() -> None:
    base = module("base", permissions=["base.view"])
    middle = module("middle", requires=("base",))
    top = module("top", requires=("middle",), menu=[("top-home", "base.view")])

    validate_definitions([base, middle, top])


def test_a_menu_item_may_not_need_a_permission_of_a_module_it_does_not_require() -> None:
    error = _refused(
        module("billing", permissions=["billing.view"]),
        module("orders", menu=[("invoices", "billing.view")]),
    )

    assert error.module == "orders"
    assert "'billing.view'" in str(error)


def test_a_role_preset_naming_an_unknown_permission_is_refused() -> None:
    error = _refused(
        module(
            "catalog",
            permissions=["catalog.view"],
            presets={RolePreset.STAFF: ["catalog.view", "catalog.delete"]},
        )
    )

    assert error.module == "catalog"
    assert "role preset 'staff' names unknown permission 'catalog.delete'" in str(error)


def test_a_role_preset_may_not_hold_a_permission_only_super_admins_hold() -> None:
    ops = ModuleDefinition(
        code="ops",
        name="Ops",
        permissions=(PermissionDefinition("ops.run", "Run", super_admin_only=True),),
        role_presets={RolePreset.OWNER: ("ops.run",)},
    )

    error = _refused(ops)

    assert "role preset 'owner' names 'ops.run', which only super admins hold" in str(error)


def test_a_role_preset_may_not_grant_another_module_permission() -> None:
    error = _refused(
        module("core", core=True, permissions=["core.view"]),
        module("shop", requires=("core",), presets={RolePreset.OWNER: ["core.view"]}),
    )

    assert error.module == "shop"
    assert "unknown permission 'core.view'" in str(error)


def test_a_scheduled_task_naming_an_undeclared_task_is_refused() -> None:
    error = _refused(_with_task(task="resync"))

    assert error.module == "feeds"
    assert "scheduled task 'hourly-sync' names undeclared task 'resync'" in str(error)


@pytest.mark.parametrize(
    "cron", ["61 * * * *", "* * * *", "every hour", "0 0 * * * *", "* * 32 * *"]
)
def test_a_scheduled_task_with_an_invalid_cron_expression_is_refused(cron: str) -> None:
    error = _refused(_with_task(cron=cron))

    assert error.module == "feeds"
    assert f"scheduled task 'hourly-sync' has invalid cron expression '{cron}'" in str(error)


def test_a_scheduled_task_without_a_positive_timeout_is_refused() -> None:
    feeds = ModuleDefinition(
        code="feeds",
        name="Feeds",
        tasks=(TaskDefinition("sync", "mercato.adapters.feeds.tasks:sync"),),
        scheduled_tasks=(ScheduledTask("hourly-sync", "0 * * * *", "sync", timeout_seconds=0),),
    )

    assert "needs a positive timeout" in str(_refused(feeds))


def test_two_tasks_with_the_same_name_are_refused() -> None:
    feeds = ModuleDefinition(
        code="feeds",
        name="Feeds",
        tasks=(TaskDefinition("sync", "a.b:c"), TaskDefinition("sync", "a.b:d")),
    )

    assert "task names must be unique within the module" in str(_refused(feeds))


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("metrics_provider", "metrics_provider"),
        ("widget_provider", "widget_provider"),
        ("wiring", "wiring"),
        ("routes", "routes"),
    ],
)
@pytest.mark.parametrize(
    "ref", ["domain.shop.metrics.ShopMetrics", "domain.shop:", ":Shop", "1x:y"]
)
def test_a_reference_that_is_not_package_module_attribute_is_refused(
    field: str, label: str, ref: str
) -> None:
    shop = ModuleDefinition(code="shop", name="Shop", **{field: ref})  # type: ignore[arg-type]

    error = _refused(shop)

    assert error.module == "shop"
    assert f"{label} reference '{ref}' must look like 'package.module:attribute'" in str(error)


def test_a_malformed_context_provider_or_task_reference_is_refused() -> None:
    shop = ModuleDefinition(
        code="shop",
        name="Shop",
        context_providers={FrontendType.VENDOR: "mercato.domain.shop.context"},
        tasks=(TaskDefinition("reindex", "adapters/shop/tasks.py"),),
    )

    error = _refused(shop)

    assert "context provider for vendor reference 'mercato.domain.shop.context'" in str(error)
    assert "task 'reindex' reference 'adapters/shop/tasks.py'" in str(error)


def test_a_core_module_requiring_an_optional_module_is_refused() -> None:
    error = _refused(module("extras"), module("core", core=True, requires=("extras",)))

    assert error.module == "core"
    assert "core module requires optional module 'extras'" in str(error)


def test_a_core_module_may_require_another_core_module() -> None:
    validate_definitions(
        [module("core", core=True), module("tenancy", core=True, requires=("core",))]
    )


def test_every_problem_of_the_refused_module_is_listed() -> None:
    shop = ModuleDefinition(
        code="shop",
        name="",
        kind=ModuleKind.OPTIONAL,
        permissions=(PermissionDefinition("orders.view", "View"),),
        metrics_provider="nonsense",
    )

    error = _refused(shop)

    assert len(error.problems) == 3
    for problem in error.problems:
        assert f"  - {problem}" in str(error)


def test_the_registry_refuses_an_invalid_definition() -> None:
    with pytest.raises(InvalidModuleDefinition, match="module 'catalog' has an invalid definition"):
        ModuleRegistry([module("catalog", permissions=["products.view"])])
