"""The demo's order history, planned before anything is written: pure and deterministic.

For one vendor and ``days`` days ending at ``now``: how many orders each day (a weekly
rhythm, a gentle upward trend, 0 to :data:`MAX_PER_DAY`), who placed them, their lines,
and what happened to each afterwards (paid, fulfilled, delivered; some cancelled, a few
refunded). Steps that would fall after ``now`` are left out, so the last days' orders are
mostly still open. The stock receipts are planned from the demand: every line can be
reserved when it is placed, and a few variants end under :data:`LOW_STOCK_THRESHOLD`.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

__all__ = [
    "FREE_SHIPPING_FROM",
    "LOW_STOCK_THRESHOLD",
    "MAX_PER_DAY",
    "SHIPPING",
    "PlannedOrder",
    "Receipt",
    "Step",
    "VendorPlan",
    "plan_vendor",
]

MAX_PER_DAY = 12
LOW_STOCK_THRESHOLD = 10
LOW_STOCK_VARIANTS = 3
WATCHED = 5
SHIPPING = 495
FREE_SHIPPING_FROM = 6000
# Monday to Sunday: quiet at the start of the week, busiest on Saturday.
WEEKDAY = (0.85, 0.9, 0.95, 1.0, 1.15, 1.35, 0.8)


@dataclass(frozen=True, slots=True)
class Step:
    """An action on an order at a time (an order action's name, a refund's amount)."""

    at: datetime
    action: str
    amount: int | None = None


@dataclass(frozen=True, slots=True)
class PlannedOrder:
    """An order: when, on which of the vendor's platforms, by which customer, its lines
    (variant index, quantity), and what happens to it after."""

    at: datetime
    platform: int
    customer: int
    lines: tuple[tuple[int, int], ...]
    steps: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class Receipt:
    """Units of a variant (by index) received at a time."""

    at: datetime
    variant: int
    quantity: int


@dataclass
class VendorPlan:
    """A vendor's receipts and orders, each list in time order."""

    receipts: list[Receipt] = field(default_factory=list)
    orders: list[PlannedOrder] = field(default_factory=list)
    watched: set[int] = field(default_factory=set)
    """Variants given the low-stock threshold (the ones ending under it among them)."""


def _count(rng: random.Random, expected: float) -> int:
    """A day's number of orders around ``expected`` (a binomial draw), 0 to MAX_PER_DAY."""
    trials = MAX_PER_DAY
    p = min(1.0, max(0.0, expected / trials))
    return sum(1 for _ in range(trials) if rng.random() < p)


def _placed_at(rng: random.Random, day: datetime) -> datetime:
    """A time on ``day``: mostly daytime, with an evening peak."""
    hour = rng.choices(range(7, 24), weights=(1, 2, 3, 4, 4, 4, 5, 4, 4, 4, 5, 6, 7, 8, 7, 5, 3))
    return day + timedelta(hours=hour[0], minutes=rng.randrange(60), seconds=rng.randrange(60))


def _lines(
    rng: random.Random, orderable: Sequence[int], popularity: Sequence[float]
) -> tuple[tuple[int, int], ...]:
    count = min(len(orderable), rng.choices((1, 2, 3), weights=(60, 30, 10))[0])
    picked: list[int] = []
    while len(picked) < count:
        choice = rng.choices(orderable, weights=popularity)[0]
        if choice not in picked:
            picked.append(choice)
    return tuple((v, rng.choices((1, 2, 3), weights=(72, 21, 7))[0]) for v in picked)


def _steps(rng: random.Random, at: datetime, total: int) -> list[Step]:
    """What happens to an order placed at ``at`` whose total is ``total``."""
    paid = at + timedelta(minutes=rng.randint(2, 180))
    fate = rng.random()
    if fate < 0.03:  # cancelled before paying
        return [Step(at + timedelta(hours=rng.randint(2, 30)), "cancel")]
    if fate < 0.06:  # paid, cancelled, the money given back
        cancelled = paid + timedelta(hours=rng.randint(1, 20))
        return [
            Step(paid, "pay"),
            Step(cancelled, "cancel"),
            Step(cancelled + timedelta(hours=2), "refund"),
        ]
    if fate < 0.08:  # never paid: still pending
        return []
    fulfilled = paid + timedelta(hours=rng.randint(10, 40))
    delivered = fulfilled + timedelta(hours=rng.randint(24, 96))
    steps = [Step(paid, "pay"), Step(fulfilled, "fulfil"), Step(delivered, "deliver")]
    later = delivered + timedelta(days=rng.randint(1, 6))
    if fate < 0.10:  # sent back: returned and refunded in full
        steps += [Step(later, "return"), Step(later + timedelta(hours=3), "refund")]
    elif fate < 0.12:  # a partial refund (a damaged item, a late parcel)
        steps.append(Step(later, "refund", max(1, total // 5)))
    return steps


def plan_vendor(
    seed: str,
    now: datetime,
    days: int,
    prices: Sequence[int | None],
    customers: int,
    platforms: int,
    scale: float = 1.0,
) -> VendorPlan:
    """Plan ``days`` days of a vendor's orders ending at ``now`` (UTC, aware).

    ``prices`` has one entry per variant: its unit price, ``None`` when it cannot be
    ordered (a draft product); every variant gets stock. ``scale`` sets the vendor's
    business (about 2 orders on an ordinary day at 1.0, up to 12).
    """
    rng = random.Random(seed)
    orderable = [i for i, price in enumerate(prices) if price is not None]
    popularity = [1.0 / (rank + 2) for rank in range(len(orderable))]
    rng.shuffle(popularity)
    loyalty = [1.0 / (rank + 3) for rank in range(customers)]  # some come back often
    rng.shuffle(loyalty)
    first = datetime.combine(now.date(), time(), now.tzinfo) - timedelta(days=days - 1)
    plan = VendorPlan()
    demand = [0 for _ in prices]  # units ordered, over the whole span
    for d in range(days if orderable and customers else 0):
        day = first + timedelta(days=d)
        trend = 0.75 + 0.4 * d / max(1, days - 1)
        expected = 2.2 * scale * trend * WEEKDAY[day.weekday()] * rng.uniform(0.85, 1.15)
        for at in sorted(_placed_at(rng, day) for _ in range(_count(rng, expected))):
            if at >= now:
                continue
            lines = _lines(rng, orderable, popularity)
            subtotal = sum((prices[v] or 0) * q for v, q in lines)
            total = subtotal + (0 if subtotal >= FREE_SHIPPING_FROM else SHIPPING)
            steps = tuple(s for s in _steps(rng, at, total) if s.at < now)
            weights = (70, 30) if platforms > 1 else (100,)
            platform = rng.choices(range(platforms), weights=weights[:platforms])[0]
            customer = rng.choices(range(customers), weights=loyalty)[0]
            plan.orders.append(PlannedOrder(at, platform, customer, lines, steps))
            for v, q in lines:
                demand[v] += q
    low = rng.sample(orderable, min(LOW_STOCK_VARIANTS, len(orderable)))
    plan.watched = set(low) | set(rng.sample(range(len(prices)), min(WATCHED, len(prices))))
    opened = first - timedelta(days=1) + timedelta(hours=8)
    for v, units in enumerate(demand):
        margin = rng.randint(1, 6) if v in low else rng.randint(15, 60)
        plan.receipts.append(Receipt(opened, v, units + margin))
    return plan
