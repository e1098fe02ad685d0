"""Statements of the inventory repository, built once at import with placeholders.

The level updates are single conditional UPDATEs: the condition and the row's write happen
under the row's lock, so two concurrent reservations of the last unit cannot both succeed;
the table's CHECK constraint is the last line of defence behind them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Integer,
    and_,
    bindparam,
    case,
    column,
    func,
    literal,
    or_,
    select,
    table,
    update,
)
from sqlalchemy.sql import Select

from mercato.adapters.inventory.tables import (
    inventory_levels as lv,
)
from mercato.adapters.inventory.tables import (
    inventory_locations as loc,
)
from mercato.adapters.inventory.tables import (
    inventory_movements as mv,
)
from mercato.adapters.inventory.tables import (
    inventory_reservations as rs,
)
from mercato.adapters.inventory.tables import (
    inventory_vendor_stats,
)

__all__ = [
    "CHANGE_ON_HAND",
    "HOLD",
    "HOME_PLATFORM",
    "LOWEST",
    "SELL",
    "TOTALS_OF_VENDOR",
    "TOTALS_ON_PLATFORM",
    "UNHOLD",
    "level_rows",
    "platform_vendors",
    "vendors",
]

# Tenancy's tables, named (never imported): which vendors are on a platform, and their slugs.
vendor_platforms = table("vendor_platforms", column("vendor_id"), column("platform_id"))
vendors = table("vendors", column("id"), column("slug"))

_Q = bindparam("q", type_=Integer)
_ID = bindparam("level_id", type_=Integer)
_NOW: Any = bindparam("now")

HOLD = (
    update(lv)
    .where(lv.c.id == _ID, or_(lv.c.allow_backorder, lv.c.on_hand - lv.c.reserved >= _Q))
    .values(reserved=lv.c.reserved + _Q, updated_at=_NOW)
    .returning(lv.c.on_hand, lv.c.reserved)
)
"""Reserve ``q`` units more, only if that many are available (or backorders are allowed)."""

UNHOLD = update(lv).where(lv.c.id == _ID).values(reserved=lv.c.reserved - _Q, updated_at=_NOW)
SELL = (
    update(lv)
    .where(lv.c.id == _ID)
    .values(on_hand=lv.c.on_hand - _Q, reserved=lv.c.reserved - _Q, updated_at=_NOW)
)

CHANGE_ON_HAND = (
    update(lv)
    .where(
        lv.c.id == _ID,
        or_(
            _Q > 0,
            lv.c.on_hand + _Q >= case((lv.c.allow_backorder, literal(0)), else_=lv.c.reserved),
        ),
    )
    .values(on_hand=lv.c.on_hand + _Q, updated_at=_NOW)
    .returning(lv.c.on_hand, lv.c.reserved)
)
"""Add ``q`` to on hand; a decrease never goes under what is reserved (under zero for a
backordered variant)."""

HOME_PLATFORM = select(func.min(vendor_platforms.c.platform_id)).where(
    vendor_platforms.c.vendor_id == bindparam("vendor_id")
)


def platform_vendors(platform_id: Any) -> Select[Any]:
    """The ids of the vendors on a platform."""
    return select(vendor_platforms.c.vendor_id).where(vendor_platforms.c.platform_id == platform_id)


def lapsed_by_level(now: Any, vendor_id: Any = None) -> Any:
    """Per level, what open reservations expired at ``now`` still hold (of one vendor)."""
    mine = [] if vendor_id is None else [mv.c.vendor_id == vendor_id]
    return (
        select(mv.c.level_id, func.sum(mv.c.quantity).label("lapsed"))
        .select_from(
            mv.join(rs, and_(rs.c.vendor_id == mv.c.vendor_id, rs.c.reference == mv.c.reference))
        )
        .where(
            mv.c.kind == "reservation",
            rs.c.status == "open",
            rs.c.expires_at.is_not(None),
            rs.c.expires_at <= now,
            *mine,
        )
        .group_by(mv.c.level_id)
        .subquery("lapsed")
    )


def level_rows(now: Any, vendor_id: Any = None) -> tuple[Select[Any], Any]:
    """Levels with their location code and lapsed units at ``now``, and the expression of
    their available units (for filters and ordering)."""
    lapsed = lapsed_by_level(now, vendor_id)
    held = func.coalesce(lapsed.c.lapsed, 0)
    available = lv.c.on_hand - lv.c.reserved + held
    query = select(lv, loc.c.code.label("location"), held.label("lapsed")).select_from(
        lv.join(loc, loc.c.id == lv.c.location_id).outerjoin(lapsed, lapsed.c.level_id == lv.c.id)
    )
    return query, available


# The dashboard's statements (metrics and the low-stock widget), built once.
_ST = inventory_vendor_stats.c
_ON_PLATFORM = _ST.vendor_id.in_(platform_vendors(bindparam("platform_id")))
TOTALS_ON_PLATFORM = select(
    func.coalesce(func.sum(_ST.units_on_hand), 0), func.coalesce(func.sum(_ST.below_threshold), 0)
).where(_ON_PLATFORM)
"""Units on hand and levels below threshold from the counter rows: the platform's."""
TOTALS_OF_VENDOR = TOTALS_ON_PLATFORM.where(_ST.vendor_id == bindparam("vendor_id"))


def _lowest(vendor_id: Any) -> Any:
    query, available = level_rows(bindparam("now"), vendor_id)
    mine = lv.c.vendor_id.in_(platform_vendors(bindparam("platform_id")))
    return (
        query.where(
            mine,
            *(() if vendor_id is None else (lv.c.vendor_id == vendor_id,)),
            lv.c.on_hand - lv.c.reserved < lv.c.low_stock_threshold,
            available < lv.c.low_stock_threshold,
        )
        .order_by(available, lv.c.id)
        .limit(bindparam("limit", type_=Integer))
    )


LOWEST = (_lowest(None), _lowest(bindparam("vendor_id", type_=Integer)))
"""The low-stock widget's statement: the platform's, the vendor's."""
