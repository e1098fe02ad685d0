"""What the dashboards read: the rollups, one statement each, built once (ADR 0016).

Each statement exists in two shapes, the platform's and one vendor's, so that each keeps a
plain ``WHERE`` its index serves.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Date, Integer, Select, bindparam, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mercato.adapters.db.queries import core
from mercato.adapters.orders.repositories import order_from_row
from mercato.adapters.orders.tables import (
    orders,
    orders_daily_rollups,
    orders_status_rollups,
    vendors_ref,
)
from mercato.domain.orders.model import Order, OrderStatus
from mercato.domain.orders.repository import CurrencyTotals

__all__ = ["SqlAlchemyRollupReader"]

_PLATFORM = bindparam("platform_id", type_=Integer)
_VENDOR = bindparam("vendor_id", type_=Integer)
_SINCE = bindparam("since", type_=Date)
_TODAY = bindparam("today", type_=Date)
_LIMIT = bindparam("limit", type_=Integer)
_d = orders_daily_rollups.c
_s = orders_status_rollups.c


def _shapes(query: Select[Any], vendor_column: Any) -> tuple[Select[Any], Select[Any]]:
    """The platform's statement and the vendor's."""
    return query, query.where(vendor_column == _VENDOR)


_TOTALS = _shapes(
    select(
        _d.currency,
        func.sum(case((_d.day == _TODAY, _d.orders), else_=0)),
        func.sum(_d.orders),
        func.sum(_d.revenue),
    )
    .where(_d.platform_id == _PLATFORM, _d.day >= _SINCE)
    .group_by(_d.currency)
    .order_by(_d.currency),
    _d.vendor_id,
)
_BY_DAY = _shapes(
    select(_d.day, _d.currency, func.sum(_d.revenue))
    .where(_d.platform_id == _PLATFORM, _d.day >= _SINCE)
    .group_by(_d.day, _d.currency),
    _d.vendor_id,
)
_BY_STATUS = _shapes(
    select(_s.status, func.sum(_s.orders)).where(_s.platform_id == _PLATFORM).group_by(_s.status),
    _s.vendor_id,
)
_RECENT = (
    select(orders, vendors_ref.c.slug.label("vendor_slug"), vendors_ref.c.name.label("vendor_name"))
    .join(vendors_ref, vendors_ref.c.id == orders.c.vendor_id)
    .where(orders.c.platform_id == _PLATFORM)
    .order_by(orders.c.id.desc())
    .limit(_LIMIT),
    select(orders, vendors_ref.c.slug.label("vendor_slug"))
    .join(vendors_ref, vendors_ref.c.id == orders.c.vendor_id)
    .where(orders.c.vendor_id == _VENDOR, orders.c.platform_id == _PLATFORM)
    .order_by(orders.c.number.desc())
    .limit(_LIMIT),
)


def _pick(shapes: tuple[Select[Any], Select[Any]], vendor_id: int | None) -> Select[Any]:
    return shapes[0] if vendor_id is None else shapes[1]


def _day(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


class SqlAlchemyRollupReader:
    """:class:`mercato.domain.orders.repository.RollupReader` on SQLAlchemy."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def totals(
        self, platform_id: int, vendor_id: int | None, since: date, today: date
    ) -> Sequence[CurrencyTotals]:
        """Per currency: orders today, orders and revenue since ``since``."""
        params = {
            "platform_id": platform_id,
            "vendor_id": vendor_id,
            "since": since,
            "today": today,
        }
        async with self._sessions() as s:
            rows = (await core(s, _pick(_TOTALS, vendor_id), params)).all()
        return [CurrencyTotals(c, int(t or 0), int(n or 0), int(r or 0)) for c, t, n, r in rows]

    async def revenue_by_day(
        self, platform_id: int, vendor_id: int | None, since: date
    ) -> Sequence[tuple[date, str, int]]:
        """``(day, currency, revenue)`` of the days with rollups since ``since``."""
        params = {"platform_id": platform_id, "vendor_id": vendor_id, "since": since}
        async with self._sessions() as s:
            rows = (await core(s, _pick(_BY_DAY, vendor_id), params)).all()
        return [(_day(d), c, int(r or 0)) for d, c, r in rows]

    async def by_status(self, platform_id: int, vendor_id: int | None) -> dict[OrderStatus, int]:
        """Orders per status, every status present."""
        counts = dict.fromkeys(OrderStatus, 0)
        params = {"platform_id": platform_id, "vendor_id": vendor_id}
        async with self._sessions() as s:
            for status, n in (await core(s, _pick(_BY_STATUS, vendor_id), params)).all():
                counts[OrderStatus(status)] = int(n or 0)
        return counts

    async def recent(self, platform_id: int, vendor_id: int | None, limit: int) -> Sequence[Order]:
        """The latest orders of the platform (or of the vendor on it)."""
        params = {"platform_id": platform_id, "vendor_id": vendor_id, "limit": limit}
        async with self._sessions() as s:
            rows = (await core(s, _pick(_RECENT, vendor_id), params)).all()
        return [order_from_row(r) for r in rows]
