"""Per-platform enablement: core always on, requirements follow, dependents protect."""

from __future__ import annotations

import pytest

from mercato.domain.kernel.enablement import EnablementService, FakeEnablementStore
from mercato.domain.kernel.errors import (
    CoreModuleCannotBeDisabled,
    ModuleRequiredByOthers,
    UnknownModule,
)
from mercato.domain.kernel.registry import ModuleRegistry
from tests.support.modules import kernel, module

pytestmark = pytest.mark.unit

MODULES = (
    module("core", core=True),
    module("tenancy", core=True, requires=("core",)),
    module("catalog"),
    module("inventory", requires=("catalog",)),
    module("orders", requires=("inventory",)),
    module("blog"),
)


def _service(**enabled: set[str]) -> tuple[EnablementService, FakeEnablementStore]:
    _, service, store = kernel(*MODULES, enabled={1: enabled.get("p1", set())})
    return service, store


async def test_core_modules_are_enabled_on_a_platform_with_nothing_stored() -> None:
    service, _ = _service()

    assert await service.enabled_on(1) == {"core", "tenancy"}
    assert await service.enabled_on(99) == {"core", "tenancy"}


async def test_disabling_a_core_module_is_refused() -> None:
    service, store = _service()

    with pytest.raises(CoreModuleCannotBeDisabled, match="'core' is a core module"):
        await service.disable(1, "core")
    assert await service.enabled_on(1) >= {"core"}
    assert store.by_platform[1] == set()


async def test_enabling_a_core_module_changes_nothing_and_says_why() -> None:
    service, store = _service()

    change = await service.enable(1, "tenancy")

    assert change.changed == ()
    assert "core module" in change.message
    assert store.by_platform[1] == set()


async def test_enabling_a_module_enables_its_requirements_transitively() -> None:
    service, store = _service()

    change = await service.enable(1, "orders")

    assert change.module == "orders"
    assert change.changed == ("catalog", "inventory", "orders")
    assert change.also_enabled == ("catalog", "inventory")
    assert change.message == (
        "enabled 'orders'; also enabled 'catalog', 'inventory' (required by 'orders')"
    )
    assert store.by_platform[1] == {"catalog", "inventory", "orders"}
    assert await service.enabled_on(1) == {"core", "tenancy", "catalog", "inventory", "orders"}


async def test_enabling_a_module_without_requirements_enables_it_alone() -> None:
    service, _ = _service()

    change = await service.enable(1, "blog")

    assert change.changed == ("blog",)
    assert change.also_enabled == ()
    assert change.message == "enabled 'blog'"


async def test_enabling_only_adds_the_requirements_not_yet_enabled() -> None:
    service, _ = _service(p1={"catalog"})

    change = await service.enable(1, "orders")

    assert change.also_enabled == ("inventory",)


async def test_enabling_an_enabled_module_changes_nothing() -> None:
    service, _ = _service(p1={"blog"})

    change = await service.enable(1, "blog")

    assert change.changed == ()
    assert change.message == "'blog' was already enabled"


async def test_enabling_an_unknown_module_is_refused() -> None:
    service, _ = _service()

    with pytest.raises(UnknownModule):
        await service.enable(1, "payments")


async def test_enablement_is_per_platform() -> None:
    service, _ = _service()

    await service.enable(1, "blog")

    assert "blog" in await service.enabled_on(1)
    assert "blog" not in await service.enabled_on(2)


async def test_disabling_a_required_module_is_refused_naming_the_dependents() -> None:
    service, store = _service(p1={"catalog", "inventory", "orders"})

    with pytest.raises(ModuleRequiredByOthers) as err:
        await service.disable(1, "catalog")

    assert err.value.code == "catalog"
    assert err.value.dependents == ("inventory", "orders")
    assert "required by the enabled module(s) inventory, orders" in str(err.value)
    assert store.by_platform[1] == {"catalog", "inventory", "orders"}


async def test_a_module_required_only_by_disabled_modules_can_be_disabled() -> None:
    service, store = _service(p1={"catalog", "inventory", "orders"})

    await service.disable(1, "orders")
    await service.disable(1, "inventory")
    change = await service.disable(1, "catalog")

    assert change.changed == ("catalog",)
    assert change.message == "disabled 'catalog'"
    assert store.by_platform[1] == set()


async def test_disabling_a_module_that_is_not_enabled_changes_nothing() -> None:
    service, _ = _service()

    change = await service.disable(1, "blog")

    assert change.changed == ()
    assert change.message == "'blog' was not enabled"


async def test_a_requirement_of_a_stored_module_is_enabled_even_if_not_stored() -> None:
    service, _ = _service(p1={"orders"})

    assert await service.enabled_on(1) >= {"catalog", "inventory", "orders"}
    with pytest.raises(ModuleRequiredByOthers, match="orders"):
        await service.disable(1, "inventory")


async def test_a_stored_module_that_is_no_longer_installed_is_ignored() -> None:
    service, store = _service(p1={"blog", "payments"})
    store.by_platform[2] = {"legacy"}

    assert await service.enabled_on(1) == {"core", "tenancy", "blog"}
    assert await service.enabled_anywhere() == {"core", "tenancy", "blog"}
    assert "payments" not in [s.code for s in await service.status(1)]


async def test_enabled_anywhere_is_the_union_over_platforms_with_requirements() -> None:
    service, store = _service(p1={"blog"})
    store.by_platform[2] = {"inventory"}

    assert await service.enabled_anywhere() == {"core", "tenancy", "blog", "catalog", "inventory"}


async def test_a_change_made_through_another_service_is_seen_on_the_next_call() -> None:
    registry = ModuleRegistry(MODULES)
    store = FakeEnablementStore()
    web, worker = EnablementService(registry, store), EnablementService(registry, store)
    assert "blog" not in await worker.enabled_on(1)

    await web.enable(1, "blog")

    assert "blog" in await worker.enabled_on(1)


async def test_status_lists_every_installed_module_in_order_with_its_reason() -> None:
    service, _ = _service(p1={"inventory"})

    status = {s.code: s for s in await service.status(1)}

    assert list(status) == ["core", "tenancy", "blog", "catalog", "inventory", "orders"]
    assert status["core"].enabled
    assert status["core"].reason == "core module: always enabled"
    assert status["inventory"].enabled
    assert status["inventory"].reason == "enabled on this platform"
    assert status["catalog"].enabled
    assert status["catalog"].reason == "enabled because inventory require(s) it"
    assert not status["blog"].enabled
    assert status["blog"].reason == "not enabled on this platform"
    assert not status["orders"].enabled
    assert status["orders"].kind == "optional"
    assert status["orders"].requires == ("inventory",)


async def test_status_of_a_disabled_module_names_every_module_enabling_it_would_enable() -> None:
    service, _ = _service()

    status = {s.code: s for s in await service.status(1)}

    assert status["orders"].reason == (
        "not enabled on this platform (enabling it also enables catalog, inventory)"
    )
    assert status["inventory"].reason == (
        "not enabled on this platform (enabling it also enables catalog)"
    )


async def test_the_fake_store_applies_a_change_atomically() -> None:
    store = FakeEnablementStore()
    await store.change(1, frozenset({"a", "b"}), frozenset())

    await store.change(1, frozenset({"c"}), frozenset({"a"}))

    assert await store.enabled_on(1) == {"b", "c"}
    assert await store.enabled_on(2) == frozenset()
    assert await FakeEnablementStore().enabled_anywhere() == frozenset()
