"""Order placement on a demo database: orders per second, statements and CPU per order.

``python -m bench.placement URL [ORDERS_PER_CLIENT]`` on a database that ``mercato db
upgrade`` and ``mercato demo`` prepared (it places real orders there). 16 clients place
through the ASGI app in this process, first all for one vendor of north (its counter row
serialises them), then spread over north's vendors. CPU is this process's (the app and the
clients; not the database's). Printed, never asserted.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from collections import defaultdict
from typing import Any

from sqlalchemy import event, text

from bench.asgi import AsgiClient
from bench.fixtures import bench_settings
from bench.large_orders import place_concurrently
from mercato.bootstrap.app import create_app
from mercato.bootstrap.container import create_container
from mercato.bootstrap.library import close_container

CLIENTS = 16
_STOCKED = text(
    "SELECT ve.slug, v.sku FROM catalog_variants v "
    "JOIN catalog_products p ON p.id = v.product_id "
    "JOIN inventory_levels l ON l.variant_id = v.id "
    "JOIN vendors ve ON ve.id = v.vendor_id "
    "JOIN vendor_platforms vp ON vp.vendor_id = ve.id AND vp.platform_id = :platform "
    "WHERE p.status = 'active' AND l.on_hand - l.reserved >= 50 ORDER BY v.id"
)


async def measure(url: str, per_client: int) -> list[dict[str, Any]]:
    """The two runs' figures."""
    logging.getLogger("mercato").setLevel(logging.WARNING)
    container = create_container(bench_settings(url))
    try:
        tenancy = container.components().container("tenancy")
        north = await tenancy.platforms().get("north")
        admin = await tenancy.identity().by_email("admin@demo.mercato")
        if north is None or admin is None:
            raise SystemExit("not a demo database: run 'mercato demo' on it first")
        _, token = await tenancy.tokens().issue(admin.id, "bench-placement", platform_id=north.id)
        engine = container.engine()
        async with engine.connect() as c:
            rows = (await c.execute(_STOCKED, {"platform": north.id})).all()
        skus: dict[str, list[str]] = defaultdict(list)
        for slug, sku in rows:
            skus[str(slug)].append(str(sku))
        vendors = sorted(skus)
        if not vendors:
            raise SystemExit("no vendor of north has stock to sell")
        statements = [0]

        def count(*_: object) -> None:
            statements[0] += 1

        event.listen(engine.sync_engine, "before_cursor_execute", count)
        app = create_app(container=container)
        client = AsgiClient(app, "north.localhost", (b"authorization", f"Bearer {token}".encode()))
        runs = {
            "one vendor": [vendors[0]] * CLIENTS,
            "spread": [vendors[i % len(vendors)] for i in range(CLIENTS)],
        }
        out = []
        async with app.lifespan():
            for name, chosen in runs.items():
                statements[0] = 0
                cpu = time.process_time()
                result = await place_concurrently(client, chosen, skus, per_client)
                cpu = time.process_time() - cpu
                placed = max(result["placed"], 1)
                result.update(
                    run=name,
                    statements_per_order=statements[0] / placed,
                    cpu_ms_per_order=cpu / placed * 1e3,
                )
                out.append(result)
        return out
    finally:
        await close_container(container)


def main() -> int:
    """Print the figures of both runs."""
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    per_client = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    for r in asyncio.run(measure(sys.argv[1], per_client)):
        print(
            f"{r['run']:<11} placed {r['placed']:>4}, failed {r['failed']:>3}, "
            f"{r['orders_per_second']:6.1f} orders/s, {r['statements_per_order']:.1f} statements "
            f"and {r['cpu_ms_per_order']:.1f} ms of CPU per order"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
