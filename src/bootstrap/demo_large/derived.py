"""What follows from the generated orders, computed in SQL so that it is exactly consistent.

- inventory: a ``main`` location per vendor, a level per variant, the ledger (a receipt per
  level dated before the first order, then per order line a reservation, and a sale or a
  release as the order was fulfilled or cancelled), the reservations, and the levels'
  ``on_hand`` and ``reserved`` added up from that ledger;
- the per-vendor counters of catalog, inventory and customers (products by status,
  variants, units on hand, levels below threshold, customers in all and per day);
- orders: the per-vendor counters, the daily rollups (orders placed that day and not
  cancelled: count, total less refunds, units) and the status rollups;
- every table's id sequence moved past the explicit ids.

Each statement takes the generated vendors' ids as ``$1``.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["COUNTER_TRIGGERS", "DERIVED", "SEQUENCED", "write_derived"]

_OF = "vendor_id = ANY($1::int[])"
_KIND_OF_ORDER = (
    "CASE WHEN o.status = 'cancelled' THEN 'release' "
    "WHEN o.fulfilment <> 'unfulfilled' THEN 'sale' END"
)

DERIVED: tuple[tuple[str, str], ...] = (
    (
        "inventory_locations",
        "INSERT INTO inventory_locations (vendor_id, code, name, created_at) "
        "SELECT id, 'main', 'Main', $2 FROM vendors WHERE id = ANY($1::int[])",
    ),
    (
        "inventory_levels",
        "INSERT INTO inventory_levels (vendor_id, variant_id, location_id, sku, on_hand, "
        "reserved, allow_backorder, low_stock_threshold, updated_at) "
        "SELECT v.vendor_id, v.id, l.id, v.sku, 0, 0, false, "
        "CASE WHEN v.id % 3 = 0 THEN 5 END, $2 "
        "FROM catalog_variants v JOIN inventory_locations l "
        "ON l.vendor_id = v.vendor_id AND l.code = 'main' WHERE v." + _OF + " ORDER BY v.id",
    ),
    (
        "inventory_movements (receipts)",
        "INSERT INTO inventory_movements (vendor_id, level_id, variant_id, location_id, kind, "
        "quantity, reference, expires_at, created_at, actor) "
        "SELECT lv.vendor_id, lv.id, lv.variant_id, lv.location_id, 'receipt', "
        "coalesce(used.units, 0) + (lv.variant_id * 7919) % 200, NULL, NULL, $2, 'demo' "
        "FROM inventory_levels lv LEFT JOIN (SELECT variant_id, sum(quantity) AS units "
        "FROM order_lines WHERE " + _OF + " GROUP BY variant_id) used "
        "ON used.variant_id = lv.variant_id WHERE lv." + _OF + " ORDER BY lv.id",
    ),
    (
        "inventory_movements (orders)",
        "INSERT INTO inventory_movements (vendor_id, level_id, variant_id, location_id, kind, "
        "quantity, reference, expires_at, created_at, actor) "
        "SELECT vendor_id, level_id, variant_id, location_id, kind, quantity, reference, NULL, "
        "at, 'order' FROM ("
        "SELECT ol.vendor_id, lv.id AS level_id, ol.variant_id, lv.location_id, ol.id AS line, "
        "'reservation' AS kind, ol.quantity, 'order:' || o.number AS reference, "
        "o.created_at AS at "
        "FROM order_lines ol JOIN orders o ON o.id = ol.order_id "
        "JOIN inventory_levels lv ON lv.variant_id = ol.variant_id WHERE o." + _OF + " "
        "UNION ALL "
        "SELECT ol.vendor_id, lv.id, ol.variant_id, lv.location_id, ol.id, "
        + _KIND_OF_ORDER
        + ", ol.quantity, 'order:' || o.number, o.updated_at "
        "FROM order_lines ol JOIN orders o ON o.id = ol.order_id "
        "JOIN inventory_levels lv ON lv.variant_id = ol.variant_id WHERE o." + _OF + " "
        "AND (o.status = 'cancelled' OR o.fulfilment <> 'unfulfilled')"
        ") ledger ORDER BY at, line, kind <> 'reservation'",
    ),
    (
        "inventory_reservations",
        "INSERT INTO inventory_reservations (vendor_id, reference, status, expires_at, "
        "created_at, updated_at) "
        "SELECT vendor_id, 'order:' || number, CASE WHEN status = 'cancelled' THEN 'released' "
        "WHEN fulfilment = 'unfulfilled' THEN 'open' ELSE 'committed' END, NULL, created_at, "
        "updated_at FROM orders WHERE " + _OF + " ORDER BY id",
    ),
    (
        "inventory_levels (from the ledger)",
        "UPDATE inventory_levels lv SET on_hand = m.on_hand, reserved = m.reserved "
        "FROM (SELECT level_id, "
        "sum(CASE kind WHEN 'receipt' THEN quantity WHEN 'adjustment' THEN quantity "
        "WHEN 'sale' THEN -quantity ELSE 0 END) AS on_hand, "
        "sum(CASE kind WHEN 'reservation' THEN quantity WHEN 'release' THEN -quantity "
        "WHEN 'sale' THEN -quantity ELSE 0 END) AS reserved "
        "FROM inventory_movements WHERE " + _OF + " GROUP BY level_id) m "
        "WHERE m.level_id = lv.id",
    ),
    (
        "order_counters",
        "INSERT INTO order_counters (vendor_id, last_number) "
        "SELECT vendor_id, max(number) FROM orders WHERE " + _OF + " GROUP BY vendor_id",
    ),
    (
        "orders_daily_rollups",
        "INSERT INTO orders_daily_rollups (platform_id, vendor_id, day, currency, orders, "
        "revenue, units) "
        "SELECT o.platform_id, o.vendor_id, (o.created_at AT TIME ZONE 'UTC')::date, "
        "o.currency, count(*), sum(o.total - o.refunded), sum(u.units) "
        "FROM orders o JOIN (SELECT order_id, sum(quantity) AS units FROM order_lines "
        "WHERE " + _OF + " GROUP BY order_id) u ON u.order_id = o.id "
        "WHERE o." + _OF + " AND o.status <> 'cancelled' GROUP BY 1, 2, 3, 4 ORDER BY 3, 2",
    ),
    (
        "catalog_vendor_stats",
        "INSERT INTO catalog_vendor_stats (vendor_id, draft, active, archived, variants) "
        "SELECT p.vendor_id, p.draft, p.active, p.archived, coalesce(n.variants, 0) FROM "
        "(SELECT vendor_id, count(*) FILTER (WHERE status = 'draft') AS draft, "
        "count(*) FILTER (WHERE status = 'active') AS active, "
        "count(*) FILTER (WHERE status = 'archived') AS archived "
        "FROM catalog_products WHERE " + _OF + " GROUP BY vendor_id) p "
        "LEFT JOIN (SELECT vendor_id, count(*) AS variants FROM catalog_variants "
        "WHERE " + _OF + " GROUP BY vendor_id) n ON n.vendor_id = p.vendor_id",
    ),
    (
        "inventory_vendor_stats",
        "INSERT INTO inventory_vendor_stats (vendor_id, units_on_hand, below_threshold) "
        "SELECT vendor_id, sum(on_hand), "
        "count(*) FILTER (WHERE on_hand - reserved < low_stock_threshold) "
        "FROM inventory_levels WHERE " + _OF + " GROUP BY vendor_id",
    ),
    (
        "customers_vendor_stats",
        "INSERT INTO customers_vendor_stats (vendor_id, customers) "
        "SELECT vendor_id, count(*) FROM customers WHERE " + _OF + " GROUP BY vendor_id",
    ),
    (
        "customers_daily",
        "INSERT INTO customers_daily (vendor_id, day, customers) "
        "SELECT vendor_id, (created_at AT TIME ZONE 'UTC')::date, count(*) FROM customers "
        "WHERE " + _OF + " GROUP BY 1, 2",
    ),
    (
        "orders_status_rollups",
        "INSERT INTO orders_status_rollups (platform_id, vendor_id, status, orders) "
        "SELECT platform_id, vendor_id, status, count(*) FROM orders WHERE " + _OF + " "
        "GROUP BY 1, 2, 3",
    ),
)

COUNTER_TRIGGERS = (
    ("catalog_products", "catalog_stats_products"),
    ("catalog_variants", "catalog_stats_variants"),
    ("inventory_levels", "inventory_stats_levels"),
    ("customers", "customers_stats"),
)
"""The triggers that keep the per-vendor counters (migrations ``catalog_0002``,
``inventory_0002``, ``customers_0002``): disabled while the generator writes (one deferred
event per row would update a counter row hundreds of thousands of times at commit), the
counters of the generated vendors then written by :data:`DERIVED` in one statement each."""

SEQUENCED = (
    "companies",
    "vendors",
    "catalog_products",
    "catalog_variants",
    "customers",
    "orders",
    "order_lines",
)
"""The tables written with explicit ids, whose sequences must move past them."""


async def write_derived(
    conn: object, vendor_ids: list[int], since: object, report: Callable[[str, int], None]
) -> None:
    """Run every statement of :data:`DERIVED`; ``report(what, rows)`` after each.

    Each table is analysed once written, so that the planner joins the next statement's
    millions of rows by hash rather than by a nested loop sized for an empty table.
    """
    for table in ("catalog_variants", "orders", "order_lines"):
        await conn.execute(f"ANALYZE {table}")  # type: ignore[attr-defined]
    for what, sql in DERIVED:
        args = (vendor_ids, since) if "$2" in sql else (vendor_ids,)
        status = await conn.execute(sql, *args)  # type: ignore[attr-defined]
        report(what, int(status.rsplit(" ", 1)[-1]))
        await conn.execute(f"ANALYZE {what.split()[0]}")  # type: ignore[attr-defined]
    for table in SEQUENCED:
        await conn.execute(  # type: ignore[attr-defined]
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
        )
