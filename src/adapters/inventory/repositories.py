"""The inventory repository on SQLAlchemy: levels, locations and the ledger.

Reservations are in :mod:`adapters.inventory.repositories_reservations`. Every method takes
the session of the running unit of work (``self._sessions()``) and commits nothing but
:meth:`SqlAlchemyStockRepository.commit`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mercato.adapters.db.queries import core, dialect_of, matches, text_key
from mercato.adapters.db.timestamps import as_utc, utc_now
from mercato.adapters.inventory import statements as q
from mercato.adapters.inventory.repositories_reservations import ReservationRows
from mercato.adapters.inventory.tables import inventory_levels as lv
from mercato.adapters.inventory.tables import inventory_locations as loc
from mercato.adapters.inventory.tables import inventory_movements as mv
from mercato.domain.inventory.model import Change, Level, Location, Movement, MovementKind
from mercato.domain.inventory.repository import NewMovement, StockTotals
from mercato.ports.pagination import Page, PageRequest

__all__ = ["SqlAlchemyStockRepository", "level_of"]


def level_of(row: Row[Any]) -> Level:
    """A level of a row of :func:`statements.level_rows`."""
    m = row._mapping
    return Level(
        m["id"],
        m["vendor_id"],
        m["variant_id"],
        m["location_id"],
        m["location"],
        m["sku"],
        m["on_hand"],
        m["reserved"],
        bool(m["allow_backorder"]),
        m["low_stock_threshold"],
        int(m["lapsed"] or 0),
    )


def _movement(row: Row[Any]) -> Movement:
    m = row._mapping
    return Movement(
        m["id"],
        m["vendor_id"],
        m["variant_id"],
        m["location_id"],
        MovementKind(m["kind"]),
        m["quantity"],
        as_utc(m["created_at"]),
        m["reference"],
        as_utc(m["expires_at"]) if m["expires_at"] else None,
        m["actor"],
        m["location"],
        m["sku"],
    )


class SqlAlchemyStockRepository(ReservationRows):
    """Implements :class:`domain.inventory.repository.StockRepository`."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    def _insert(self, s: AsyncSession, table: Any) -> Any:
        return pg_insert(table) if dialect_of(s) == "postgresql" else sqlite_insert(table)

    async def location(self, vendor_id: int, code: str) -> Location:
        async with self._sessions() as s:
            now = utc_now()
            stmt = self._insert(s, loc).values(
                vendor_id=vendor_id, code=code, name=code.title(), created_at=now
            )
            await s.execute(stmt.on_conflict_do_nothing(index_elements=["vendor_id", "code"]))
            row = (
                await s.execute(select(loc).where(loc.c.vendor_id == vendor_id, loc.c.code == code))
            ).one()
            return Location(row.id, row.vendor_id, row.code, row.name)

    async def level(self, vendor_id: int, variant_id: int, location_id: int, sku: str) -> Level:
        async with self._sessions() as s:
            now = utc_now()
            stmt = self._insert(s, lv).values(
                vendor_id=vendor_id,
                variant_id=variant_id,
                location_id=location_id,
                sku=sku,
                on_hand=0,
                reserved=0,
                allow_backorder=False,
                updated_at=now,
            )
            await s.execute(
                stmt.on_conflict_do_nothing(index_elements=["variant_id", "location_id"])
            )
            if sku:
                await s.execute(
                    update(lv)
                    .where(
                        lv.c.vendor_id == vendor_id,
                        lv.c.variant_id == variant_id,
                        lv.c.sku != sku,
                    )
                    .values(sku=sku)
                )
            query, _ = q.level_rows(now, vendor_id)
            row = (
                await s.execute(
                    query.where(
                        lv.c.vendor_id == vendor_id,
                        lv.c.variant_id == variant_id,
                        lv.c.location_id == location_id,
                    )
                )
            ).one()
            return level_of(row)

    async def levels_of(
        self, vendor_id: int, variant_ids: Sequence[int], now: datetime
    ) -> list[Level]:
        if not variant_ids:
            return []
        async with self._sessions() as s:
            query, _ = q.level_rows(as_utc(now), vendor_id)
            rows = await s.execute(
                query.where(
                    lv.c.vendor_id == vendor_id, lv.c.variant_id.in_(list(variant_ids))
                ).order_by(lv.c.variant_id, lv.c.location_id)
            )
            return [level_of(r) for r in rows]

    async def levels_page(
        self,
        vendor_id: int,
        request: PageRequest,
        now: datetime,
        below_only: bool = False,
        variant_id: int | None = None,
    ) -> Page[Level]:
        async with self._sessions() as s:
            query, available = q.level_rows(as_utc(now), vendor_id)
            query = query.where(lv.c.vendor_id == vendor_id)
            rows, total = await self._page(s, query, available, request, below_only, variant_id)
            return Page([level_of(r) for r in rows], total, request.page, request.size)

    async def platform_levels_page(
        self, platform_id: int, request: PageRequest, now: datetime, below_only: bool = False
    ) -> Page[tuple[str, Level]]:
        """A page of the levels of every vendor on the platform, with the vendor's slug."""
        async with self._sessions() as s:
            query, available = q.level_rows(as_utc(now))
            query = (
                query.add_columns(q.vendors.c.slug.label("vendor_slug"))
                .join(q.vendors, q.vendors.c.id == lv.c.vendor_id)
                .where(lv.c.vendor_id.in_(q.platform_vendors(platform_id)))
            )
            rows, total = await self._page(s, query, available, request, below_only, None)
            items = [(r._mapping["vendor_slug"], level_of(r)) for r in rows]
            return Page(items, total, request.page, request.size)

    async def _page(
        self,
        s: AsyncSession,
        query: Any,
        available: Any,
        request: PageRequest,
        below_only: bool,
        variant_id: int | None,
    ) -> tuple[list[Row[Any]], int]:
        if request.search.strip():
            query = query.where(matches(request.search, lv.c.sku))
        if below_only:
            query = query.where(
                lv.c.low_stock_threshold.is_not(None), available < lv.c.low_stock_threshold
            )
        if variant_id is not None:
            query = query.where(lv.c.variant_id == variant_id)
        total = int(
            (await s.execute(select(func.count()).select_from(query.subquery()))).scalar_one()
        )
        order = (text_key(lv.c.sku, dialect_of(s)), loc.c.code, lv.c.id)
        paged = query.order_by(*order).offset(request.offset).limit(request.size)
        return list((await s.execute(paged)).all()), total

    async def change_on_hand(self, level_id: int, quantity: int) -> Change | None:
        return await self._conditional(q.CHANGE_ON_HAND, level_id, quantity)

    async def hold(self, level_id: int, quantity: int) -> Change | None:
        return await self._conditional(q.HOLD, level_id, quantity)

    async def _conditional(self, statement: Any, level_id: int, quantity: int) -> Change | None:
        async with self._sessions() as s:
            params = {"level_id": level_id, "q": quantity, "now": utc_now()}
            row = (await core(s, statement, params)).first()
            return None if row is None else Change(row[0], row[1])

    async def unhold(self, level_id: int, quantity: int) -> None:
        async with self._sessions() as s:
            params = {"level_id": level_id, "q": quantity, "now": utc_now()}
            await core(s, q.UNHOLD, params)

    async def sell(self, level_id: int, quantity: int) -> None:
        async with self._sessions() as s:
            params = {"level_id": level_id, "q": quantity, "now": utc_now()}
            await core(s, q.SELL, params)

    async def append(self, movements: Sequence[NewMovement]) -> None:
        if not movements:
            return
        async with self._sessions() as s:
            await s.execute(
                mv.insert(),
                [
                    {
                        "vendor_id": m.vendor_id,
                        "level_id": m.level_id,
                        "variant_id": m.variant_id,
                        "location_id": m.location_id,
                        "kind": m.kind.value,
                        "quantity": m.quantity,
                        "reference": m.reference,
                        "expires_at": as_utc(m.expires_at),
                        "created_at": as_utc(m.created_at),
                        "actor": m.actor[:200],
                    }
                    for m in movements
                ],
            )

    async def configure(
        self, vendor_id: int, variant_id: int, threshold: int | None, allow_backorder: bool
    ) -> int:
        async with self._sessions() as s:
            result = await s.execute(
                update(lv)
                .where(lv.c.vendor_id == vendor_id, lv.c.variant_id == variant_id)
                .values(low_stock_threshold=threshold, allow_backorder=allow_backorder)
            )
            return int(getattr(result, "rowcount", 0))

    def _movements_query(self, vendor_id: int) -> Any:
        return (
            select(mv, loc.c.code.label("location"), lv.c.sku)
            .select_from(
                mv.join(loc, loc.c.id == mv.c.location_id).join(lv, lv.c.id == mv.c.level_id)
            )
            .where(mv.c.vendor_id == vendor_id)
        )

    async def movements(
        self, vendor_id: int, before: int | None, size: int, variant_id: int | None = None
    ) -> list[Movement]:
        query = self._movements_query(vendor_id)
        if before is not None:
            query = query.where(mv.c.id < before)
        if variant_id is not None:
            query = query.where(mv.c.variant_id == variant_id)
        async with self._sessions() as s:
            rows = await s.execute(query.order_by(mv.c.id.desc()).limit(size))
            return [_movement(r) for r in rows]

    async def ledger(self, vendor_id: int) -> list[Movement]:
        async with self._sessions() as s:
            rows = await s.execute(self._movements_query(vendor_id).order_by(mv.c.id))
            return [_movement(r) for r in rows]

    async def levels(self, vendor_id: int) -> list[Level]:
        async with self._sessions() as s:
            query, _ = q.level_rows(utc_now(), vendor_id)
            rows = await s.execute(query.where(lv.c.vendor_id == vendor_id).order_by(lv.c.id))
            return [level_of(r) for r in rows]

    async def totals(self, vendor_ids: Sequence[int] | None, platform_id: int) -> StockTotals:
        """From the vendors' counter rows, one statement."""
        params: dict[str, Any] = {"platform_id": platform_id}
        statement = q.TOTALS_ON_PLATFORM
        if vendor_ids is not None:
            (params["vendor_id"],) = vendor_ids
            statement = q.TOTALS_OF_VENDOR
        async with self._sessions() as s:
            units, below = (await core(s, statement, params)).one()
            return StockTotals(int(units), int(below))

    async def lowest(
        self, platform_id: int, vendor_id: int | None, now: datetime, limit: int
    ) -> list[Level]:
        """The levels least available under their threshold, one statement: the levels
        below it by on hand less reserved (the partial index) are the only candidates."""
        params = {
            "platform_id": platform_id,
            "vendor_id": vendor_id,
            "now": as_utc(now),
            "limit": limit,
        }
        async with self._sessions() as s:
            rows = await core(s, q.LOWEST[vendor_id is not None], params)
            return [level_of(r) for r in rows]

    async def home_platform(self, vendor_id: int) -> int | None:
        async with self._sessions() as s:
            found = (await core(s, q.HOME_PLATFORM, {"vendor_id": vendor_id})).scalar()
            return None if found is None else int(found)

    async def commit(self) -> None:
        async with self._sessions() as s:
            await s.commit()
