"""The registry of installed modules: discovery and the questions the kernel asks of it."""

from __future__ import annotations

import sys
import textwrap
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from mercato.domain.kernel.errors import KernelError, UnknownModule
from mercato.domain.kernel.registry import ModuleRegistry, discover_definitions
from tests.support.modules import module

pytestmark = pytest.mark.unit

DEFINITION = """
from mercato.domain.kernel.definition import ModuleDefinition

MODULE = ModuleDefinition(code={code!r}, name={name!r}, requires={requires!r})
"""


@pytest.fixture
def registry() -> ModuleRegistry:
    return ModuleRegistry(
        [
            module("core", core=True, permissions=["core.view"]),
            module("catalog", requires=("core",), permissions=["catalog.view"]),
            module("inventory", requires=("catalog",)),
            module("orders", requires=("inventory",)),
            module("reviews", requires=("catalog",)),
            module("blog"),
        ]
    )


class Packages:
    """Writes throwaway packages under a unique root importable for one test."""

    def __init__(self, base: Path) -> None:
        self.root = f"mercato_test_{uuid.uuid4().hex[:10]}"
        self.base = base
        (base / self.root).mkdir()

    def write(self, relative: str, text: str = "") -> None:
        path = self.base / self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))

    def add_module(self, code: str, requires: tuple[str, ...] = ()) -> None:
        self.write(f"{code}/__init__.py")
        self.write(
            f"{code}/definition.py",
            DEFINITION.format(code=code, name=code.title(), requires=requires),
        )

    def entry_points(self, group: str, entries: dict[str, str]) -> None:
        dist = self.base / f"{self.root}-1.0.dist-info"
        dist.mkdir()
        (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {self.root}\nVersion: 1.0\n")
        lines = "".join(f"{name} = {target}\n" for name, target in entries.items())
        (dist / "entry_points.txt").write_text(f"[{group}]\n{lines}")


@pytest.fixture
def packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Packages]:
    monkeypatch.syspath_prepend(str(tmp_path))
    pkgs = Packages(tmp_path)
    yield pkgs
    for name in [n for n in sys.modules if n.split(".")[0] == pkgs.root]:
        del sys.modules[name]


def test_the_built_in_modules_are_discovered_from_their_packages() -> None:
    codes = [d.code for d in discover_definitions(("mercato.domain",), entry_point_group=None)]

    assert {"core", "tenancy"} <= set(codes)
    assert "kernel" not in codes


def test_the_built_in_registry_puts_core_first() -> None:
    registry = ModuleRegistry.discover(("mercato.domain",), entry_point_group=None)

    assert registry.order[0] == "core"
    assert registry.core_codes >= {"core", "tenancy"}


def test_only_sub_packages_with_a_definition_are_modules(packages: Packages) -> None:
    packages.add_module("shop")
    packages.add_module("blog")
    packages.write("helpers/__init__.py")
    packages.write("loose.py")

    codes = [d.code for d in discover_definitions((packages.root,), entry_point_group=None)]

    assert codes == ["blog", "shop"]


def test_a_definition_without_module_is_an_error_naming_it(packages: Packages) -> None:
    packages.write("shop/__init__.py")
    packages.write("shop/definition.py", "SHOP = 1\n")

    with pytest.raises(KernelError, match=rf"{packages.root}\.shop\.definition has no MODULE"):
        discover_definitions((packages.root,), entry_point_group=None)


def test_a_definition_that_cannot_be_imported_is_an_error_naming_the_module(
    packages: Packages,
) -> None:
    packages.write("shop/__init__.py")
    packages.write("shop/definition.py", "import not_an_installed_package\n")

    with pytest.raises(KernelError, match="cannot import the definition of module 'shop'"):
        discover_definitions((packages.root,), entry_point_group=None)


def test_third_party_modules_are_discovered_through_entry_points(packages: Packages) -> None:
    packages.add_module("shipping", requires=("core",))
    group = f"{packages.root}.modules"
    packages.entry_points(group, {"shipping": f"{packages.root}.shipping.definition:MODULE"})

    found = discover_definitions((), entry_point_group=group)

    assert [d.code for d in found] == ["shipping"]
    assert found[0].requires == ("core",)


def test_an_entry_point_that_is_not_a_definition_is_an_error_naming_it(
    packages: Packages,
) -> None:
    packages.write("__init__.py", "NOT_A_MODULE = 'hello'\n")
    group = f"{packages.root}.modules"
    packages.entry_points(group, {"broken": f"{packages.root}:NOT_A_MODULE"})

    with pytest.raises(KernelError, match=r"entry point 'broken' .* is not a ModuleDefinition"):
        discover_definitions((), entry_point_group=group)


def test_an_entry_point_that_cannot_be_loaded_is_an_error_naming_it(packages: Packages) -> None:
    group = f"{packages.root}.modules"
    packages.entry_points(group, {"ghost": f"{packages.root}.ghost:MODULE"})

    with pytest.raises(KernelError, match="cannot load module entry point 'ghost'"):
        discover_definitions((), entry_point_group=group)


def test_an_unknown_module_is_an_error_naming_it(registry: ModuleRegistry) -> None:
    with pytest.raises(UnknownModule, match="no installed module is called 'payments'"):
        registry.get("payments")


def test_the_registry_answers_membership_and_size(registry: ModuleRegistry) -> None:
    assert "orders" in registry
    assert "payments" not in registry
    assert len(registry) == 6
    assert registry.get("orders").code == "orders"


def test_requirements_are_transitive_and_in_dependency_order(registry: ModuleRegistry) -> None:
    assert registry.requirements_of("orders") == ("core", "catalog", "inventory")
    assert registry.requirements_of("blog") == ()


def test_dependents_are_transitive(registry: ModuleRegistry) -> None:
    assert registry.dependents_of("catalog") == ("inventory", "orders", "reviews")
    assert registry.dependents_of("orders") == ()


def test_dependents_can_be_limited_to_a_set_of_modules(registry: ModuleRegistry) -> None:
    assert registry.dependents_of("catalog", among={"catalog", "orders", "blog"}) == ("orders",)


def test_ordered_follows_dependency_order_and_ignores_unknown_codes(
    registry: ModuleRegistry,
) -> None:
    ordered = registry.ordered(["orders", "ghost", "core", "catalog"])

    assert [d.code for d in ordered] == ["core", "catalog", "orders"]


def test_the_owner_of_a_permission_is_the_module_declaring_it(registry: ModuleRegistry) -> None:
    assert registry.owner_of_permission("catalog.view") == "catalog"
    assert registry.owner_of_permission("catalog.delete") is None


def test_core_codes_are_the_core_modules(registry: ModuleRegistry) -> None:
    assert registry.core_codes == frozenset({"core"})
