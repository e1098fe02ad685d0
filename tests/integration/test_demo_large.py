"""``mercato demo --size large`` at a tiny scale: every derived row agrees with the orders.

The generator writes base rows by COPY and derives the rest in SQL; here each derived
structure is recounted from the rows it derives from (numbers, counters, both rollups,
reservations, the stock ledger through inventory's own check, the per-vendor counters of
catalog, inventory and customers), and the app's dashboards, search and order list answer on
the result.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg
import pytest
from litestar.testing import AsyncTestClient

from mercato.adapters.db.scope import unit_of_work
from mercato.bootstrap.app import create_app
from mercato.bootstrap.demo_large.derived import COUNTER_TRIGGERS
from mercato.bootstrap.demo_large.plan import plan, share
from mercato.bootstrap.demo_large.run import asyncpg_dsn
from mercato.bootstrap.library import close_container
from tests.support.app import container_with
from tests.support.counters import counter_mismatches
from tests.support.processes import mercato, mercato_env
from tests.support.services import fresh_postgres_database, require_service

pytestmark = pytest.mark.integration

SCALE = "0.001"
# Each query returns the rows that break a rule: all must be empty.
BROKEN = {
    "numbers gapless and unique per vendor": (
        "SELECT vendor_id FROM orders GROUP BY vendor_id "
        "HAVING min(number) <> 1 OR max(number) <> count(*) OR count(DISTINCT number) <> count(*)"
    ),
    "counters at the last number": (
        "SELECT vendor_id FROM (SELECT vendor_id, max(number) AS n FROM orders GROUP BY 1) o "
        "FULL JOIN order_counters c USING (vendor_id) "
        "WHERE c.last_number IS DISTINCT FROM o.n"
    ),
    "daily rollups equal a recount": (
        "WITH recount AS (SELECT o.platform_id, o.vendor_id, "
        "(o.created_at AT TIME ZONE 'UTC')::date AS day, o.currency, count(*) AS orders, "
        "sum(o.total - o.refunded) AS revenue, sum(l.units) AS units FROM orders o "
        "JOIN (SELECT order_id, sum(quantity) AS units FROM order_lines GROUP BY 1) l "
        "ON l.order_id = o.id WHERE o.status <> 'cancelled' GROUP BY 1, 2, 3, 4), "
        "stored AS (SELECT platform_id, vendor_id, day, currency, orders::bigint, revenue, "
        "units FROM orders_daily_rollups) "
        "(SELECT * FROM recount EXCEPT SELECT * FROM stored) "
        "UNION ALL (SELECT * FROM stored EXCEPT SELECT * FROM recount)"
    ),
    "status rollups equal a recount": (
        "WITH recount AS (SELECT platform_id, vendor_id, status, count(*) AS n FROM orders "
        "GROUP BY 1, 2, 3), stored AS (SELECT platform_id, vendor_id, status, orders::bigint "
        "FROM orders_status_rollups) "
        "(SELECT * FROM recount EXCEPT SELECT * FROM stored) "
        "UNION ALL (SELECT * FROM stored EXCEPT SELECT * FROM recount)"
    ),
    "every line is a variant of its order's vendor, at its SKU": (
        "SELECT ol.id FROM order_lines ol JOIN orders o ON o.id = ol.order_id "
        "LEFT JOIN catalog_variants v ON v.id = ol.variant_id AND v.vendor_id = o.vendor_id "
        "AND v.sku = ol.sku WHERE v.id IS NULL OR ol.vendor_id <> o.vendor_id"
    ),
    "order totals add up": (
        "SELECT o.id FROM orders o JOIN (SELECT order_id, sum(line_total) AS s, "
        "bool_and(line_total = unit_price * quantity) AS ok FROM order_lines GROUP BY 1) l "
        "ON l.order_id = o.id WHERE o.subtotal <> l.s OR o.total <> o.subtotal + o.shipping "
        "OR NOT l.ok"
    ),
    "every order has its reservation, in the state its order is in": (
        "SELECT o.id FROM orders o LEFT JOIN inventory_reservations r "
        "ON r.vendor_id = o.vendor_id AND r.reference = 'order:' || o.number "
        "WHERE r.status IS DISTINCT FROM CASE WHEN o.status = 'cancelled' THEN 'released' "
        "WHEN o.fulfilment = 'unfulfilled' THEN 'open' ELSE 'committed' END"
    ),
    "customers of the order's vendor": (
        "SELECT o.id FROM orders o LEFT JOIN customers c ON c.id = o.customer_id "
        "AND c.vendor_id = o.vendor_id AND c.email = o.customer_email WHERE c.id IS NULL"
    ),
    "orders on a platform of their vendor": (
        "SELECT o.id FROM orders o LEFT JOIN vendor_platforms vp "
        "ON vp.vendor_id = o.vendor_id AND vp.platform_id = o.platform_id "
        "WHERE vp.vendor_id IS NULL"
    ),
}


async def _broken(url: str) -> dict[str, int]:
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        return {rule: len(await conn.fetch(sql)) for rule, sql in BROKEN.items()}
    finally:
        await conn.close()


async def _counters(url: str) -> tuple[dict[str, object], list[str]]:
    """The per-vendor counters that differ from a recount, and the counter triggers that are
    not enabled (the generator disables them while it writes)."""
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:

        async def fetch(sql: str) -> list[tuple[object, ...]]:
            return [tuple(r) for r in await conn.fetch(sql)]

        disabled = await conn.fetch(
            "SELECT tgname FROM pg_trigger WHERE tgname = ANY($1::text[]) AND tgenabled <> 'O'",
            [trigger for _, trigger in COUNTER_TRIGGERS],
        )
        return dict(await counter_mismatches(fetch, True)), [r["tgname"] for r in disabled]
    finally:
        await conn.close()


async def _counts(url: str) -> dict[str, object]:
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        per_vendor = await conn.fetch(
            "SELECT v.id, v.slug, count(o.id) AS n FROM vendors v LEFT JOIN orders o "
            "ON o.vendor_id = v.id WHERE v.slug LIKE 'gen-%' GROUP BY 1, 2 ORDER BY v.id"
        )
        return {
            "orders": [int(r["n"]) for r in per_vendor],
            "ids": [int(r["id"]) for r in per_vendor],
            "largest": per_vendor[0]["slug"],
            "levels": await conn.fetchval("SELECT count(*) FROM inventory_levels"),
            "variants": await conn.fetchval(
                "SELECT count(*) FROM catalog_variants v JOIN vendors ON vendors.id = v.vendor_id "
                "WHERE vendors.slug LIKE 'gen-%'"
            ),
        }
    finally:
        await conn.close()


async def _ledger_and_token(url: str, vendor_ids: list[int]) -> tuple[list[object], str]:
    """Inventory's own check of every generated vendor's levels against its ledger, and a
    token of the demo's super admin for the platform ``north``."""
    c = container_with(url)
    try:
        tenancy = c.components().container("tenancy")
        stock = c.components().container("inventory").stock()
        async with unit_of_work():
            ledger: list[object] = [d for v in vendor_ids for d in await stock.check(v)]
        north = await tenancy.platforms().get("north")
        admin = await tenancy.identity().by_email("admin@demo.mercato")
        assert north is not None and admin is not None
        _, token = await tenancy.tokens().issue(admin.id, "test", platform_id=north.id)
        return ledger, str(token)
    finally:
        await close_container(c)


