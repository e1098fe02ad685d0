"""The orders as CSV, streamed a keyset batch at a time (the whole list is never in memory).

The export reads the list's own keyset pages (highest number first) with the list's filter,
so it holds exactly the orders the list shows. A cell that a spreadsheet would read as a
formula is written with a leading apostrophe; amounts are in minor units.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator

from litestar.response import Stream

from mercato.domain.orders.repository import OrderFilter
from mercato.domain.orders.services import OrderService

__all__ = ["COLUMNS", "EXPORT_BATCH", "csv_rows", "csv_stream"]

EXPORT_BATCH = 500
"""Orders read per statement."""
COLUMNS = (
    "number",
    "created_at",
    "customer_email",
    "status",
    "payment",
    "fulfilment",
    "currency",
    "subtotal",
    "shipping",
    "total",
    "refunded",
)


def _safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


async def csv_rows(orders: OrderService, vendor_id: int, wanted: OrderFilter) -> AsyncIterator[str]:
    """The CSV text, the header first, a piece per keyset batch of :data:`EXPORT_BATCH`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    cursor: int | None = None
    while True:
        found = await orders.page(vendor_id, wanted, cursor, EXPORT_BATCH)
        for o in found.items:
            writer.writerow(
                (
                    o.number,
                    o.created_at.isoformat(),
                    _safe(o.customer_email),
                    o.status.value,
                    o.payment.value,
                    o.fulfilment.value,
                    o.currency,
                    o.subtotal,
                    o.shipping,
                    o.total,
                    o.refunded,
                )
            )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        if found.next_cursor is None:
            return
        cursor = found.next_cursor


def csv_stream(orders: OrderService, vendor_id: int, wanted: OrderFilter) -> Stream:
    """The streamed CSV download of the vendor's orders matching ``wanted``."""
    return Stream(
        csv_rows(orders, vendor_id, wanted),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": 'attachment; filename="orders.csv"',
            "Cache-Control": "no-store",
        },
    )
