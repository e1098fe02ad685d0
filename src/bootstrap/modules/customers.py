"""The customers module's container."""

from __future__ import annotations

from dependency_injector import containers, providers

from mercato.adapters.customers.repositories import SqlAlchemyCustomerRepository
from mercato.domain.customers.metrics import CustomerMetricsProvider
from mercato.domain.customers.services import CustomerDirectoryService, CustomerService

__all__ = ["CustomersContainer"]


class CustomersContainer(containers.DeclarativeContainer):
    """The repository, the use cases, the dashboard's provider and the published contract
    (``directory``: :class:`mercato.ports.customers.CustomerDirectory`)."""

    root = providers.DependenciesContainer()

    customer_repository = providers.Singleton(SqlAlchemyCustomerRepository, root.sessions)
    customers = providers.Singleton(CustomerService, customer_repository, root.clock)
    directory = providers.Singleton(CustomerDirectoryService, customer_repository, root.clock)
    metrics_provider = providers.Singleton(CustomerMetricsProvider, customer_repository, root.clock)
