"""Dependency order of modules: deterministic, core first, clear errors for bad graphs."""

from __future__ import annotations

import itertools

import pytest

from mercato.domain.kernel.errors import DependencyCycle, MissingDependency
from mercato.domain.kernel.ordering import dependency_order
from mercato.domain.kernel.registry import ModuleRegistry
from tests.support.modules import module

pytestmark = pytest.mark.unit


def _by_code(*definitions):  # type: ignore[no-untyped-def]
    return {d.code: d for d in definitions}


MODULES = (
    module("core", core=True),
    module("tenancy", core=True, requires=("core",)),
    module("zeta"),
    module("alpha", requires=("zeta",)),
    module("beta"),
)


def test_every_module_comes_after_what_it_requires_with_core_first_and_ties_by_code() -> None:
    assert dependency_order(_by_code(*MODULES)) == ["core", "tenancy", "beta", "zeta", "alpha"]


def test_the_order_does_not_depend_on_the_order_of_the_definitions() -> None:
    orders = {tuple(dependency_order(_by_code(*p))) for p in itertools.permutations(MODULES)}

    assert orders == {("core", "tenancy", "beta", "zeta", "alpha")}


def test_a_core_module_comes_before_an_optional_one_whatever_their_codes() -> None:
    order = dependency_order(_by_code(module("aaa"), module("zzz_core", core=True)))

    assert order == ["zzz_core", "aaa"]


def test_the_registry_keeps_the_dependency_order() -> None:
    registry = ModuleRegistry(reversed(MODULES))

    assert registry.order == ("core", "tenancy", "beta", "zeta", "alpha")
    assert [d.code for d in registry] == list(registry.order)


def test_a_cycle_is_refused_naming_the_whole_chain() -> None:
    definitions = _by_code(
        module("a", requires=("b",)), module("b", requires=("c",)), module("c", requires=("a",))
    )

    with pytest.raises(DependencyCycle) as err:
        dependency_order(definitions)

    assert err.value.chain == ("a", "b", "c", "a")
    assert "a -> b -> c -> a" in str(err.value)


def test_the_reported_cycle_is_the_same_whatever_the_order_of_the_definitions() -> None:
    defs = (
        module("c", requires=("a",)),
        module("a", requires=("b",)),
        module("b", requires=("c",)),
        module("outside", requires=("b",)),
    )
    chains = set()
    for permutation in itertools.permutations(defs):
        with pytest.raises(DependencyCycle) as err:
            dependency_order(_by_code(*permutation))
        chains.add(err.value.chain)

    assert chains == {("a", "b", "c", "a")}


def test_a_cycle_is_refused_by_the_registry() -> None:
    with pytest.raises(DependencyCycle, match="shop -> stock -> shop"):
        ModuleRegistry([module("shop", requires=("stock",)), module("stock", requires=("shop",))])


def test_a_missing_dependency_is_refused_naming_the_chain_to_it() -> None:
    definitions = _by_code(
        module("a_shop", requires=("b_stock",)), module("b_stock", requires=("c_catalog",))
    )

    with pytest.raises(MissingDependency) as err:
        dependency_order(definitions)

    assert err.value.module == "a_shop"
    assert err.value.missing == "c_catalog"
    assert err.value.chain == ("a_shop", "b_stock", "c_catalog")
    assert "a_shop -> b_stock -> c_catalog" in str(err.value)
    assert "'c_catalog', which is not installed" in str(err.value)


def test_a_missing_direct_dependency_is_refused_by_the_registry() -> None:
    with pytest.raises(MissingDependency, match=r"'orders' requires 'payments'"):
        ModuleRegistry([module("core", core=True), module("orders", requires=("payments",))])