async def _through_the_app(url: str, token: str, largest: str) -> list[str]:
    c = container_with(url)  # a container of its own: the test client runs on another loop
    answered = []
    try:
        app = create_app(container=c)
        async with AsyncTestClient(app, base_url="http://north.localhost") as http:
            http.headers["authorization"] = f"Bearer {token}"
            vendor = f"/api/v1/vendors/{largest}"
            for path in (
                "/api/v1/admin/dashboard",
                f"{vendor}/dashboard",
                f"{vendor}/products?q=cotton",
                f"{vendor}/orders",
                f"{vendor}/orders?cursor=26",
            ):
                response = await http.get(path)
                assert response.status_code == 200, (path, response.text)
                answered.append(path)
            last = (await http.get(f"{vendor}/orders?cursor=3")).json()
            assert [o["number"] for o in last["items"]] == [2, 1]
            assert last["next_cursor"] is None
            board = (await http.get(f"{vendor}/dashboard")).json()
            assert {s["module"] for s in board["metrics"] if s["status"] == "ok"} >= {
                "orders",
                "inventory",
            }
        return answered
    finally:
        await close_container(c)


def test_the_large_demo_refuses_sqlite(tmp_path: Path) -> None:
    env = mercato_env(f"sqlite:///{tmp_path / 'demo.db'}")
    mercato(env, "db", "upgrade")
    result = mercato(env, "demo", "--size", "large", "--scale", SCALE, check=False)
    assert result.returncode == 1
    assert "the large demo needs PostgreSQL" in result.stderr


@pytest.mark.postgres
def test_the_large_demo_is_consistent_at_a_tiny_scale() -> None:
    base = require_service("MERCATO_TEST_DATABASE_URL", "PostgreSQL")
    with fresh_postgres_database(base) as url:
        env = mercato_env(url)
        mercato(env, "db", "upgrade")
        out = mercato(env, "demo", "--size", "large", "--scale", SCALE).stdout
        assert "large demo written in" in out
        again = mercato(env, "demo", "--size", "large", "--scale", SCALE).stdout
        assert "large demo data: already present" in again

        assert asyncio.run(_broken(url)) == dict.fromkeys(BROKEN, 0)
        assert asyncio.run(_counters(url)) == ({}, [])
        counts = asyncio.run(_counts(url))
        sizes = plan(float(SCALE))
        assert counts["orders"] == list(sizes.orders)
        assert counts["orders"][0] == max(sizes.orders)  # the first vendor is the largest
        assert counts["levels"] == counts["variants"]
        ids, largest = counts["ids"], counts["largest"]
        assert isinstance(ids, list) and isinstance(largest, str)
        ledger, token = asyncio.run(_ledger_and_token(url, ids))
        assert ledger == []
        assert len(asyncio.run(_through_the_app(url, token, largest))) == 5
        assert asyncio.run(_counters(url)) == ({}, [])


def test_the_plan_is_skewed_and_adds_up() -> None:
    full = plan(1.0)
    assert full.vendors == 1_000
    assert sum(full.orders) == 1_000_000 and sum(full.customers) == 100_000
    assert 99_000 <= full.orders[0] <= 100_000  # one vendor takes about a tenth
    assert full.orders[1] < full.orders[0] // 3 and min(full.orders) >= 1
    few = plan(0.001)
    assert few.vendors == 4 and few.orders[0] > 2 * few.orders[1]
    assert share(10, [0.5, 0.25, 0.25], minimum=2) == (4, 3, 3)
    with pytest.raises(ValueError, match="fraction"):
        plan(2.0)
