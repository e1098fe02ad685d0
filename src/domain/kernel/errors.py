"""Errors of the module kernel. Each names the module(s) concerned, never a bare traceback."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mercato.domain.kernel.quarantine import BrokenModule

__all__ = [
    "CoreModuleCannotBeDisabled",
    "DependencyCycle",
    "InvalidModuleDefinition",
    "KernelError",
    "MissingDependency",
    "ModuleQuarantined",
    "ModuleRequiredByOthers",
    "UnknownModule",
]


class KernelError(Exception):
    """Base of every error the kernel raises; its message is meant for an operator."""


class InvalidModuleDefinition(KernelError):
    """A definition breaks one or more rules; ``problems`` lists them all."""

    def __init__(self, module: str, problems: Sequence[str]) -> None:
        self.module = module
        self.problems = tuple(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"module '{module}' has an invalid definition:\n{lines}")


class MissingDependency(KernelError):
    """A module requires a module that is not installed."""

    def __init__(self, module: str, missing: str, chain: Sequence[str] = ()) -> None:
        self.module = module
        self.missing = missing
        self.chain = tuple(chain) or (module, missing)
        super().__init__(
            f"module '{module}' requires '{missing}', which is not installed "
            f"(chain: {' -> '.join(self.chain)})"
        )


class DependencyCycle(KernelError):
    """Modules require each other in a circle; ``chain`` starts and ends with one module."""

    def __init__(self, chain: Sequence[str]) -> None:
        self.chain = tuple(chain)
        super().__init__(f"modules require each other in a cycle: {' -> '.join(self.chain)}")


class UnknownModule(KernelError):
    """No installed module has this code."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(f"no installed module is called '{code}'")


class CoreModuleCannotBeDisabled(KernelError):
    """Core modules are always enabled."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(f"module '{code}' is a core module and is always enabled")


class ModuleRequiredByOthers(KernelError):
    """Disabling a module that enabled modules require is refused."""

    def __init__(self, code: str, dependents: Sequence[str]) -> None:
        self.code = code
        self.dependents = tuple(dependents)
        super().__init__(
            f"module '{code}' cannot be disabled: it is required by the enabled "
            f"module(s) {', '.join(self.dependents)}; disable those first"
        )


class ModuleQuarantined(KernelError):
    """The module is installed but broken: it is set aside and cannot be enabled.

    ``broken`` is its :class:`domain.kernel.quarantine.BrokenModule` record.
    """

    def __init__(self, broken: BrokenModule) -> None:
        self.broken = broken
        self.code = broken.code
        super().__init__(
            f"module '{broken.code}' is broken and cannot be enabled "
            f"({broken.rule}, {broken.origin}): {broken.reason}"
        )
