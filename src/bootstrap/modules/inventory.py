"""The inventory module's container."""

from __future__ import annotations

from dependency_injector import containers, providers

from mercato.adapters.db.scope import unit_of_work
from mercato.adapters.inventory.repositories import SqlAlchemyStockRepository
from mercato.domain.inventory.metrics import InventoryMetricsProvider
from mercato.domain.inventory.reservations import ReservationService
from mercato.domain.inventory.services import StockService
from mercato.domain.inventory.widgets import InventoryWidgetProvider

__all__ = ["InventoryContainer"]


class InventoryContainer(containers.DeclarativeContainer):
    """The stock repository, the use cases, the published reservations and the providers."""

    root = providers.DependenciesContainer()

    stock_repository = providers.Singleton(SqlAlchemyStockRepository, root.sessions)
    event_publisher = providers.Callable(lambda p: p, root.event_publisher)
    # The catalog's CatalogReader is found through the contract lookup on the request's
    # platform; tests override this provider with a FakeContractLookup.
    contracts = providers.Callable(lambda found: found, root.contracts)
    transaction = providers.Object(unit_of_work)

    stock = providers.Singleton(
        StockService, stock_repository, contracts, event_publisher, root.clock, transaction
    )
    reservations = providers.Singleton(
        ReservationService, stock_repository, event_publisher, root.clock, transaction
    )

    metrics_provider = providers.Singleton(InventoryMetricsProvider, stock_repository)
    widget_provider = providers.Singleton(InventoryWidgetProvider, stock_repository, root.clock)
