"""Builders of throwaway module definitions and providers for kernel tests."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping, Sequence

from mercato.domain.kernel.definition import (
    MenuItem,
    MenuSection,
    ModuleDefinition,
    PermissionDefinition,
    ScheduledTask,
    TaskDefinition,
)
from mercato.domain.kernel.enablement import EnablementService, FakeEnablementStore
from mercato.domain.kernel.enums import FrontendType, ModuleKind, RolePreset
from mercato.domain.kernel.registry import ModuleRegistry
from mercato.ports.metrics import MetricValue
from mercato.ports.scope import Scope

__all__ = [
    "Hanging",
    "HangingMetrics",
    "Raising",
    "RaisingMetrics",
    "Returning",
    "StaticMetrics",
    "kernel",
    "module",
]


def module(
    code: str,
    *,
    requires: Sequence[str] = (),
    core: bool = False,
    permissions: Sequence[str] = (),
    menu: Sequence[tuple[str, str | None]] = (),
    metrics: bool = False,
    widgets: bool = False,
    context: Sequence[FrontendType] = (),
    presets: Mapping[RolePreset, Sequence[str]] | None = None,
    scheduled: Sequence[tuple[str, str]] = (),
) -> ModuleDefinition:
    """A definition with ``code.*`` permissions and admin menu items ``(id, permission)``.

    ``context`` lists the frontends it has a context provider for; ``scheduled`` lists
    ``(task name, cron)`` pairs, each with a matching task declared.
    """
    return ModuleDefinition(
        code=code,
        name=code.title(),
        kind=ModuleKind.CORE if core else ModuleKind.OPTIONAL,
        requires=tuple(requires),
        permissions=tuple(PermissionDefinition(p, p) for p in permissions),
        menus={
            FrontendType.ADMIN: (
                MenuSection(
                    "main",
                    "Main",
                    items=tuple(
                        MenuItem(i, i.title(), f"/admin/{i}", permission=p) for i, p in menu
                    ),
                ),
            )
        }
        if menu
        else {},
        metrics_provider=f"tests.support.modules:{code}" if metrics else None,
        widget_provider=f"tests.support.modules:{code}" if widgets else None,
        context_providers={f: f"tests.support.modules:{code}" for f in context},
        role_presets={p: tuple(c) for p, c in (presets or {}).items()},
        tasks=tuple(TaskDefinition(name, f"tests.support.modules:{name}") for name, _ in scheduled),
        scheduled_tasks=tuple(ScheduledTask(name, cron, name) for name, cron in scheduled),
    )


def kernel(
    *definitions: ModuleDefinition, enabled: Mapping[int, Iterable[str]] | None = None
) -> tuple[ModuleRegistry, EnablementService, FakeEnablementStore]:
    """A registry of ``definitions`` and an enablement service over an in-memory store.

    ``enabled`` maps platform ids to the codes stored as enabled there.
    """
    registry = ModuleRegistry(definitions)
    store = FakeEnablementStore()
    for platform_id, codes in (enabled or {}).items():
        store.by_platform[platform_id] = set(codes)
    return registry, EnablementService(registry, store), store


class StaticMetrics:
    """Answers with one metric; counts its calls and remembers the scopes it was asked in."""

    def __init__(self, key: str, value: int) -> None:
        self.key = key
        self.value = value
        self.scopes: list[Scope] = []

    @property
    def calls(self) -> int:
        """How many times it was asked."""
        return len(self.scopes)

    async def metrics(self, scope: Scope) -> Sequence[MetricValue]:
        self.scopes.append(scope)
        return (MetricValue(self.key, self.key, self.value),)


class RaisingMetrics:
    """Always fails."""

    async def metrics(self, scope: Scope) -> Sequence[MetricValue]:
        raise RuntimeError("database on fire")


class HangingMetrics:
    """Never answers."""

    async def metrics(self, scope: Scope) -> Sequence[MetricValue]:
        await asyncio.Event().wait()
        return ()


class Returning:
    """A provider of every kind that answers ``value`` as is (for malformed answers)."""

    def __init__(self, value: object) -> None:
        self.value = value
        self.calls = 0

    async def _answer(self) -> object:
        self.calls += 1
        return self.value

    async def metrics(self, scope: Scope) -> object:
        return await self._answer()

    async def widgets(self, scope: Scope) -> object:
        return await self._answer()

    async def context(self, scope: Scope) -> object:
        return await self._answer()


class Raising:
    """A provider of every kind that always fails."""

    def __init__(self) -> None:
        self.calls = 0

    async def _fail(self) -> object:
        self.calls += 1
        raise RuntimeError("database on fire")

    async def metrics(self, scope: Scope) -> object:
        return await self._fail()

    async def widgets(self, scope: Scope) -> object:
        return await self._fail()

    async def context(self, scope: Scope) -> object:
        return await self._fail()


class Hanging:
    """A provider of every kind that never answers."""

    async def _hang(self) -> object:
        await asyncio.Event().wait()
        return None

    async def metrics(self, scope: Scope) -> object:
        return await self._hang()

    async def widgets(self, scope: Scope) -> object:
        return await self._hang()

    async def context(self, scope: Scope) -> object:
        return await self._hang()
