"""The per-vendor counters of catalog, inventory and customers against a recount from their
base tables (portable SQL: SQLite and PostgreSQL).

Each counter table's rows are compared with the recount as sets, leaving out the rows whose
numbers are all zero (a vendor whose last product was deleted keeps a row of zeros).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy import text

__all__ = ["COUNTERS", "counter_mismatches", "session_fetch"]

_SQLITE_DAY = "date(created_at)"
_POSTGRESQL_DAY = "(created_at AT TIME ZONE 'UTC')::date"

COUNTERS: dict[str, tuple[str, str]] = {
    "catalog_vendor_stats": (
        "SELECT vendor_id, draft, active, archived, variants FROM catalog_vendor_stats",
        "SELECT vendor_id, sum(draft), sum(active), sum(archived), sum(variants) FROM ("
        "SELECT vendor_id, CASE WHEN status = 'draft' THEN 1 ELSE 0 END AS draft, "
        "CASE WHEN status = 'active' THEN 1 ELSE 0 END AS active, "
        "CASE WHEN status = 'archived' THEN 1 ELSE 0 END AS archived, 0 AS variants "
        "FROM catalog_products UNION ALL "
        "SELECT vendor_id, 0, 0, 0, 1 FROM catalog_variants) r GROUP BY vendor_id",
    ),
    "inventory_vendor_stats": (
        "SELECT vendor_id, units_on_hand, below_threshold FROM inventory_vendor_stats",
        "SELECT vendor_id, sum(on_hand), "
        "sum(CASE WHEN on_hand - reserved < low_stock_threshold THEN 1 ELSE 0 END) "
        "FROM inventory_levels GROUP BY vendor_id",
    ),
    "customers_vendor_stats": (
        "SELECT vendor_id, customers FROM customers_vendor_stats",
        "SELECT vendor_id, count(*) FROM customers GROUP BY vendor_id",
    ),
    "customers_daily": (
        "SELECT vendor_id, day, customers FROM customers_daily",
        "SELECT vendor_id, {day}, count(*) FROM customers GROUP BY vendor_id, {day}",
    ),
}
"""Per counter table: the stored rows, the recount (``{day}``: the dialect's UTC day)."""

Fetch = Callable[[str], Awaitable[Sequence[Sequence[Any]]]]


def _rows(rows: Sequence[Sequence[Any]]) -> set[tuple[Any, ...]]:
    """Rows as tuples of ints (and days as text), without the all-zero ones."""
    out = set()
    for row in rows:
        key, *numbers = row
        keys = [int(key)]
        if len(numbers) == 2:  # (day, customers)
            keys.append(str(numbers.pop(0)))
        values = [int(n or 0) for n in numbers]
        if any(values):
            out.add((*keys, *values))
    return out


async def counter_mismatches(
    fetch: Fetch, postgresql: bool, tables: Sequence[str] = tuple(COUNTERS)
) -> dict[str, tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]]:
    """Per counter table that differs from its recount: (stored only, recounted only)."""
    day = _POSTGRESQL_DAY if postgresql else _SQLITE_DAY
    found = {}
    for table in tables:
        stored_sql, recount_sql = COUNTERS[table]
        stored = _rows(await fetch(stored_sql))
        recount = _rows(await fetch(recount_sql.format(day=day)))
        if stored != recount:
            found[table] = (stored - recount, recount - stored)
    return found


def session_fetch(container: Any) -> Fetch:
    """``fetch`` over a fresh connection of the container's engine (sees what is committed)."""

    async def fetch(sql: str) -> Sequence[Sequence[Any]]:
        async with container.engine().connect() as connection:
            return [tuple(r) for r in await connection.execute(text(sql))]

    return fetch
