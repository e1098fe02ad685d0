"""Finding installed modules: built-in packages, and third-party entry points."""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points

from mercato.domain.kernel.definition import ModuleDefinition
from mercato.domain.kernel.errors import KernelError
from mercato.domain.kernel.quarantine import RULE_IMPORT, BrokenModule

__all__ = ["ENTRY_POINT_GROUP", "Discovery", "discover_definitions", "discover_modules"]

ENTRY_POINT_GROUP = "mercato.modules"
BUILT_IN = "built-in"


@dataclass(frozen=True)
class Discovery:
    """What discovery found: built-in definitions, third-party ones with their origin, and
    the entry points that did not load to a definition."""

    built_in: list[ModuleDefinition] = field(default_factory=list)
    third_party: list[tuple[ModuleDefinition, str]] = field(default_factory=list)
    broken: list[BrokenModule] = field(default_factory=list)


def discover_modules(
    packages: Sequence[str] = ("mercato.domain",), entry_point_group: str | None = ENTRY_POINT_GROUP
) -> Discovery:
    """Find every installed module without letting a broken third-party one stop the search.

    Built-in modules are the sub-packages of ``packages`` that contain ``definition.py`` with
    a ``MODULE`` attribute (only ``definition.py`` is imported, never the module's code); one
    that cannot be imported is a :class:`KernelError`. Third-party modules are the entry
    points of ``entry_point_group``; one that does not load to a :class:`ModuleDefinition`
    is recorded as broken (rule ``MOD-001``), with the reason.
    """
    found = Discovery()
    for package in packages:
        found.built_in.extend(_scan_package(package))
    if entry_point_group:
        for ep in sorted(entry_points(group=entry_point_group), key=lambda e: e.name):
            origin = f"entry point '{ep.name}' ({ep.value})"
            loaded = _load(ep, origin)
            if isinstance(loaded, BrokenModule):
                found.broken.append(loaded)
            else:
                found.third_party.append((loaded, origin))
    return found


def discover_definitions(
    packages: Sequence[str] = ("mercato.domain",), entry_point_group: str | None = ENTRY_POINT_GROUP
) -> list[ModuleDefinition]:
    """Every installed definition; a third-party one that does not load is a
    :class:`KernelError` naming the entry point (strict: for tests and tools)."""
    found = discover_modules(packages, entry_point_group)
    if found.broken:
        raise KernelError(found.broken[0].reason)
    return [*found.built_in, *(d for d, _ in found.third_party)]


def _load(ep: EntryPoint, origin: str) -> ModuleDefinition | BrokenModule:
    try:
        definition = ep.load()
    except Exception as exc:
        reason = f"cannot load module entry point '{ep.name}' ({ep.value}): {exc}"
        return BrokenModule(ep.name, origin, RULE_IMPORT, reason)
    if not isinstance(definition, ModuleDefinition):
        reason = f"entry point '{ep.name}' ({ep.value}) is not a ModuleDefinition"
        return BrokenModule(ep.name, origin, RULE_IMPORT, reason)
    return definition


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
