"""The large demo's orders and their lines, by COPY in batches.

Each vendor's orders are spread over the plan's days (more of them lately), numbered 1..n
in the order they were placed, and put in states that fit their age: old orders are mostly
completed (paid and delivered), a few cancelled or returned and refunded; recent ones are
still open. Every line is an active variant of the order's vendor, at its price.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from mercato.bootstrap.demo_large.base import VendorStock, next_id
from mercato.bootstrap.demo_large.plan import Plan

__all__ = ["write_orders"]

BATCH = 50_000
_LINES, _LINE_WEIGHTS = (1, 2, 3, 4), (45, 30, 15, 10)
_QUANTITIES, _QUANTITY_WEIGHTS = (1, 2, 3), (70, 20, 10)
_FREE_SHIPPING, _SHIPPING = 5_000, 495
ORDER_COLUMNS = [
    "id", "platform_id", "vendor_id", "number", "customer_id", "customer_email",
    "customer_name", "currency", "subtotal", "shipping", "total", "refunded", "status",
    "payment", "fulfilment", "created_at", "updated_at",
]  # fmt: skip
LINE_COLUMNS = [
    "id", "order_id", "vendor_id", "position", "variant_id", "sku", "title", "unit_price",
    "quantity", "line_total",
]  # fmt: skip


def _states(age_days: float, r: float) -> tuple[str, str, str, float]:
    """(status, payment, fulfilment, refunded share of the total) for an order this old."""
    if age_days >= 14:
        if r < 0.04:
            return "cancelled", "pending", "unfulfilled", 0.0
        if r < 0.06:
            return "cancelled", "refunded", "unfulfilled", 1.0
        if r < 0.08:
            return "completed", "refunded", "returned", 1.0
        return "completed", "paid", "delivered", 0.0
    if age_days >= 3:
        if r < 0.05:
            return "cancelled", "pending", "unfulfilled", 0.0
        if r < 0.35:
            return "open", "paid", "fulfilled", 0.0
        if r < 0.85:
            return "completed", "paid", "delivered", 0.0
        return "open", "paid", "unfulfilled", 0.0
    if r < 0.03:
        return "cancelled", "pending", "unfulfilled", 0.0
    if r < 0.5:
        return "open", "pending", "unfulfilled", 0.0
    if r < 0.85:
        return "open", "paid", "unfulfilled", 0.0
    return "open", "paid", "fulfilled", 0.0


async def write_orders(
    conn: Any,
    plan: Plan,
    vendors: list[VendorStock],
    now: datetime,
    rng: random.Random,
    progress: Callable[[int, int], None],
) -> tuple[int, int]:
    """Write every vendor's orders and lines; (orders, lines) written."""
    order_id = await next_id(conn, "orders")
    line_id = await next_id(conn, "order_lines")
    orders: list[tuple[Any, ...]] = []
    lines: list[tuple[Any, ...]] = []
    written = (0, 0)
    for stock, count in zip(vendors, plan.orders, strict=True):
        sellable, customers = stock.sellable, stock.customers
        ages = sorted((plan.days * (1 - rng.random() ** 0.5) for _ in range(count)), reverse=True)
        for number, age in enumerate(ages, start=1):
            created = now - timedelta(days=age)
            status, payment, fulfilment, refunded_share = _states(age, rng.random())
            settled = min(now, created + timedelta(hours=rng.uniform(1, 24 * min(age, 10))))
            customer_id, email, name = customers[int(len(customers) * rng.random() ** 2)]
            k = min(len(sellable), rng.choices(_LINES, _LINE_WEIGHTS)[0])
            picked: set[int] = set()
            subtotal = 0
            for position in range(1, k + 1):
                index = int(len(sellable) * rng.random() ** 1.5)
                while index in picked:
                    index = (index + 1) % len(sellable)
                picked.add(index)
                variant_id, sku, title, price = sellable[index]
                quantity = rng.choices(_QUANTITIES, _QUANTITY_WEIGHTS)[0]
                subtotal += price * quantity
                lines.append(
                    (
                        line_id,
                        order_id,
                        stock.id,
                        position,
                        variant_id,
                        sku,
                        title,
                        price,
                        quantity,
                        price * quantity,
                    )
                )
                line_id += 1
            shipping = 0 if subtotal >= _FREE_SHIPPING else _SHIPPING
            total = subtotal + shipping
            platform_id = stock.platform_ids[number % len(stock.platform_ids)]
            orders.append(
                (
                    order_id,
                    platform_id,
                    stock.id,
                    number,
                    customer_id,
                    email,
                    name,
                    "EUR",
                    subtotal,
                    shipping,
                    total,
                    int(total * refunded_share),
                    status,
                    payment,
                    fulfilment,
                    created,
                    settled if status != "open" or payment != "pending" else created,
                )
            )
            order_id += 1
            if len(orders) >= BATCH:
                written = await _flush(conn, orders, lines, written)
                progress(*written)
    if orders:
        written = await _flush(conn, orders, lines, written)
        progress(*written)
    return written


async def _flush(
    conn: Any, orders: list[tuple[Any, ...]], lines: list[tuple[Any, ...]], written: tuple[int, int]
) -> tuple[int, int]:
    if orders:
        await conn.copy_records_to_table("orders", records=orders, columns=ORDER_COLUMNS)
        await conn.copy_records_to_table("order_lines", records=lines, columns=LINE_COLUMNS)
    done = (written[0] + len(orders), written[1] + len(lines))
    orders.clear()
    lines.clear()
    return done
