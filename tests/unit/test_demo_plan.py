"""The demo's planned order history: its shape, its fates, and stock that covers it."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from mercato.bootstrap.demo_plan import LOW_STOCK_THRESHOLD, MAX_PER_DAY, plan_vendor

NOW = datetime(2026, 3, 18, 15, 30, tzinfo=UTC)
PRICES = [1200, 1500, None, 900, 2500, 4000, None, 700, 1900, 3100]


def test_ninety_days_of_zero_to_twelve_orders_with_a_weekly_rhythm_and_a_trend() -> None:
    plan = plan_vendor("lumen-lighting", NOW, 90, PRICES, 30, 2, 1.25)
    per_day = Counter(o.at.date() for o in plan.orders)
    first = NOW.date() - timedelta(days=89)
    assert min(per_day) >= first and max(per_day) <= NOW.date()
    assert max(per_day.values()) <= MAX_PER_DAY
    assert len(per_day) >= 80  # hardly a day without orders
    saturdays = [n for d, n in per_day.items() if d.weekday() == 5]
    mondays = [n for d, n in per_day.items() if d.weekday() == 0]
    assert sum(saturdays) / len(saturdays) > sum(mondays) / len(mondays)
    early = sum(n for d, n in per_day.items() if d < first + timedelta(days=30))
    late = sum(n for d, n in per_day.items() if d >= first + timedelta(days=60))
    assert late > early
    assert all(o.at < NOW for o in plan.orders)
    assert {o.platform for o in plan.orders} == {0, 1}


def test_orders_move_on_and_nothing_happens_after_now() -> None:
    plan = plan_vendor("sol-ceramics", NOW, 90, PRICES, 30, 1)
    fates = Counter(tuple(s.action for s in o.steps) for o in plan.orders)
    assert fates[("pay", "fulfil", "deliver")] > len(plan.orders) / 2
    assert any("cancel" in f for f in fates) and any("refund" in f for f in fates)
    assert all(s.at < NOW and s.at > o.at for o in plan.orders for s in o.steps)
    recent = [o for o in plan.orders if o.at > NOW - timedelta(days=1)]
    assert recent and all("deliver" not in {s.action for s in o.steps} for o in recent)
    # A draft variant is never ordered.
    assert all(PRICES[v] is not None for o in plan.orders for v, _ in o.lines)


def test_each_variant_gets_stock_that_covers_its_orders_and_a_few_end_low() -> None:
    plan = plan_vendor("atlas-books", NOW, 90, PRICES, 30, 2)
    ordered = Counter[int]()
    for o in plan.orders:
        for v, q in o.lines:
            ordered[v] += q
    received = Counter[int]()
    for r in plan.receipts:
        assert r.at < plan.orders[0].at and r.quantity >= 1
        received[r.variant] += r.quantity
    assert set(received) == set(range(len(PRICES)))
    assert all(received[v] > ordered[v] for v in received)
    low = [v for v in plan.watched if received[v] - ordered[v] < LOW_STOCK_THRESHOLD]
    assert 1 <= len(low) <= 3


def test_the_same_vendor_gets_the_same_plan() -> None:
    assert plan_vendor("a", NOW, 30, PRICES, 30, 1) == plan_vendor("a", NOW, 30, PRICES, 30, 1)
    assert plan_vendor("a", NOW, 30, PRICES, 30, 1) != plan_vendor("b", NOW, 30, PRICES, 30, 1)
