"""The registry of installed modules: discovery, validation and dependency order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType

from mercato.domain.kernel.definition import ModuleDefinition
from mercato.domain.kernel.discovery import (
    ENTRY_POINT_GROUP,
    discover_definitions,
    discover_modules,
)
from mercato.domain.kernel.errors import ModuleQuarantined, UnknownModule
from mercato.domain.kernel.ordering import dependency_order
from mercato.domain.kernel.quarantine import BrokenModule, by_code, orphans, sift
from mercato.domain.kernel.validation import validate_definitions

__all__ = ["ENTRY_POINT_GROUP", "ModuleRegistry", "discover_definitions"]


class ModuleRegistry:
    """The validated, ordered set of installed modules.

    Construction validates every definition and resolves the dependency order; an invalid
    set raises a :class:`KernelError` subclass whose message names the module and chain.
    ``quarantined`` lists the broken third-party modules left out (see
    :mod:`domain.kernel.quarantine`); they are not members, and asking for one raises
    :class:`ModuleQuarantined`. A module whose code fails at run time (its routes do not
    mount) is marked *unavailable* by the process that saw it fail.
    """

    def __init__(
        self, definitions: Iterable[ModuleDefinition], quarantined: Iterable[BrokenModule] = ()
    ) -> None:
        defs = list(definitions)
        validate_definitions(defs)
        found = {d.code: d for d in defs}
        self._order = dependency_order(found)
        self._by_code = {code: found[code] for code in self._order}
        records = list(quarantined)
        self._quarantined = by_code(b for b in records if b.code not in found)
        # A broken third-party module named like a member (a built-in one) is only listed.
        self._shadowing = tuple(b for b in records if b.code in found)
        self._unavailable: dict[str, BrokenModule] = {}

    @classmethod
    def discover(
        cls,
        packages: Sequence[str] = ("mercato.domain",),
        entry_point_group: str | None = ENTRY_POINT_GROUP,
    ) -> ModuleRegistry:
        """Discover built-in and third-party modules and build the registry.

        A broken third-party module is quarantined rather than raised, and so is an optional
        built-in module whose requirement is not installed (its folders were removed); any
        other broken built-in module raises.
        """
        found = discover_modules(packages, entry_point_group)
        built_in, orphaned = orphans(found.built_in, found.third_party)
        usable, broken = sift(built_in, found.third_party)
        return cls([*built_in, *usable], [*found.broken, *orphaned, *broken])

    @property
    def quarantined(self) -> Mapping[str, BrokenModule]:
        """Broken third-party modules left out of the registry, by code."""
        return MappingProxyType(self._quarantined)

    @property
    def unavailable(self) -> Mapping[str, BrokenModule]:
        """Installed modules whose code failed in this process (their routes did not mount)."""
        return MappingProxyType(self._unavailable)

    def mark_unavailable(self, code: str, rule: str, reason: str) -> None:
        """Record that module ``code`` failed at run time; menus and dashboards show it so."""
        self._unavailable[code] = BrokenModule.of(self.get(code), "installed", rule, reason)

    def mark_available(self, code: str) -> None:
        """Record that module ``code`` works again."""
        self._unavailable.pop(code, None)

    def set_aside(self) -> tuple[BrokenModule, ...]:
        """Every broken third-party module left out at discovery, including one named like an
        installed module (which ``quarantined``, keyed by code, cannot hold)."""
        return (*self._quarantined.values(), *self._shadowing)

    def broken(self) -> tuple[BrokenModule, ...]:
        """Every module set aside at discovery and every unavailable one."""
        return (*self.set_aside(), *self._unavailable.values())

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[ModuleDefinition]:
        return iter(self._by_code.values())

    def __len__(self) -> int:
        return len(self._by_code)

    def get(self, code: str) -> ModuleDefinition:
        """The definition of ``code``; :class:`UnknownModule` if it is not installed,
        :class:`ModuleQuarantined` if it is installed but broken."""
        if code in self._quarantined:
            raise ModuleQuarantined(self._quarantined[code])
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
