"""StatsAggregator and WidgetAggregator: ask every enabled module, isolate each one."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, Generic, TypeVar, cast

from mercato.domain.core.isolation import (
    FailureLog,
    Slot,
    raising,
    run_all,
    run_isolated,
    sequence_of,
)
from mercato.domain.kernel.components import ModuleComponents
from mercato.domain.kernel.definition import ModuleDefinition
from mercato.domain.kernel.enablement import EnablementService
from mercato.domain.kernel.registry import ModuleRegistry
from mercato.ports.metrics import MetricValue
from mercato.ports.scope import Scope
from mercato.ports.uow import NullProviderIsolation, ProviderIsolation
from mercato.ports.widgets import BreakdownWidget, DashboardWidget, ListWidget, TimeSeriesWidget

__all__ = [
    "Dashboard",
    "DashboardService",
    "ModuleUnavailable",
    "StatsAggregator",
    "WidgetAggregator",
]

T = TypeVar("T")


class ModuleUnavailable(RuntimeError):
    """The module's code failed in this process; its slot shows why."""


DEFAULT_TIMEOUT = 2.0


class _Aggregator(Generic[T]):
    surface = ""

    def __init__(
        self,
        registry: ModuleRegistry,
        enablement: EnablementService,
        components: ModuleComponents,
        timeout: float = DEFAULT_TIMEOUT,
        failures: FailureLog | None = None,
        isolation: ProviderIsolation | None = None,
    ) -> None:
        self._registry = registry
        self._enablement = enablement
        self._components = components
        self._timeout = timeout
        self._failures = failures or FailureLog()
        self.isolation = isolation or NullProviderIsolation()

    def _call(self, d: ModuleDefinition, scope: Scope) -> Callable[[], Awaitable[object]] | None:
        raise NotImplementedError

    def _ref(self, d: ModuleDefinition) -> str | None:
        raise NotImplementedError

    def _validate(self, result: object) -> tuple[T, ...]:
        raise NotImplementedError

    async def collect(self, scope: Scope, enabled: frozenset[str] | None = None) -> list[Slot[T]]:
        """One slot per enabled module that has a provider, in dependency order.

        Providers run ``isolation.concurrency`` at a time (by default one after the other,
        on the request's connection); each is bounded by the timeout and guarded against
        exceptions and malformed results, so the list is always complete.
        """
        if enabled is None:
            enabled = await self._enablement.enabled_on(scope.platform_id)
        return await run_all(self.jobs(scope, enabled), self.isolation.concurrency)

    def jobs(self, scope: Scope, enabled: frozenset[str]) -> list[Callable[[], Awaitable[Slot[T]]]]:
        """One isolated call per enabled module that has a provider, in dependency order."""
        jobs: list[Callable[[], Awaitable[Slot[T]]]] = []
        for d in self._registry.ordered(enabled):
            fault = self._registry.unavailable.get(d.code)
            try:
                if fault is not None:  # its code failed here: do not build its provider
                    call = raising(ModuleUnavailable(fault.reason)) if self._ref(d) else None
                else:
                    call = self._call(d, scope)
            except Exception as exc:
                call = raising(exc)
            if call is not None:
                jobs.append(
                    partial(
                        run_isolated,
                        d.code,
                        d.name,
                        self.surface,
                        call,
                        self._validate,
                        limit=self._timeout,
                        failures=self._failures,
                        isolation=self.isolation,
                    )
                )
        return jobs


class StatsAggregator(_Aggregator[MetricValue]):
    """Collects the metrics of every module enabled on the scope's platform."""

    surface = "metrics"
    _check = staticmethod(sequence_of((MetricValue,)))

    def _ref(self, d: ModuleDefinition) -> str | None:
        return d.metrics_provider

    def _call(self, d: ModuleDefinition, scope: Scope) -> Callable[[], Awaitable[object]] | None:
        if d.metrics_provider is None:
            return None
        provider = self._components.metrics_provider(d.code)
        if provider is None:
            return None
        return lambda: provider.metrics(scope)

    def _validate(self, result: object) -> tuple[MetricValue, ...]:
        return self._check(result)  # type: ignore[return-value]


