"""The catalog module's container."""

from __future__ import annotations

from dependency_injector import containers, providers

from mercato.adapters.catalog.reader import SqlAlchemyCatalogReader
from mercato.adapters.catalog.repositories import SqlAlchemyProductRepository
from mercato.domain.catalog.importing import CatalogImporter
from mercato.domain.catalog.metrics import CatalogMetricsProvider
from mercato.domain.catalog.services import CatalogService
from mercato.domain.catalog.widgets import CatalogWidgetProvider

__all__ = ["CatalogContainer"]


class CatalogContainer(containers.DeclarativeContainer):
    """The product repository, the use cases, the published contracts and the providers.

    Images named ``media:<id>`` are resolved through a ``MediaService`` when a module
    provides one; without it the catalog keeps image addresses as given.
    """

    root = providers.DependenciesContainer()

    repository = providers.Singleton(SqlAlchemyProductRepository, root.sessions)
    catalog = providers.Singleton(CatalogService, repository, root.clock)
    reader = providers.Singleton(SqlAlchemyCatalogReader, root.sessions)
    importer = providers.Singleton(CatalogImporter, repository, root.clock)
    metrics_provider = providers.Singleton(CatalogMetricsProvider, repository)
    widget_provider = providers.Singleton(CatalogWidgetProvider, repository)
