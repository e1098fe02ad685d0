"""Per-platform enablement of modules, and the rules that keep it consistent."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from mercato.domain.kernel.definition import ModuleDefinition
from mercato.domain.kernel.errors import CoreModuleCannotBeDisabled, ModuleRequiredByOthers
from mercato.domain.kernel.registry import ModuleRegistry

__all__ = [
    "EnablementChange",
    "EnablementService",
    "EnablementStore",
    "FakeEnablementStore",
    "ModuleStatus",
]


class EnablementStore(Protocol):
    """Persists which optional modules are enabled on which platform."""

    async def enabled_on(self, platform_id: int) -> frozenset[str]:
        """Return the module codes stored as enabled on ``platform_id``.

        May contain codes of modules that are no longer installed; the service ignores them.
        """
        ...

    async def enabled_anywhere(self) -> frozenset[str]:
        """Return the codes enabled on at least one platform."""
        ...

    async def change(
        self, platform_id: int, enable: frozenset[str], disable: frozenset[str]
    ) -> None:
        """Atomically add ``enable`` to and remove ``disable`` from the platform's set."""
        ...


@dataclass(frozen=True, slots=True)
class ModuleStatus:
    """A module as seen from one platform; ``reason`` explains ``enabled`` in words.

    ``broken`` marks a quarantined module (it cannot be enabled) and a module whose code
    failed in this process; ``reason`` then says why.
    """

    code: str
    name: str
    kind: str
    version: str
    requires: tuple[str, ...]
    enabled: bool
    reason: str
    broken: bool = False


@dataclass(frozen=True, slots=True)
class EnablementChange:
    """What an enable or disable did; ``message`` says it in one sentence."""

    module: str
    changed: tuple[str, ...]
    also_enabled: tuple[str, ...] = ()
    message: str = ""


class EnablementService:
    """Enables and disables modules on platforms, keeping the dependency rules.

    Core modules are always enabled; enabling a module enables what it requires; disabling a
    module that an enabled module requires is refused. Every call reads the store, so a
    change made by another process is seen on the next call.
    """

    def __init__(self, registry: ModuleRegistry, store: EnablementStore) -> None:
        self._registry = registry
        self._store = store

    async def enabled_on(self, platform_id: int) -> frozenset[str]:
        """The codes effectively enabled on the platform (core modules included)."""
        stored = await self._store.enabled_on(platform_id)
        return self._effective(stored)

    async def enabled_anywhere(self) -> frozenset[str]:
        """The codes enabled on at least one platform (core modules included)."""
        return self._effective(await self._store.enabled_anywhere())

    def _effective(self, stored: frozenset[str]) -> frozenset[str]:
        codes = set(self._registry.core_codes)
        for code in stored:
            if code in self._registry:
                codes.add(code)
                codes.update(self._registry.requirements_of(code))
        return frozenset(codes)

    async def enable(self, platform_id: int, code: str) -> EnablementChange:
        """Enable ``code`` and what it requires; say which requirements came along."""
        definition = self._registry.get(code)
        if definition.is_core:
            return EnablementChange(code, (), message=f"'{code}' is a core module: always enabled")
        current = await self.enabled_on(platform_id)
        wanted = [*self._registry.requirements_of(code), code]
        new = tuple(c for c in wanted if c not in current)
        if not new:
            return EnablementChange(code, (), message=f"'{code}' was already enabled")
        await self._store.change(platform_id, frozenset(new), frozenset())
        also = tuple(c for c in new if c != code)
        message = f"enabled '{code}'"
        if also:
            message += f"; also enabled {', '.join(repr(c) for c in also)} (required by '{code}')"
        return EnablementChange(code, new, also, message)

    async def disable(self, platform_id: int, code: str) -> EnablementChange:
        """Disable ``code``; refused for core modules and for modules others require."""
        definition = self._registry.get(code)
        if definition.is_core:
            raise CoreModuleCannotBeDisabled(code)
        stored = await self._store.enabled_on(platform_id)
        current = self._effective(stored)
        if code not in current:
            return EnablementChange(code, (), message=f"'{code}' was not enabled")
        dependents = self._registry.dependents_of(code, among=current)
        if dependents:
            raise ModuleRequiredByOthers(code, dependents)
        await self._store.change(platform_id, frozenset(), frozenset({code}))
        return EnablementChange(code, (code,), message=f"disabled '{code}'")

    async def status(self, platform_id: int) -> Sequence[ModuleStatus]:
        """Every installed module with whether and why it is enabled on the platform; the
        quarantined modules come last, as broken."""
        stored = await self._store.enabled_on(platform_id)
        current = self._effective(stored)
        out = [self._status(d, stored, current) for d in self._registry]
        out += [
            ModuleStatus(
                b.code,
                b.name or b.code,
                "broken",
                b.version,
                b.requires,
                False,
                f"broken, cannot be enabled ({b.rule}): {b.reason}",
                broken=True,
            )
            for b in self._registry.set_aside()
        ]
        return out

    def _status(
        self, d: ModuleDefinition, stored: frozenset[str], current: frozenset[str]
    ) -> ModuleStatus:
        if d.is_core:
            reason = "core module: always enabled"
        elif d.code in stored:
            reason = "enabled on this platform"
        elif d.code in current:
            users = self._registry.dependents_of(d.code, among=current)
            reason = f"enabled because {', '.join(users)} require(s) it"
        else:
            missing = [r for r in self._registry.requirements_of(d.code) if r not in current]
            reason = "not enabled on this platform"
            if missing:
                reason += f" (enabling it also enables {', '.join(missing)})"
        fault = self._registry.unavailable.get(d.code)
        if fault is not None:
            reason += f"; unavailable ({fault.rule}): {fault.reason}"
        return ModuleStatus(
            d.code,
            d.name,
            d.kind.value,
            d.version,
            d.requires,
            d.code in current,
            reason,
            broken=fault is not None,
        )


class FakeEnablementStore:
    """An in-memory :class:`EnablementStore` for tests."""

    def __init__(self) -> None:
        self.by_platform: dict[int, set[str]] = {}

    async def enabled_on(self, platform_id: int) -> frozenset[str]:
        """Stored codes of the platform."""
        return frozenset(self.by_platform.get(platform_id, set()))

    async def enabled_anywhere(self) -> frozenset[str]:
        """Union over platforms."""
        return frozenset().union(*self.by_platform.values()) if self.by_platform else frozenset()

    async def change(
        self, platform_id: int, enable: frozenset[str], disable: frozenset[str]
    ) -> None:
        """Apply the change."""
        codes = self.by_platform.setdefault(platform_id, set())
        codes |= enable
        codes -= disable
