"""The orders module's container."""

from __future__ import annotations

from dependency_injector import containers, providers

from mercato.adapters.orders.repositories import ScopedTransactions, SqlAlchemyOrderRepository
from mercato.adapters.orders.rollups import SqlAlchemyRollupReader
from mercato.domain.orders.metrics import OrderMetricsProvider
from mercato.domain.orders.services import OrderService
from mercato.domain.orders.widgets import OrderWidgetProvider

__all__ = ["OrdersContainer"]


class OrdersContainer(containers.DeclarativeContainer):
    """Repositories, the order use cases and the dashboard providers."""

    root = providers.DependenciesContainer()

    repository = providers.Singleton(SqlAlchemyOrderRepository, root.sessions)
    rollups = providers.Singleton(SqlAlchemyRollupReader, root.sessions)
    transactions = providers.Singleton(ScopedTransactions, root.sessions)

    event_publisher = providers.Callable(lambda p: p, root.event_publisher)

    orders = providers.Singleton(
        OrderService,
        repository,
        transactions,
        root.contracts,
        event_publisher,
        root.clock,
    )
    metrics_provider = providers.Singleton(OrderMetricsProvider, rollups, root.clock)
    widget_provider = providers.Singleton(OrderWidgetProvider, rollups, root.clock)
