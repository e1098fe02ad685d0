"""The reservation rows of the inventory repository: one per vendor and reference.

A reference is claimed with an INSERT that does nothing on a conflict, so concurrent
reserves of one reference make exactly one reservation; status changes are conditional
UPDATEs (``open -> released`` happens once, whoever tries).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mercato.adapters.db.queries import InsertFactory, frozen_insert, rowcount
from mercato.adapters.db.timestamps import as_utc
from mercato.adapters.inventory.tables import inventory_movements as mv
from mercato.adapters.inventory.tables import inventory_reservations as rs
from mercato.domain.inventory.model import MovementKind, Reservation, ReservationStatus
from mercato.domain.inventory.repository import HeldLine

__all__ = ["ReservationRows"]


def _reservation(row: Any) -> Reservation:
    return Reservation(
        row.id,
        row.vendor_id,
        row.reference,
        ReservationStatus(row.status),
        as_utc(row.expires_at) if row.expires_at else None,
        as_utc(row.created_at),
    )


def _claim(insert: InsertFactory) -> Any:
    columns = ("vendor_id", "reference", "status", "expires_at", "created_at", "updated_at")
    return (
        insert(rs)
        .values({c: bindparam(c) for c in columns})
        .on_conflict_do_nothing(index_elements=["vendor_id", "reference"])
        .returning(rs)
    )


class ReservationRows:
    """The reservation half of :class:`SqlAlchemyStockRepository`."""

    _sessions: async_sessionmaker[AsyncSession]

    async def claim(
        self, vendor_id: int, reference: str, expires_at: datetime | None, now: datetime
    ) -> Reservation | None:
        async with self._sessions() as s:
            values = {
                "vendor_id": vendor_id,
                "reference": reference,
                "status": ReservationStatus.OPEN.value,
                "expires_at": as_utc(expires_at),
                "created_at": as_utc(now),
                "updated_at": as_utc(now),
            }
            row = (await s.execute(frozen_insert(s, _claim), values)).first()
            return None if row is None else _reservation(row)

    async def reservation(self, vendor_id: int, reference: str) -> Reservation | None:
        async with self._sessions() as s:
            row = (
                await s.execute(
                    select(rs).where(rs.c.vendor_id == vendor_id, rs.c.reference == reference)
                )
            ).first()
            return None if row is None else _reservation(row)

    async def forget(self, reservation_id: int) -> None:
        async with self._sessions() as s:
            await s.execute(delete(rs).where(rs.c.id == reservation_id))

    async def transition(
        self,
        reservation_id: int,
        before: ReservationStatus,
        after: ReservationStatus,
        now: datetime,
    ) -> bool:
        async with self._sessions() as s:
            result = await s.execute(
                update(rs)
                .where(rs.c.id == reservation_id, rs.c.status == before.value)
                .values(status=after.value, updated_at=as_utc(now))
            )
            return rowcount(result) == 1

    async def held_lines(self, vendor_id: int, reference: str) -> list[HeldLine]:
        kinds = (
            MovementKind.RESERVATION.value,
            MovementKind.RELEASE.value,
            MovementKind.SALE.value,
        )
        async with self._sessions() as s:
            rows = await s.execute(
                select(mv.c.level_id, mv.c.variant_id, mv.c.location_id, mv.c.kind, mv.c.quantity)
                .where(
                    mv.c.vendor_id == vendor_id,
                    mv.c.reference == reference,
                    mv.c.kind.in_(kinds),
                )
                .order_by(mv.c.id)
            )
            return [HeldLine(r[0], r[1], r[2], MovementKind(r[3]), r[4]) for r in rows]

    async def lapsed(
        self,
        now: datetime,
        limit: int,
        vendor_id: int | None = None,
        variant_ids: Sequence[int] = (),
    ) -> list[tuple[int, str]]:
        query = select(rs.c.vendor_id, rs.c.reference).where(
            rs.c.status == ReservationStatus.OPEN.value,
            rs.c.expires_at.is_not(None),
            rs.c.expires_at <= as_utc(now),
        )
        if vendor_id is not None:
            query = query.where(rs.c.vendor_id == vendor_id)
        if variant_ids:
            holding = select(mv.c.id).where(
                and_(
                    mv.c.vendor_id == rs.c.vendor_id,
                    mv.c.reference == rs.c.reference,
                    mv.c.variant_id.in_(list(variant_ids)),
                )
            )
            query = query.where(holding.exists())
        async with self._sessions() as s:
            rows = await s.execute(query.order_by(rs.c.expires_at, rs.c.id).limit(limit))
            return [(r[0], r[1]) for r in rows]
