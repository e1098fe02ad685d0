"""Orders' dashboard widgets: recent orders, revenue per day, orders by status."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from mercato.domain.orders.metrics import WINDOW_DAYS
from mercato.domain.orders.model import Order, OrderStatus
from mercato.domain.orders.repository import RollupReader
from mercato.ports.clock import Clock
from mercato.ports.scope import Scope
from mercato.ports.widgets import (
    BreakdownSegment,
    BreakdownWidget,
    DashboardWidget,
    ListWidget,
    ListWidgetItem,
    TimeSeriesPoint,
    TimeSeriesWidget,
)

__all__ = ["OrderWidgetProvider", "format_money"]


def format_money(amount: int, currency: str) -> str:
    """``1234, "EUR"`` as ``"12.34 EUR"`` (two decimals; the amount is in minor units)."""
    sign = "-" if amount < 0 else ""
    whole, cents = divmod(abs(amount), 100)
    return f"{sign}{whole}.{cents:02d} {currency}"


class OrderWidgetProvider:
    """``recent_orders`` (list), ``revenue_<currency>`` (one 30-day series per currency, in
    minor units, the ISO code as unit, zero days included) and ``orders_by_status``."""

    def __init__(self, rollups: RollupReader, clock: Clock, limit: int = 5) -> None:
        self._rollups = rollups
        self._clock = clock
        self._limit = limit

    async def widgets(self, scope: Scope) -> Sequence[DashboardWidget]:
        """The widgets of the platform, or of the vendor on a vendor dashboard."""
        recent = await self._rollups.recent(scope.platform_id, scope.vendor_id, self._limit)
        series = await self._revenue(scope)
        counts = await self._rollups.by_status(scope.platform_id, scope.vendor_id)
        segments = tuple(BreakdownSegment(s.value, counts.get(s, 0)) for s in OrderStatus)
        return (
            ListWidget(
                "recent_orders",
                "Recent orders",
                tuple(_item(o, scope.vendor_id is None) for o in recent),
                "No orders yet.",
            ),
            *series,
            BreakdownWidget("orders_by_status", "Orders by status", segments),
        )

    async def _revenue(self, scope: Scope) -> list[TimeSeriesWidget]:
        today = self._clock.now().date()
        days = [today - timedelta(days=n) for n in range(WINDOW_DAYS - 1, -1, -1)]
        by_currency: dict[str, dict[str, int]] = {}
        for day, currency, revenue in await self._rollups.revenue_by_day(
            scope.platform_id, scope.vendor_id, days[0]
        ):
            by_currency.setdefault(currency, {})[day.isoformat()] = revenue
        return [
            TimeSeriesWidget(
                f"revenue_{currency.lower()}",
                f"Revenue ({currency}, 30 days)",
                tuple(TimeSeriesPoint(d.isoformat(), values.get(d.isoformat(), 0)) for d in days),
                unit=currency,
            )
            for currency, values in sorted(by_currency.items())
        ]


def _item(order: Order, platform: bool) -> ListWidgetItem:
    """An order linked to its page; on the platform's dashboard, to the operators' read-only
    page of it (operators do not open vendors' pages). The page takes the link away from a
    viewer who may not open it."""
    money = format_money(order.total, order.currency)
    if platform:
        return ListWidgetItem(
            f"Order {order.number}",
            f"{order.vendor_name} · {order.customer_email} · {money}",
            url=f"/admin/orders/{order.vendor_slug}/{order.number}" if order.vendor_slug else None,
            badge=order.status.value,
        )
    return ListWidgetItem(
        f"Order {order.number}",
        f"{order.customer_email} · {money}",
        url=f"/vendor/{order.vendor_slug}/orders/{order.number}" if order.vendor_slug else None,
        badge=order.status.value,
    )
