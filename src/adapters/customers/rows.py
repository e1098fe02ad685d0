"""Rows of the customers tables to domain objects and back; the statements built once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    Row,
    Select,
    and_,
    bindparam,
    func,
    select,
    true,
)
from sqlalchemy.ext.asyncio import AsyncSession

from mercato.adapters.customers.tables import (
    customer_tags,
    customers,
    customers_daily,
    customers_vendor_stats,
    vendor_platforms_ref,
)
from mercato.adapters.db.queries import matches
from mercato.adapters.db.timestamps import as_utc
from mercato.domain.customers.model import Address, Customer, CustomerFilter

__all__ = [
    "COUNT_ON_PLATFORM",
    "COUNT_VENDOR",
    "address_json",
    "customer_of",
    "filtered",
    "tags_of",
]


def address_json(a: Address) -> dict[str, str]:
    """An address as stored in the JSON column."""
    return {
        "label": a.label,
        "line1": a.line1,
        "line2": a.line2,
        "postal_code": a.postal_code,
        "city": a.city,
        "region": a.region,
        "country": a.country,
    }


def _address(raw: Any) -> Address:
    return Address(
        line1=str(raw.get("line1", "")),
        city=str(raw.get("city", "")),
        country=str(raw.get("country", "")),
        line2=str(raw.get("line2", "")),
        postal_code=str(raw.get("postal_code", "")),
        region=str(raw.get("region", "")),
        label=str(raw.get("label", "")),
    )


def customer_of(r: Row[Any], tags: Sequence[str]) -> Customer:
    """The customer of a ``customers`` row, with its tags."""
    return Customer(
        id=r.id,
        vendor_id=r.vendor_id,
        email=r.email,
        name=r.name,
        phone=r.phone,
        addresses=tuple(_address(a) for a in (r.addresses or ()) if isinstance(a, dict)),
        marketing_consent=bool(r.marketing_consent),
        consent_at=as_utc(r.consent_at),
        notes=r.notes,
        tags=tuple(sorted(tags)),
        created_at=as_utc(r.created_at),
        updated_at=as_utc(r.updated_at),
    )


async def tags_of(s: AsyncSession, ids: Iterable[int]) -> dict[int, list[str]]:
    """The tags of the customers ``ids``, in one statement (none for no ids)."""
    wanted = sorted(set(ids))
    found: dict[int, list[str]] = {i: [] for i in wanted}
    if not wanted:
        return found
    query = select(customer_tags.c.customer_id, customer_tags.c.tag).where(
        customer_tags.c.customer_id.in_(wanted)
    )
    for customer_id, tag in (await s.execute(query)).all():
        found[customer_id].append(tag)
    return found


def filtered(
    vendor: ColumnElement[bool], search: str, where: CustomerFilter
) -> ColumnElement[bool]:
    """``vendor`` (the rows' scope) narrowed by the search and the filter."""
    cond = and_(vendor, true())
    if search.strip():
        cond = and_(cond, matches(search, customers.c.name, customers.c.email, customers.c.phone))
    if where.tag:
        tagged = select(customer_tags.c.customer_id).where(
            customer_tags.c.tag == where.tag.strip().lower()
        )
        cond = and_(cond, customers.c.id.in_(tagged))
    if where.consent is not None:
        cond = and_(cond, customers.c.marketing_consent == where.consent)
    return cond


# The dashboard's statements, built once (see ``adapters.db.queries.core``): sums of the
# vendors' counter rows (kept by the triggers of migration ``customers_0002``).
_SINCE = bindparam("since_day", type_=Date)
_VENDOR = bindparam("vendor_id", type_=Integer)
_ON_PLATFORM = select(vendor_platforms_ref.c.vendor_id).where(
    vendor_platforms_ref.c.platform_id == bindparam("platform_id", type_=Integer)
)
_st, _day = customers_vendor_stats.c, customers_daily.c


def _counts(total: ColumnElement[bool], new: ColumnElement[bool]) -> Select[Any]:
    return select(
        select(func.coalesce(func.sum(_st.customers), 0)).where(total).scalar_subquery(),
        select(func.coalesce(func.sum(_day.customers), 0))
        .where(new, _day.day >= _SINCE)
        .scalar_subquery(),
    )


COUNT_VENDOR = _counts(_st.vendor_id == _VENDOR, _day.vendor_id == _VENDOR)
COUNT_ON_PLATFORM = _counts(_st.vendor_id.in_(_ON_PLATFORM), _day.vendor_id.in_(_ON_PLATFORM))
