"""Orders' dashboard numbers, read from the daily rollups (one statement)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from mercato.domain.orders.repository import RollupReader
from mercato.ports.clock import Clock
from mercato.ports.metrics import MetricValue
from mercato.ports.scope import Scope

__all__ = ["WINDOW_DAYS", "OrderMetricsProvider"]

WINDOW_DAYS = 30
"""The window of the 30-day numbers: today and the 29 days before (UTC days)."""


class OrderMetricsProvider:
    """Orders today and in 30 days; per currency, revenue in 30 days and the average order.

    Revenue is what the orders placed in the window brought, less cancellations and refunds
    (see the rollups in ``docs/modules/orders.md``); amounts in minor units, the currency as
    the unit. The average order value is that revenue over those orders, rounded down.
    """

    def __init__(self, rollups: RollupReader, clock: Clock) -> None:
        self._rollups = rollups
        self._clock = clock

    async def metrics(self, scope: Scope) -> Sequence[MetricValue]:
        """The platform's numbers, or the vendor's on a vendor dashboard."""
        today = self._clock.now().date()
        since = today - timedelta(days=WINDOW_DAYS - 1)
        totals = await self._rollups.totals(scope.platform_id, scope.vendor_id, since, today)
        found: list[MetricValue] = [
            MetricValue("orders.today", "Orders today", sum(t.orders_today for t in totals)),
            MetricValue(
                "orders.last_30_days",
                "Orders in 30 days",
                sum(t.orders for t in totals),
                description="orders placed today and in the 29 days before, not cancelled",
            ),
        ]
        for t in totals:
            code = t.currency.lower()
            found.append(
                MetricValue(
                    f"orders.revenue_30_days.{code}",
                    f"Revenue in 30 days ({t.currency})",
                    t.revenue,
                    unit=t.currency,
                    description="minor units; less cancellations and refunds",
                )
            )
            found.append(
                MetricValue(
                    f"orders.average_order_value.{code}",
                    f"Average order value ({t.currency})",
                    t.revenue // t.orders if t.orders > 0 else 0,
                    unit=t.currency,
                    description="revenue in 30 days over the orders of those days",
                )
            )
        return tuple(found)
