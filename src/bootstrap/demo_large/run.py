"""Generating the large demo: base rows and orders by COPY, the rest in SQL, one transaction."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.engine import make_url

from mercato.bootstrap.demo_large.base import SLUG_PREFIX, write_base
from mercato.bootstrap.demo_large.derived import COUNTER_TRIGGERS, write_derived
from mercato.bootstrap.demo_large.orders import write_orders
from mercato.bootstrap.demo_large.plan import plan

__all__ = ["ANALYZED", "LargeDemoReport", "asyncpg_dsn", "generate", "generated_vendors"]

ANALYZED = (
    "vendors",
    "vendor_platforms",
    "catalog_products",
    "catalog_variants",
    "customers",
    "orders",
    "order_lines",
    "order_counters",
    "orders_daily_rollups",
    "orders_status_rollups",
    "catalog_vendor_stats",
    "customers_vendor_stats",
    "customers_daily",
    "inventory_vendor_stats",
    "inventory_locations",
    "inventory_levels",
    "inventory_movements",
    "inventory_reservations",
)
"""Vacuumed and analysed after the load, so the planner knows the tables' new sizes."""


@dataclass
class LargeDemoReport:
    """Rows written per table (or stage) and the seconds it all took."""

    created: bool
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    largest_vendor: str = ""


def asyncpg_dsn(database_url: str) -> str:
    """The URL of a PostgreSQL database for asyncpg (no SQLAlchemy driver name)."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        raise ValueError(
            "the large demo needs PostgreSQL (MERCATO_DATABASE_URL=postgresql://...): "
            f"{url.get_backend_name()} is not supported"
        )
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


async def generated_vendors(conn: Any) -> int:
    """How many generated vendors the database holds already."""
    return int(
        await conn.fetchval("SELECT count(*) FROM vendors WHERE slug LIKE $1", SLUG_PREFIX + "%")
    )


async def generate(
    database_url: str,
    platform_ids: Sequence[int],
    scale: float = 1.0,
    echo: Callable[[str], None] = print,
    seed: int = 2026,
) -> LargeDemoReport:
    """Write the large demo into ``database_url`` (migrated, with the demo platforms
    ``platform_ids``, the first taking the largest vendor); nothing when it is there."""
    import asyncpg  # type: ignore[import-untyped]

    sizes = plan(scale)
    if len(platform_ids) != 2:
        raise ValueError("the large demo spreads its vendors over two platforms")
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        if await generated_vendors(conn):
            return LargeDemoReport(created=False)
        return await _generate(conn, sizes, (platform_ids[0], platform_ids[1]), echo, seed)
    finally:
        await conn.close()


async def _generate(
    conn: Any, sizes: Any, platforms: tuple[int, int], echo: Callable[[str], None], seed: int
) -> LargeDemoReport:
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    since = now - timedelta(days=sizes.days + 1)
    report = LargeDemoReport(created=True)
    started = stage = time.perf_counter()

    def done(what: str, rows: int) -> None:
        nonlocal stage
        at = time.perf_counter()
        report.rows[what] = rows
        echo(f"  {what:<36}{rows:>11,} rows {at - stage:>8.1f} s")
        stage = at

    echo(f"large demo at scale {sizes.scale:g}: {sizes.vendors:,} vendors, seed {seed}")
    async with conn.transaction():
        await conn.execute("SET LOCAL synchronous_commit = off")
        for table, trigger in COUNTER_TRIGGERS:
            await conn.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
        vendors = await write_base(conn, sizes, platforms, now, rng, done)

        def ordered(orders: int, lines: int) -> None:
            echo(f"    orders {orders:,}, lines {lines:,} ({time.perf_counter() - stage:.1f} s)")

        orders, lines = await write_orders(conn, sizes, vendors, now, rng, ordered)
        report.rows["order_lines"] = lines
        done("orders (and their lines)", orders)
        await write_derived(conn, [v.id for v in vendors], since, done)
        for table, trigger in COUNTER_TRIGGERS:
            await conn.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
    for table in ANALYZED:
        await conn.execute(f"VACUUM (ANALYZE) {table}")
    done("vacuum and analyze (tables)", len(ANALYZED))
    report.seconds = time.perf_counter() - started
    report.largest_vendor = str(
        await conn.fetchval("SELECT slug FROM vendors WHERE id = $1", vendors[0].id)
    )
    echo(f"large demo written in {report.seconds:.1f} s; largest vendor {report.largest_vendor}")
    return report
