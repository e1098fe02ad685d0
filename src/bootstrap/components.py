"""Module containers, built lazily: a module's code is imported when it is first needed."""

from __future__ import annotations

import threading
from typing import Any, TypeVar, cast

from dependency_injector import containers

from mercato.domain.kernel.definition import EventSubscription
from mercato.domain.kernel.enablement import EnablementStore
from mercato.domain.kernel.enums import FrontendType
from mercato.domain.kernel.errors import KernelError
from mercato.domain.kernel.loading import resolve_ref
from mercato.domain.kernel.registry import ModuleRegistry
from mercato.ports.context import ContextProvider
from mercato.ports.contracts import contract_key
from mercato.ports.events import EventHandler
from mercato.ports.metrics import MetricsProvider
from mercato.ports.widgets import DashboardWidgetProvider

__all__ = ["ComponentNotFound", "ModuleContainers", "ModuleContracts"]

T = TypeVar("T")


class ComponentNotFound(KernelError, LookupError):
    """A task asked for a component that no installed module provides."""


class ModuleContainers:
    """Implements :class:`domain.kernel.components.ModuleComponents` over module containers.

    A module's container class is named by its definition's ``wiring`` reference and is
    given the root container as its ``root`` dependency. Providers follow a naming
    convention: ``metrics_provider``, ``widget_provider`` and ``context_<frontend>``.
    """

    def __init__(self, registry: ModuleRegistry, root: containers.Container) -> None:
        self._registry = registry
        self._root = root
        self._built: dict[str, containers.Container] = {}
        self._lock = threading.Lock()

    def container(self, code: str) -> containers.Container:
        """The container of module ``code``, built (and its code imported) on first use."""
        with self._lock:
            if code not in self._built:
                definition = self._registry.get(code)
                if definition.wiring is None:
                    self._built[code] = containers.DynamicContainer()
                else:
                    cls = resolve_ref(definition.wiring)
                    self._built[code] = cls(root=self._root)
            return self._built[code]

    @property
    def loaded(self) -> frozenset[str]:
        """Codes of the modules whose containers have been built."""
        return frozenset(self._built)

    def _provide(self, code: str, name: str, ref: str | None) -> Any:
        if ref is None:
            return None
        container = self.container(code)
        provider = getattr(container, name, None)
        if provider is not None:
            return provider()
        target = resolve_ref(ref)
        return target() if callable(target) else target

    def metrics_provider(self, code: str) -> MetricsProvider | None:
        """The module's metrics provider, or ``None``."""
        result: MetricsProvider | None = self._provide(
            code, "metrics_provider", self._registry.get(code).metrics_provider
        )
        return result

    def widget_provider(self, code: str) -> DashboardWidgetProvider | None:
        """The module's widget provider, or ``None``."""
        result: DashboardWidgetProvider | None = self._provide(
            code, "widget_provider", self._registry.get(code).widget_provider
        )
        return result

    def context_provider(self, code: str, frontend: FrontendType) -> ContextProvider | None:
        """The module's context provider for ``frontend``, or ``None``."""
        ref = self._registry.get(code).context_providers.get(frontend)
        result: ContextProvider | None = self._provide(code, f"context_{frontend.value}", ref)
        return result

    def resolve(self, component: str) -> Any:
        """``"<module>.<provider>"``: call that provider of the module's container."""
        code, _, name = component.partition(".")
        if code not in self._registry:
            raise ComponentNotFound(f"no installed module '{code}' (component '{component}')")
        provider = getattr(self.container(code), name, None)
        if provider is None:
            raise ComponentNotFound(f"module '{code}' has no component '{name}'")
        return provider()

    def event_handler(self, code: str, subscription: EventSubscription) -> EventHandler:
        """The handler module ``code`` declares by ``subscription``, built on first use.

        The container's provider ``handler_<name>`` when there is one, else the object the
        reference names (called when it is a class or a factory that is not a handler).
        """
        provider = getattr(self.container(code), f"handler_{subscription.name}", None)
        if provider is not None:
            return cast(EventHandler, provider())
        target = resolve_ref(subscription.handler)
        if isinstance(target, type):
            return cast(EventHandler, target())
        return cast(EventHandler, target)

    def contract(self, code: str, key: str) -> Any:
        """The implementation of contract ``key`` that module ``code`` publishes."""
        definition = self._registry.get(code)
        name = definition.contracts.get(key)
        if name is None:
            raise ComponentNotFound(f"module '{code}' publishes no contract '{key}'")
        provider = getattr(self.container(code), name, None)
        if provider is None:
            raise ComponentNotFound(
                f"module '{code}' names provider '{name}' for contract '{key}', "
                "and its container has none"
            )
        return provider()


class ModuleContracts:
    """Implements :class:`mercato.ports.contracts.ContractLookup` over the enabled modules.

    A contract is published by the first module, in dependency order, that names it in its
    definition and is enabled on the platform; a quarantined module publishes nothing.
    """

    def __init__(
        self, registry: ModuleRegistry, enablement: EnablementStore, containers: ModuleContainers
    ) -> None:
        self._registry = registry
        self._enablement = enablement
        self._containers = containers

    async def find(self, platform_id: int, contract: type[T]) -> T | None:
        """The contract's implementation on ``platform_id``, or ``None``."""
        key = contract_key(contract)
        enabled = await self._enablement.enabled_on(platform_id)
        for d in self._registry.ordered(enabled):
            if key in d.contracts and d.code not in self._registry.unavailable:
                return cast(T, self._containers.contract(d.code, key))
        return None

    def any(self, contract: type[T]) -> T | None:
        """The contract's implementation by any installed module, or ``None``."""
        key = contract_key(contract)
        for d in self._registry.ordered(self._registry.order):
            if key in d.contracts and d.code not in self._registry.unavailable:
                return cast(T, self._containers.contract(d.code, key))
        return None
