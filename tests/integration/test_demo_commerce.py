"""``mercato demo`` seeds products, stock, customers and an order history, once.

On SQLite and PostgreSQL, into a fresh database, through the modules' own use cases; a
shorter span than the command's 90 days keeps the test quick.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text

from mercato.adapters.db.engine import create_engine
from mercato.adapters.db.migrations import upgrade
from mercato.bootstrap.demo import VENDORS, seed_demo
from mercato.bootstrap.library import close_container
from tests.conftest import builtin_folders
from tests.support.app import container_with

pytestmark = pytest.mark.integration

DAYS = 14
_COUNTS = {
    "products": "SELECT count(*) FROM catalog_products WHERE vendor_id = :v",
    "variants": "SELECT count(*) FROM catalog_variants WHERE vendor_id = :v",
    "levels": "SELECT count(*) FROM inventory_levels WHERE vendor_id = :v",
    "below": "SELECT count(*) FROM inventory_levels WHERE vendor_id = :v "
    "AND on_hand - reserved < low_stock_threshold",
    "movements": "SELECT count(*) FROM inventory_movements WHERE vendor_id = :v",
    "customers": "SELECT count(*) FROM customers WHERE vendor_id = :v",
    "orders": "SELECT count(*) FROM orders WHERE vendor_id = :v",
    "numbers": "SELECT max(number) FROM orders WHERE vendor_id = :v",
    "days": "SELECT count(DISTINCT substr(CAST(created_at AS TEXT), 1, 10)) FROM orders "
    "WHERE vendor_id = :v",
    "statuses": "SELECT count(DISTINCT status || payment || fulfilment) FROM orders "
    "WHERE vendor_id = :v",
    "events": "SELECT count(*) FROM event_outbox WHERE vendor_id = :v",
    "undelivered": "SELECT count(*) FROM event_outbox WHERE vendor_id = :v "
    "AND dispatched_at IS NULL",
}
_DAYS = (
    "SELECT platform_id, day, orders, revenue, units FROM orders_daily_rollups "
    "WHERE vendor_id = :v AND (orders <> 0 OR revenue <> 0 OR units <> 0)"
)
_RECOUNT = (
    "SELECT o.platform_id, o.created_at, o.total - o.refunded, "
    "(SELECT sum(quantity) FROM order_lines l WHERE l.order_id = o.id) "
    "FROM orders o WHERE o.vendor_id = :v AND o.status <> 'cancelled'"
)
_STATUS = (
    "SELECT platform_id, status, orders FROM orders_status_rollups "
    "WHERE vendor_id = :v AND orders <> 0"
)
_STATUS_RECOUNT = (
    "SELECT platform_id, status, count(*) FROM orders WHERE vendor_id = :v GROUP BY 1, 2"
)
_SPAN = "SELECT min(created_at), max(created_at) FROM orders WHERE vendor_id = :v"


async def _facts(url: str) -> dict[str, dict[str, Any]]:
    """Per demo vendor: the counts, the rollups and their recount, the orders' span."""
    engine = create_engine(url)
    found: dict[str, dict[str, Any]] = {}
    try:
        async with engine.connect() as c:
            for slug, *_ in VENDORS:
                v = await c.execute(text("SELECT id FROM vendors WHERE slug = :s"), {"s": slug})
                vendor = {"v": v.scalar_one()}
                facts: dict[str, Any] = {}
                for name, sql in _COUNTS.items():
                    facts[name] = (await c.execute(text(sql), vendor)).scalar_one() or 0
                rollups = {
                    (p, str(d)[:10]): (int(n), int(r), int(u))
                    for p, d, n, r, u in (await c.execute(text(_DAYS), vendor)).all()
                }
                recount: dict[tuple[int, str], tuple[int, int, int]] = {}
                for p, at, kept, units in (await c.execute(text(_RECOUNT), vendor)).all():
                    n, r, u = recount.get((p, str(at)[:10]), (0, 0, 0))
                    recount[(p, str(at)[:10])] = (n + 1, r + int(kept), u + int(units))
                facts["rollups"], facts["recount"] = rollups, recount
                facts["status"] = sorted(tuple(r) for r in (await c.execute(text(_STATUS), vendor)))
                facts["status_recount"] = sorted(
                    tuple(r) for r in (await c.execute(text(_STATUS_RECOUNT), vendor))
                )
                facts["span"] = tuple((await c.execute(text(_SPAN), vendor)).one())
                found[slug] = facts
    finally:
        await engine.dispose()
    return found


async def _seed_twice(url: str) -> tuple[dict[str, Any], dict[str, Any], list[Any]]:
    c = container_with(url)
    try:
        await seed_demo(c, "demo-password-123", days=DAYS)
        first = await _facts(url)
        await seed_demo(c, days=DAYS)
        second = await _facts(url)
        stock = c.components().container("inventory").stock()
        checks = [await stock.check(first_id) for first_id in await _vendor_ids(url)]
        return first, second, checks
    finally:
        await close_container(c)


async def _vendor_ids(url: str) -> list[int]:
    engine = create_engine(url)
    try:
        async with engine.connect() as c:
            return list((await c.execute(text("SELECT id FROM vendors"))).scalars())
    finally:
        await engine.dispose()


def _as_utc(value: Any) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@pytest.fixture
def url(database_url: str) -> str:
    """A database migrated for every built-in module, orders included (and no rows of the
    orders kit's world: the demo makes its own)."""
    upgrade(database_url, builtin_folders())
    return database_url


def test_the_demo_seeds_a_commerce_history_once(url: str) -> None:
    first, second, checks = asyncio.run(_seed_twice(url))
    today = datetime.now(UTC).date()
    for slug, facts in first.items():
        assert facts["products"] == 12, slug
        assert facts["variants"] >= 24, slug
        assert facts["levels"] == facts["variants"], slug  # every variant has stock
        assert 1 <= facts["below"] <= 8, slug  # a few under the threshold
        assert facts["customers"] == 30, slug
        assert facts["orders"] >= DAYS, slug
        assert facts["numbers"] == facts["orders"], slug  # 1, 2, 3, ... without a gap
        assert facts["days"] >= DAYS // 2, slug  # spread over the span
        oldest, newest = (_as_utc(t) for t in facts["span"])
        assert oldest.date() >= today - timedelta(days=DAYS - 1), slug
        assert newest <= datetime.now(UTC), slug
        assert facts["statuses"] >= 3, slug  # open, completed, cancelled, refunded ...
        assert facts["rollups"] == facts["recount"], slug
        assert facts["status"] == facts["status_recount"], slug
        assert facts["events"] >= facts["orders"] and facts["undelivered"] == 0, slug
    assert checks == [[] for _ in checks]  # every ledger adds up to its levels
    assert second == first  # running it again adds nothing
