"""The customers module's dashboard numbers: customers, and those new in 30 days."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from mercato.domain.customers.repository import CustomerRepository
from mercato.ports.clock import Clock
from mercato.ports.metrics import MetricValue
from mercato.ports.scope import Scope

__all__ = ["NEW_DAYS", "CustomerMetricsProvider"]

NEW_DAYS = 30


class CustomerMetricsProvider:
    """The vendor's customers on a vendor dashboard; on the platform's, the customers of
    every vendor on the platform. One statement either way."""

    def __init__(self, customers: CustomerRepository, clock: Clock) -> None:
        self._customers = customers
        self._clock = clock

    async def metrics(self, scope: Scope) -> Sequence[MetricValue]:
        """``customers.total`` and ``customers.new_30d`` of the scope."""
        since = self._clock.now() - timedelta(days=NEW_DAYS)
        if scope.vendor_id is not None:
            total, new = await self._customers.count(scope.vendor_id, since)
        else:
            total, new = await self._customers.count_on_platform(scope.platform_id, since)
        return (
            MetricValue("customers.total", "Customers", total),
            MetricValue(
                "customers.new_30d",
                "New customers (30 days)",
                new,
                description=f"customers recorded in the last {NEW_DAYS} days",
            ),
        )
