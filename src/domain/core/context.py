"""get_context_for_frontend: template variables contributed by the enabled modules."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from functools import partial

from mercato.domain.core.isolation import FailureLog, Slot, raising, run_all, run_isolated
from mercato.domain.kernel.components import ModuleComponents
from mercato.domain.kernel.enablement import EnablementService
from mercato.domain.kernel.enums import FrontendType
from mercato.domain.kernel.registry import ModuleRegistry
from mercato.ports.context import ContextProvider
from mercato.ports.scope import Scope
from mercato.ports.uow import NullProviderIsolation, ProviderIsolation

__all__ = ["ContextService", "FrontendContext"]


@dataclass(frozen=True, slots=True)
class FrontendContext:
    """Merged template variables, and the modules whose providers failed."""

    values: Mapping[str, object] = field(default_factory=dict)
    unavailable: tuple[str, ...] = ()


def _asker(provider: ContextProvider, scope: Scope) -> Callable[[], Awaitable[object]]:
    async def ask() -> object:
        return await provider.context(scope)

    return ask


def _mapping_items(result: object) -> tuple[tuple[str, object], ...]:
    if not isinstance(result, Mapping):
        raise TypeError(f"expected a mapping, got {type(result).__name__}")
    if not all(isinstance(k, str) for k in result):
        raise TypeError("context keys must be strings")
    return tuple(result.items())


class ContextService:
    """Asks the context providers of enabled modules for one frontend, ``isolation``'s
    ``concurrency`` at a time."""

    def __init__(
        self,
        registry: ModuleRegistry,
        enablement: EnablementService,
        components: ModuleComponents,
        timeout: float = 2.0,
        failures: FailureLog | None = None,
        isolation: ProviderIsolation | None = None,
    ) -> None:
        self._registry = registry
        self._enablement = enablement
        self._components = components
        self._timeout = timeout
        self._failures = failures or FailureLog()
        self._isolation = isolation or NullProviderIsolation()

    async def get_context_for_frontend(
        self, scope: Scope, frontend: FrontendType, enabled: frozenset[str] | None = None
    ) -> FrontendContext:
        """Merge the variables of every enabled module's provider for ``frontend``.

        Modules are merged in dependency order; a key already set by an earlier module is
        kept (keys should be namespaced by module). A failing provider only loses its own keys.
        """
        if enabled is None:
            enabled = await self._enablement.enabled_on(scope.platform_id)
        jobs: list[Callable[[], Awaitable[Slot[tuple[str, object]]]]] = []
        for d in self._registry.ordered(enabled):
            if frontend not in d.context_providers:
                continue
            try:
                provider = self._components.context_provider(d.code, frontend)
                call = None if provider is None else _asker(provider, scope)
            except Exception as exc:
                call = raising(exc)
            if call is not None:
                jobs.append(
                    partial(
                        run_isolated,
                        d.code,
                        d.name,
                        f"context:{frontend}",
                        call,
                        _mapping_items,
                        limit=self._timeout,
                        failures=self._failures,
                        isolation=self._isolation,
                    )
                )
        values: dict[str, object] = {}
        unavailable: list[str] = []
        for slot in await run_all(jobs, self._isolation.concurrency):
            if not slot.ok:
                unavailable.append(slot.module)
            for key, value in slot.items:
                values.setdefault(key, value)
        return FrontendContext(values, tuple(unavailable))
