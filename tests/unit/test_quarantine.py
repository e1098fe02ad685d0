"""Quarantine: broken third-party modules are set aside with a reason; the rest is usable."""

from __future__ import annotations

import pytest

from mercato.domain.kernel.definition import ModuleDefinition
from mercato.domain.kernel.enablement import EnablementService, FakeEnablementStore
from mercato.domain.kernel.errors import InvalidModuleDefinition, ModuleQuarantined
from mercato.domain.kernel.quarantine import BrokenModule, sift
from mercato.domain.kernel.registry import ModuleRegistry
from tests.support.modules import module

pytestmark = pytest.mark.unit

BUILT_IN = [
    module("core", core=True, permissions=["core.view"]),
    module("catalog", requires=("core",), permissions=["catalog.view"]),
]


def _sifted(*third_party: ModuleDefinition) -> tuple[list[str], dict[str, BrokenModule]]:
    usable, broken = sift(BUILT_IN, [(d, f"entry point '{d.code}'") for d in third_party])
    return [d.code for d in usable], {b.code: b for b in broken}


def test_a_module_requiring_a_missing_one_is_set_aside_and_the_rest_is_kept() -> None:
    usable, broken = _sifted(module("shipping", requires=("ghost",)), module("reviews"))
    assert usable == ["reviews"]
    assert broken["shipping"].rule == "MOD-011"
    assert "requires 'ghost'" in broken["shipping"].reason


def test_a_module_requiring_a_broken_one_is_set_aside_too() -> None:
    usable, broken = _sifted(
        module("shipping", requires=("ghost",)), module("labels", requires=("shipping",))
    )
    assert usable == []
    assert broken["labels"].rule == "MOD-011" and "'shipping'" in broken["labels"].reason


def test_modules_in_a_cycle_are_set_aside_with_the_chain() -> None:
    usable, broken = _sifted(
        module("chicken", requires=("egg",)), module("egg", requires=("chicken",)), module("ok")
    )
    assert usable == ["ok"]
    assert {c: b.rule for c, b in broken.items()} == {"chicken": "MOD-012", "egg": "MOD-012"}
    assert "chicken -> egg -> chicken" in broken["chicken"].reason


def test_an_invalid_definition_is_set_aside_and_a_built_in_keeps_its_namespace() -> None:
    usable, broken = _sifted(module("intruder", permissions=["catalog.edit"]), module("ok"))
    assert usable == ["ok"]
    assert broken["intruder"].rule == "MOD-003"
    assert "'catalog.edit' is not in the module's namespaces" in broken["intruder"].reason


def test_a_broken_built_in_module_still_raises() -> None:
    with pytest.raises(InvalidModuleDefinition):
        ModuleRegistry([module("core", core=True, permissions=["nope.view"])])


async def test_a_quarantined_module_is_listed_as_broken_and_cannot_be_enabled() -> None:
    broken = BrokenModule("shipping", "entry point 'shipping' (x:M)", "MOD-011", "needs ghost")
    registry = ModuleRegistry(BUILT_IN, [broken])
    service = EnablementService(registry, FakeEnablementStore())

    assert "shipping" not in registry
    with pytest.raises(ModuleQuarantined, match="'shipping' is broken and cannot be enabled"):
        await service.enable(1, "shipping")
    statuses = {s.code: s for s in await service.status(1)}
    assert statuses["shipping"].broken and not statuses["shipping"].enabled
    assert "MOD-011" in statuses["shipping"].reason
    assert not statuses["catalog"].broken


def test_a_module_marked_unavailable_shows_so_until_it_works_again() -> None:
    registry = ModuleRegistry(BUILT_IN)
    registry.mark_unavailable("catalog", "MOD-013", "its routes could not be mounted")
    assert [b.code for b in registry.broken()] == ["catalog"]
    registry.mark_available("catalog")
    assert registry.broken() == ()


def test_a_third_party_module_named_like_a_built_in_one_is_set_aside_and_listed() -> None:
    usable, broken = _sifted(module("catalog"), module("ok"))
    assert usable == ["ok"]
    assert "declared twice" in broken["catalog"].reason

    registry = ModuleRegistry(BUILT_IN, list(broken.values()))
    assert registry.get("catalog") is BUILT_IN[1]
    assert [b.code for b in registry.set_aside()] == ["catalog"]
    assert registry.quarantined == {}


def test_an_optional_built_in_module_whose_requirement_is_gone_is_set_aside() -> None:
    from mercato.domain.kernel.quarantine import orphans

    catalog = module("catalog")
    orders = module("orders", requires=["catalog"])
    inventory = module("inventory", requires=["catalog"])
    reports = module("reports", requires=["orders"])

    kept, broken = orphans([module("core", core=True), orders, inventory, reports], [])

    assert [d.code for d in kept] == ["core"]
    assert {b.code: b.reason for b in broken} == {
        "orders": "requires 'catalog', which is not installed or is broken",
        "inventory": "requires 'catalog', which is not installed or is broken",
        "reports": "requires 'orders', which is not installed or is broken",
    }
    assert orphans([catalog, orders], [])[1] == []
