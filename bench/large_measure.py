"""Measuring the large dataset through the ASGI app: reads interleaved, then placements.

Reads (each ``N`` timed calls, alternated, after a warm-up): ``/health``, the replay of the
admin dashboard's provider SQL (the hand-written baseline), the admin dashboard of the
platform ``north``, the vendor dashboard of the largest vendor and the replay of its
providers' SQL, product search of that vendor, and the first and the last page of its
order list (the last one reached by the cursor ``smallest number + page size``).

Writes: order placement with stock reservation by 16 concurrent clients, first all on the
largest vendor (its counter row makes them queue), then each on one of the 16 largest
vendors. Orders per second, latencies, and how many failed (by status).
"""

from __future__ import annotations

import logging
import os
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bench.asgi import AsgiClient, create_replay_app
from bench.dashboard import provider_statements
from bench.fixtures import bench_settings
from bench.large_orders import place_concurrently
from bench.stats import ratio, time_interleaved
from mercato.bootstrap.app import create_app
from mercato.bootstrap.container import ApplicationContainer, create_container
from mercato.bootstrap.library import close_container
from mercato.domain.kernel.registry import ModuleRegistry
from mercato.ports.scope import Scope

__all__ = ["CLIENTS", "measure_large"]

CLIENTS = 16
HOST = "north.localhost"
PAGE = 25
SEARCH = "merino"
_TOP = text(
    "SELECT v.id, v.slug, c.last_number FROM vendors v "
    "JOIN order_counters c ON c.vendor_id = v.id "
    "JOIN vendor_platforms vp ON vp.vendor_id = v.id AND vp.platform_id = :platform "
    "ORDER BY c.last_number DESC LIMIT :n"
)
_SKUS = text(
    "SELECT v.sku FROM catalog_variants v JOIN catalog_products p ON p.id = v.product_id "
    "JOIN inventory_levels l ON l.variant_id = v.id WHERE v.vendor_id = :vendor "
    "AND p.status = 'active' AND l.on_hand - l.reserved >= 20 ORDER BY v.id LIMIT 200"
)
_SMALLEST = text("SELECT min(number) FROM orders WHERE vendor_id = :vendor")


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


async def _facts(container: ApplicationContainer) -> dict[str, Any]:
    """The platform, the admin's token, the vendors by orders, the SKUs to order."""
    tenancy = container.components().container("tenancy")
    north = await tenancy.platforms().get("north")
    admin = await tenancy.identity().by_email("admin@demo.mercato")
    assert north is not None and admin is not None, "the large demo is not in this database"
    _, token = await tenancy.tokens().issue(admin.id, "bench-large", platform_id=north.id)
    async with container.engine().connect() as c:
        top = (await c.execute(_TOP, {"platform": north.id, "n": CLIENTS})).all()
        skus = {
            str(slug): [s for (s,) in (await c.execute(_SKUS, {"vendor": vendor_id})).all()]
            for vendor_id, slug, _ in top
        }
        smallest = (await c.execute(_SMALLEST, {"vendor": top[0][0]})).scalar_one()
    return {
        "platform_id": north.id,
        "token": token,
        "vendors": [(int(v), str(s), int(n)) for v, s, n in top],
        "skus": skus,
        "smallest": int(smallest),
    }


async def measure_large(url: str, registry: ModuleRegistry, n: int, warmup: int) -> dict[str, Any]:
    """Every read target timed interleaved, then the placements; figures for the report."""
    for name in ("httpx", "mercato", "alembic"):  # routine INFO lines out of the report
        logging.getLogger(name).setLevel(logging.WARNING)
    n = _int("MERCATO_BENCH_LARGE_N", min(n, 100))
    warmup = max(5, n // 10)
    container = create_container(bench_settings(url), registry=registry)
    try:
        facts = await _facts(container)
        reads = await _reads(container, facts, n, warmup)
        per_client = _int("MERCATO_BENCH_LARGE_ORDERS", 25)
        app = create_app(container=container)
        client = AsgiClient(app, HOST, (b"authorization", f"Bearer {facts['token']}".encode()))
        async with app.lifespan():
            largest = facts["vendors"][0][1]
            one = await place_concurrently(client, [largest] * CLIENTS, facts["skus"], per_client)
            spread = [slug for _, slug, _ in facts["vendors"]]
            many = await place_concurrently(client, spread, facts["skus"], per_client)
    finally:
        await close_container(container)
    return {
        "n": n,
        "largest_vendor": {"slug": facts["vendors"][0][1], "orders": facts["vendors"][0][2]},
        "reads": reads,
        "placements": {"one_vendor": one, "top_vendors": many, "clients": CLIENTS},
    }


async def _reads(
    container: ApplicationContainer, facts: dict[str, Any], n: int, warmup: int
) -> dict[str, Any]:
    platform_id, (vendor_id, slug, _) = facts["platform_id"], facts["vendors"][0]
    admin_sql = await provider_statements(container, Scope(platform_id, "north", None))
    vendor_sql = await provider_statements(container, Scope(platform_id, "north", vendor_id))
    engine = create_async_engine(container.engine().url)
    replay_admin = create_replay_app(engine, admin_sql)
    replay_vendor = create_replay_app(engine, vendor_sql)
    app = create_app(container=container)
    auth = (b"authorization", f"Bearer {facts['token']}".encode())
    mercato = AsgiClient(app, HOST, auth)
    admin_floor, vendor_floor = AsgiClient(replay_admin, HOST), AsgiClient(replay_vendor, HOST)
    vendor = f"/api/v1/vendors/{slug}"
    last = facts["smallest"] + PAGE
    paths = {
        "health": "/health",
        "admin_dashboard": "/api/v1/admin/dashboard",
        "vendor_dashboard": f"{vendor}/dashboard",
        "product_search": f"{vendor}/products?q={SEARCH}",
        "orders_first_page": f"{vendor}/orders?size={PAGE}",
        "orders_last_page": f"{vendor}/orders?size={PAGE}&cursor={last}",
    }
    try:
        async with app.lifespan(), replay_admin.lifespan(), replay_vendor.lifespan():
            calls = {name: (lambda p=path: mercato.get(p)) for name, path in paths.items()}
            calls["replay_admin"] = lambda: admin_floor.get("/replay")
            calls["replay_vendor"] = lambda: vendor_floor.get("/replay")
            timings = await time_interleaved(calls, n, warmup)
    finally:
        await engine.dispose()
    out: dict[str, Any] = {name: s.as_dict() for name, s in timings.items()}
    out["paths"] = paths
    out["statements"] = {"admin": len(admin_sql), "vendor": len(vendor_sql)}
    out["ratios"] = {
        name: {
            "health": ratio(timings[name], timings["health"]),
            "replay": ratio(timings[name], timings[floor]) if floor else None,
        }
        for name, floor in (
            ("admin_dashboard", "replay_admin"),
            ("vendor_dashboard", "replay_vendor"),
            ("product_search", None),
            ("orders_first_page", None),
            ("orders_last_page", None),
        )
    }
    return out
