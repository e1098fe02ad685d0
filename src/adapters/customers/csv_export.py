"""The customers as CSV, streamed a batch at a time (the whole list is never in memory).

A cell that a spreadsheet would read as a formula (starting with ``= + - @``, a tab or a
carriage return) is written with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Sequence

from litestar.response import Stream

from mercato.domain.customers.model import Address, Customer, CustomerFilter
from mercato.domain.customers.services import CustomerService

__all__ = ["HEADER", "csv_stream", "row_of"]

HEADER = (
    "id",
    "email",
    "name",
    "phone",
    "marketing_consent",
    "consent_at",
    "tags",
    "addresses",
    "notes",
    "created_at",
    "updated_at",
)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA) else value


def _address(a: Address) -> str:
    place = " ".join(p for p in (a.postal_code, a.city) if p)
    parts = (a.line1, a.line2, place, a.region, a.country)
    text = ", ".join(p for p in parts if p)
    return f"{a.label}: {text}" if a.label else text


def row_of(c: Customer) -> list[str]:
    """The CSV cells of a customer."""
    return [
        str(c.id),
        _safe(c.email),
        _safe(c.name),
        _safe(c.phone),
        "yes" if c.marketing_consent else "no",
        c.consent_at.isoformat() if c.consent_at else "",
        _safe("; ".join(c.tags)),
        _safe(" | ".join(_address(a) for a in c.addresses)),
        _safe(c.notes),
        c.created_at.isoformat(),
        c.updated_at.isoformat(),
    ]


def _lines(rows: Sequence[Sequence[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


async def _chunks(
    customers: CustomerService, vendor_id: int, where: CustomerFilter, search: str
) -> AsyncIterator[str]:
    yield _lines([list(HEADER)])
    async for batch in customers.export(vendor_id, where, search):
        yield _lines([row_of(c) for c in batch])


def csv_stream(
    customers: CustomerService, vendor_id: int, slug: str, where: CustomerFilter, search: str
) -> Stream:
    """The streamed CSV download of the vendor's customers the list shows for ``search``
    and ``where`` (by id)."""
    return Stream(
        _chunks(customers, vendor_id, where, search),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="customers-{slug}.csv"',
            "Cache-Control": "no-store",
        },
    )