class WidgetAggregator(_Aggregator[DashboardWidget]):
    """Collects the dashboard widgets of every module enabled on the scope's platform."""

    surface = "widgets"
    _check = staticmethod(sequence_of((ListWidget, BreakdownWidget, TimeSeriesWidget)))

    def _ref(self, d: ModuleDefinition) -> str | None:
        return d.widget_provider

    def _call(self, d: ModuleDefinition, scope: Scope) -> Callable[[], Awaitable[object]] | None:
        if d.widget_provider is None:
            return None
        provider = self._components.widget_provider(d.code)
        if provider is None:
            return None
        return lambda: provider.widgets(scope)

    def _validate(self, result: object) -> tuple[DashboardWidget, ...]:
        return self._check(result)  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class Dashboard:
    """What a dashboard shows: metric slots and widget slots, one per module."""

    scope: Scope
    metrics: tuple[Slot[MetricValue], ...]
    widgets: tuple[Slot[DashboardWidget], ...]

    @property
    def unavailable(self) -> tuple[str, ...]:
        """The modules whose metrics or widgets could not be shown."""
        names = {s.module for s in self.metrics if not s.ok}
        names.update(s.module for s in self.widgets if not s.ok)
        return tuple(sorted(names))

    def with_links(self, may_open: Callable[[str], bool]) -> Dashboard:
        """This dashboard with every list item's ``url`` that ``may_open`` refuses taken
        away: the item stays, as plain text. Pages never offer what the viewer may not do,
        and a provider cannot know every viewer's permissions: the page asks the routes."""
        return replace(self, widgets=tuple(_linked(slot, may_open) for slot in self.widgets))


def _linked(slot: Slot[DashboardWidget], may_open: Callable[[str], bool]) -> Slot[DashboardWidget]:
    if not any(isinstance(w, ListWidget) for w in slot.items):
        return slot
    widgets = tuple(
        replace(
            w,
            items=tuple(
                i if i.url is None or may_open(i.url) else replace(i, url=None) for i in w.items
            ),
        )
        if isinstance(w, ListWidget)
        else w
        for w in slot.items
    )
    return replace(slot, items=widgets)


class DashboardService:
    """Builds a dashboard from both aggregators, under the metrics aggregator's isolation
    (its concurrency bounds the metrics and widget providers together)."""

    def __init__(
        self,
        stats: StatsAggregator,
        widgets: WidgetAggregator,
        enablement: EnablementService,
        registry: ModuleRegistry | None = None,
    ) -> None:
        self._stats = stats
        self._widgets = widgets
        self._enablement = enablement
        self._registry = registry

    async def dashboard(
        self,
        scope: Scope,
        enabled: frozenset[str] | None = None,
        viewer: frozenset[str] | None = None,
    ) -> Dashboard:
        """The metrics and widgets of the modules enabled on the scope's platform.

        ``enabled`` is the platform's enabled set when the caller already read it. With
        ``viewer`` (the viewer's permission codes), a module is shown only when it declares no
        permission or the viewer holds at least one of its permissions: a viewer sees the
        numbers of what they may work with, nothing else.
        """
        if enabled is None:
            enabled = await self._enablement.enabled_on(scope.platform_id)
        if viewer is not None and self._registry is not None and "*" not in viewer:
            enabled = frozenset(
                d.code
                for d in self._registry.ordered(enabled)
                if not d.permissions or d.permission_codes() & viewer
            )
        metric_jobs = self._stats.jobs(scope, enabled)
        jobs: list[Callable[[], Awaitable[Slot[Any]]]] = [
            *metric_jobs,
            *self._widgets.jobs(scope, enabled),
        ]
        slots = await run_all(jobs, self._stats.isolation.concurrency)
        metrics = cast(list[Slot[MetricValue]], slots[: len(metric_jobs)])
        widgets = cast(list[Slot[DashboardWidget]], slots[len(metric_jobs) :])
        return Dashboard(scope, tuple(metrics), tuple(widgets))
