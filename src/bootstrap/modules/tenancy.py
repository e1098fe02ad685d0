"""The tenancy module's container."""

from __future__ import annotations

from dependency_injector import containers, providers

from adapters.tenancy.repositories import SqlAlchemyPlatformRepository
from domain.tenancy.metrics import TenancyMetricsProvider
from domain.tenancy.services import PlatformService

__all__ = ["TenancyContainer"]


class TenancyContainer(containers.DeclarativeContainer):
    """Platforms and the tenancy metrics."""

    root = providers.DependenciesContainer()

    platform_repository = providers.Singleton(SqlAlchemyPlatformRepository, root.sessions)
    platforms = providers.Singleton(PlatformService, platform_repository)
    metrics_provider = providers.Singleton(TenancyMetricsProvider, platform_repository)
    enablement = providers.Callable(lambda e: e, root.enablement)
