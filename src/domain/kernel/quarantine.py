"""Quarantine: a broken third-party module is set aside, with its reason, and the rest runs.

Mercato's own modules must be sound: a broken built-in module is still an error that stops
the process. A third-party module (an entry point) that cannot be imported, breaks a
definition rule, requires a module that is missing or broken, or is part of a dependency
cycle is *quarantined* instead: it is left out of the registry, listed as broken with the
rule and the reason, and cannot be enabled. See ADR 0010, "quarantine of broken modules".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mercato.domain.kernel.definition import ModuleDefinition
from mercato.domain.kernel.errors import DependencyCycle, MissingDependency
from mercato.domain.kernel.ordering import dependency_order
from mercato.domain.kernel.validation import definition_problems

__all__ = [
    "RULE_CYCLE",
    "RULE_DEFINITION",
    "RULE_IMPORT",
    "RULE_MOUNT",
    "RULE_REFERENCE",
    "RULE_REQUIRES",
    "BrokenModule",
    "by_code",
    "orphans",
    "sift",
]

# The rule ids are those of ``mercato check``, so that the CLI, the admin and the check
# name a broken module's problem the same way.
RULE_IMPORT = "MOD-001"
RULE_DEFINITION = "MOD-003"
RULE_REFERENCE = "MOD-004"
RULE_REQUIRES = "MOD-011"
RULE_CYCLE = "MOD-012"
RULE_MOUNT = "MOD-013"


@dataclass(frozen=True, slots=True)
class BrokenModule:
    """A module that cannot be used: which, where it comes from, the rule and the reason.

    ``code`` is the module's code, or the entry point's name when the definition could not
    even be loaded (``name``, ``version``, ``requires`` and ``migrations`` are then empty).
    ``origin`` says where it was found (``entry point 'x' (pkg.def:MODULE)``).
    """

    code: str
    origin: str
    rule: str
    reason: str
    name: str = ""
    version: str = ""
    requires: tuple[str, ...] = ()
    migrations: str | None = None

    @classmethod
    def of(cls, d: ModuleDefinition, origin: str, rule: str, reason: str) -> BrokenModule:
        """The quarantine record of a definition that loaded but cannot be used."""
        return cls(d.code, origin, rule, reason, d.name, d.version, d.requires, d.migrations)

    def __str__(self) -> str:
        return f"module '{self.code}' ({self.origin}): {self.rule} {self.reason}"


def orphans(
    built_in: Sequence[ModuleDefinition], third_party: Sequence[tuple[ModuleDefinition, str]]
) -> tuple[list[ModuleDefinition], list[BrokenModule]]:
    """Set aside the optional built-in modules whose requirements are not installed.

    A built-in optional module whose requirement was removed (catalog's folders deleted,
    orders left) is listed as broken with its reason instead of stopping the installation;
    setting one aside can orphan another, so this repeats until nothing changes. A core
    module's missing requirement is left for the registry to raise.
    """
    kept = list(built_in)
    broken: list[BrokenModule] = []
    while True:
        codes = {d.code for d in kept} | {d.code for d, _ in third_party}
        found = []
        for d in kept:
            missing = [r for r in d.requires if r not in codes]
            if missing and not d.is_core:
                names = ", ".join(f"'{m}'" for m in missing)
                reason = f"requires {names}, which is not installed or is broken"
                found.append(BrokenModule.of(d, "built-in", RULE_REQUIRES, reason))
        if not found:
            return kept, broken
        broken += found
        gone = {b.code for b in found}
        kept = [d for d in kept if d.code not in gone]


def sift(
    built_in: Sequence[ModuleDefinition],
    third_party: Sequence[tuple[ModuleDefinition, str]],
) -> tuple[list[ModuleDefinition], list[BrokenModule]]:
    """Split the third-party definitions ``(definition, origin)`` into usable and broken.

    Repeats until nothing changes, since setting one module aside can break another (a
    module requiring it, a menu item needing its permission). Problems of built-in modules
    are left for the registry to raise.
    """
    usable = list(third_party)
    broken: list[BrokenModule] = []
    while True:
        found = _definition_faults(built_in, usable) or _requirement_faults(built_in, usable)
        found = found or _cycle_faults(built_in, usable)
        if not found:
            return [d for d, _ in usable], broken
        broken += found
        gone = {b.code for b in found}
        usable = [(d, o) for d, o in usable if d.code not in gone]


def _definition_faults(
    built_in: Sequence[ModuleDefinition], usable: Sequence[tuple[ModuleDefinition, str]]
) -> list[BrokenModule]:
    problems = definition_problems([*built_in, *(d for d, _ in usable)])
    return [
        BrokenModule.of(d, origin, RULE_DEFINITION, "; ".join(problems[d.code]))
        for d, origin in usable
        if d.code in problems
    ]


def _requirement_faults(
    built_in: Sequence[ModuleDefinition], usable: Sequence[tuple[ModuleDefinition, str]]
) -> list[BrokenModule]:
    codes = {d.code for d in built_in} | {d.code for d, _ in usable}
    out = []
    for d, origin in usable:
        missing = [r for r in d.requires if r not in codes]
        if missing:
            names = ", ".join(f"'{m}'" for m in missing)
            reason = f"requires {names}, which is not installed or is broken"
            out.append(BrokenModule.of(d, origin, RULE_REQUIRES, reason))
    return out


def _cycle_faults(
    built_in: Sequence[ModuleDefinition], usable: Sequence[tuple[ModuleDefinition, str]]
) -> list[BrokenModule]:
    everything: dict[str, ModuleDefinition] = {d.code: d for d in built_in}
    everything.update((d.code, d) for d, _ in usable)
    try:
        dependency_order(everything)
    except DependencyCycle as exc:
        members = set(exc.chain)
        return [
            BrokenModule.of(d, origin, RULE_CYCLE, str(exc))
            for d, origin in usable
            if d.code in members
        ]
    except MissingDependency:
        return []  # a built-in module's own requirement: the registry raises it
    return []


def by_code(broken: Iterable[BrokenModule]) -> dict[str, BrokenModule]:
    """Broken modules by code (the first record of a code wins)."""
    out: dict[str, BrokenModule] = {}
    for b in broken:
        out.setdefault(b.code, b)
    return out
