"""The core module's container: aggregators, menus, permissions, context, housekeeping."""

from __future__ import annotations

from datetime import timedelta

from dependency_injector import containers, providers

from mercato.bootstrap.settings import Settings
from mercato.domain.core.aggregators import DashboardService, StatsAggregator, WidgetAggregator
from mercato.domain.core.context import ContextService
from mercato.domain.core.isolation import FailureLog
from mercato.domain.core.menus import MenuService
from mercato.domain.core.outbox import OutboxOperations
from mercato.domain.core.services import HousekeepingService
from mercato.domain.kernel.permissions import PermissionCatalogue

__all__ = ["CoreContainer"]


def _retention(settings: Settings) -> timedelta:
    return timedelta(days=settings.event_retention_days)


class CoreContainer(containers.DeclarativeContainer):
    """Built once per process; its services ask the enablement store on every call."""

    root = providers.DependenciesContainer()

    failures = providers.Singleton(FailureLog)
    stats = providers.Singleton(
        StatsAggregator,
        root.registry,
        root.enablement,
        root.components,
        timeout=root.provider_timeout,
        failures=failures,
        isolation=root.provider_isolation,
    )
    widgets = providers.Singleton(
        WidgetAggregator,
        root.registry,
        root.enablement,
        root.components,
        timeout=root.provider_timeout,
        failures=failures,
        isolation=root.provider_isolation,
    )
    dashboard = providers.Singleton(
        DashboardService, stats, widgets, root.enablement, root.registry
    )
    menus = providers.Singleton(
        MenuService, root.registry, root.enablement, root.menu_configuration
    )
    permissions = providers.Singleton(PermissionCatalogue, root.registry, root.enablement)
    context = providers.Singleton(
        ContextService,
        root.registry,
        root.enablement,
        root.components,
        timeout=root.provider_timeout,
        failures=failures,
        isolation=root.provider_isolation,
    )
    events = root.event_dispatcher
    outbox = providers.Factory(
        OutboxOperations,
        root.event_store,
        root.clock,
        root.event_policy,
        retention=providers.Callable(_retention, root.settings),
    )
    housekeeping = providers.Factory(
        HousekeepingService, root.task_ledger, root.clock, root.expiring_sessions
    )
