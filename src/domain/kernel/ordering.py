"""Deterministic dependency order of modules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from mercato.domain.kernel.definition import ModuleDefinition
from mercato.domain.kernel.errors import DependencyCycle, MissingDependency

__all__ = ["dependency_order"]


def dependency_order(definitions: Mapping[str, ModuleDefinition]) -> list[str]:
    """Return module codes so that every module comes after what it requires.

    Ties are broken by kind (core first) then by code, so the order is the same on every
    machine. Raises :class:`MissingDependency` (with the chain from a module to the missing
    one) or :class:`DependencyCycle` (with the cycle).
    """
    for code in sorted(definitions):
        _check_missing(code, definitions, (code,))
    _check_cycles(definitions)
    placed: list[str] = []
    remaining = dict(definitions)
    while remaining:
        ready = [c for c, d in remaining.items() if all(r in placed for r in d.requires)]
        ready.sort(key=lambda c: (not remaining[c].is_core, c))
        first = ready[0]
        placed.append(first)
        del remaining[first]
    return placed


def _check_missing(
    code: str, definitions: Mapping[str, ModuleDefinition], chain: Sequence[str]
) -> None:
    for req in definitions[code].requires:
        if req not in definitions:
            raise MissingDependency(chain[0], req, (*chain, req))
        if req not in chain:
            _check_missing(req, definitions, (*chain, req))


def _check_cycles(definitions: Mapping[str, ModuleDefinition]) -> None:
    done: set[str] = set()

    def visit(code: str, path: list[str]) -> None:
        if code in path:
            raise DependencyCycle([*path[path.index(code) :], code])
        if code in done:
            return
        path.append(code)
        for req in sorted(definitions[code].requires):
            visit(req, path)
        path.pop()
        done.add(code)

    for code in sorted(definitions):
        visit(code, [])
