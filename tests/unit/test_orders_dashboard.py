"""Orders' metrics and widgets from the rollups: per currency, 30 days with zero days."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, date, datetime

import pytest

from mercato.domain.orders.metrics import OrderMetricsProvider
from mercato.domain.orders.model import Order, OrderStatus
from mercato.domain.orders.repository import CurrencyTotals
from mercato.domain.orders.widgets import OrderWidgetProvider, format_money
from mercato.ports.clock import FakeClock
from mercato.ports.scope import Scope
from mercato.ports.widgets import BreakdownWidget, TimeSeriesWidget

pytestmark = pytest.mark.unit

TODAY = date(2026, 12, 2)


class FakeRollups:
    """Rollups given by hand; remembers the windows it was asked for."""

    def __init__(self) -> None:
        self.asked: list[tuple[object, ...]] = []

    async def totals(
        self, platform_id: int, vendor_id: int | None, since: date, today: date
    ) -> Sequence[CurrencyTotals]:
        self.asked.append((since, today))
        return [CurrencyTotals("EUR", 2, 4, 10_000), CurrencyTotals("USD", 0, 3, 1_000)]

    async def revenue_by_day(
        self, platform_id: int, vendor_id: int | None, since: date
    ) -> Sequence[tuple[date, str, int]]:
        self.asked.append((since,))
        return [(TODAY, "EUR", 700), (date(2026, 11, 3), "EUR", 300), (TODAY, "USD", 5)]

    async def by_status(self, platform_id: int, vendor_id: int | None) -> dict[OrderStatus, int]:
        return {OrderStatus.OPEN: 3}

    async def recent(self, platform_id: int, vendor_id: int | None, limit: int) -> Sequence[Order]:
        return []


CLOCK = FakeClock(datetime(2026, 12, 2, 15, 0, tzinfo=UTC))


def test_metrics_count_orders_and_give_revenue_and_average_per_currency() -> None:
    rollups = FakeRollups()
    found = asyncio.run(OrderMetricsProvider(rollups, CLOCK).metrics(Scope(1, "north")))
    by_key = {m.key: (m.value, m.unit) for m in found}
    assert by_key["orders.today"] == (2, "count")
    assert by_key["orders.last_30_days"] == (7, "count")
    assert by_key["orders.revenue_30_days.eur"] == (10_000, "EUR")
    assert by_key["orders.average_order_value.usd"] == (333, "USD")
    assert rollups.asked == [(date(2026, 11, 3), TODAY)]


def test_widgets_give_one_30_day_series_per_currency_with_zero_days() -> None:
    widgets = asyncio.run(OrderWidgetProvider(FakeRollups(), CLOCK).widgets(Scope(1, "north", 5)))
    series = [w for w in widgets if isinstance(w, TimeSeriesWidget)]
    assert [(s.key, s.unit, len(s.points)) for s in series] == [
        ("revenue_eur", "EUR", 30),
        ("revenue_usd", "USD", 30),
    ]
    eur = series[0].points
    assert (eur[0].at, eur[0].value) == ("2026-11-03", 300)
    assert (eur[-1].at, eur[-1].value) == ("2026-12-02", 700)
    assert sum(p.value for p in eur) == 1000
    breakdown = next(w for w in widgets if isinstance(w, BreakdownWidget))
    assert [(s.label, s.value) for s in breakdown.segments] == [
        ("open", 3),
        ("completed", 0),
        ("cancelled", 0),
    ]


def test_money_is_shown_with_two_decimals_and_its_currency() -> None:
    assert format_money(123456, "EUR") == "1234.56 EUR"
    assert format_money(-5, "USD") == "-0.05 USD"
