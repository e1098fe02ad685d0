"""The registry of installed modules: discovery, validation and dependency order."""

from __future__ import annotations

import importlib
import importlib.util
import logging
import pkgutil
from collections.abc import Iterable, Iterator, Sequence
from importlib.metadata import entry_points

from mercato.domain.kernel.definition import ModuleDefinition
from mercato.domain.kernel.errors import KernelError, UnknownModule
from mercato.domain.kernel.ordering import dependency_order
from mercato.domain.kernel.validation import validate_definitions

__all__ = ["ENTRY_POINT_GROUP", "ModuleRegistry", "discover_definitions"]

ENTRY_POINT_GROUP = "mercato.modules"
_log = logging.getLogger(__name__)


def discover_definitions(
    packages: Sequence[str] = ("mercato.domain",), entry_point_group: str | None = ENTRY_POINT_GROUP
) -> list[ModuleDefinition]:
    """Find the definitions of every installed module.

    Built-in modules are the sub-packages of ``packages`` that contain ``definition.py`` with
    a ``MODULE`` attribute (only ``definition.py`` is imported, never the module's code).
    Third-party modules are the entry points of ``entry_point_group``; each must load to a
    :class:`ModuleDefinition`. A definition that cannot be imported is a :class:`KernelError`
    naming where it came from.
    """
    found: list[ModuleDefinition] = []
    for package in packages:
        found.extend(_scan_package(package))
    if entry_point_group:
        found.extend(_load_entry_points(entry_point_group))
    return found


def _scan_package(package: str) -> Iterator[ModuleDefinition]:
    pkg = importlib.import_module(package)
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
        if not info.ispkg or info.name == "kernel":
            continue
        spec_name = f"{package}.{info.name}.definition"
        if importlib.util.find_spec(spec_name) is None:
            continue
        try:
            module = importlib.import_module(spec_name)
        except Exception as exc:
            raise KernelError(
                f"cannot import the definition of module '{info.name}': {exc}"
            ) from exc
        definition = getattr(module, "MODULE", None)
        if not isinstance(definition, ModuleDefinition):
            raise KernelError(f"{spec_name} has no MODULE = ModuleDefinition(...)")
        yield definition


def _load_entry_points(group: str) -> Iterator[ModuleDefinition]:
    for ep in sorted(entry_points(group=group), key=lambda e: e.name):
        try:
            definition = ep.load()
        except Exception as exc:
            raise KernelError(
                f"cannot load module entry point '{ep.name}' ({ep.value}): {exc}"
            ) from exc
        if not isinstance(definition, ModuleDefinition):
            raise KernelError(f"entry point '{ep.name}' ({ep.value}) is not a ModuleDefinition")
        yield definition


class ModuleRegistry:
    """The validated, ordered set of installed modules.

    Construction validates every definition and resolves the dependency order; an invalid
    set raises a :class:`KernelError` subclass whose message names the module and chain.
    """

    def __init__(self, definitions: Iterable[ModuleDefinition]) -> None:
        defs = list(definitions)
        validate_definitions(defs)
        by_code = {d.code: d for d in defs}
        self._order = dependency_order(by_code)
        self._by_code = {code: by_code[code] for code in self._order}

    @classmethod
    def discover(
        cls,
        packages: Sequence[str] = ("mercato.domain",),
        entry_point_group: str | None = ENTRY_POINT_GROUP,
    ) -> ModuleRegistry:
        """Discover built-in and third-party modules and build the registry."""
        return cls(discover_definitions(packages, entry_point_group))

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[ModuleDefinition]:
        return iter(self._by_code.values())

    def __len__(self) -> int:
        return len(self._by_code)

    def get(self, code: str) -> ModuleDefinition:
        """The definition of ``code``; :class:`UnknownModule` if it is not installed."""
        try:
            return self._by_code[code]
        except KeyError:
            raise UnknownModule(code) from None

    @property
    def order(self) -> tuple[str, ...]:
        """Every module code, each after the modules it requires."""
        return tuple(self._order)

    @property
    def core_codes(self) -> frozenset[str]:
        """The codes of the core modules, which are always enabled."""
        return frozenset(c for c, d in self._by_code.items() if d.is_core)

    def requirements_of(self, code: str) -> tuple[str, ...]:
        """Everything ``code`` requires, directly or through others, in dependency order."""
        seen: set[str] = set()
        stack = list(self.get(code).requires)
        while stack:
            req = stack.pop()
            if req not in seen:
                seen.add(req)
                stack.extend(self._by_code[req].requires)
        return tuple(c for c in self._order if c in seen)

    def dependents_of(self, code: str, among: Iterable[str] | None = None) -> tuple[str, ...]:
        """Modules (of ``among``, default all) that require ``code`` directly or indirectly."""
        pool = set(self._by_code) if among is None else set(among)
        return tuple(c for c in self._order if c in pool and code in self.requirements_of(c))

    def ordered(self, codes: Iterable[str]) -> tuple[ModuleDefinition, ...]:
        """The definitions of ``codes`` (unknown codes ignored) in dependency order."""
        wanted = set(codes)
        return tuple(d for c, d in self._by_code.items() if c in wanted)

    def owner_of_permission(self, permission: str) -> str | None:
        """The code of the module that declares ``permission``, if any."""
        for d in self._by_code.values():
            if permission in d.permission_codes():
                return d.code
        return None
