"""SQLAlchemy implementation of the outbox's store (``domain.core.events.EventStore``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, delete, exists, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mercato.adapters.db.timestamps import as_utc
from mercato.adapters.events.tables import event_deliveries as deliveries
from mercato.adapters.events.tables import event_outbox as outbox
from mercato.domain.core.events import Delivery, DeliveryStatus, StoredEvent

__all__ = ["SqlAlchemyEventStore"]

_OPEN = (DeliveryStatus.PENDING.value, DeliveryStatus.RUNNING.value)
_FINISHED = (DeliveryStatus.DELIVERED.value, DeliveryStatus.SKIPPED.value)
_EVENT_COLUMNS = (
    outbox.c.id,
    outbox.c.name,
    outbox.c.platform_id,
    outbox.c.vendor_id,
    outbox.c.occurred_at,
    outbox.c.payload,
)
_LOAD = select(*_EVENT_COLUMNS).where(outbox.c.id == bindparam("id"))
_DELIVERIES = select(
    deliveries.c.id.label("delivery_id"),
    deliveries.c.module,
    deliveries.c.handler,
    deliveries.c.status,
    deliveries.c.attempts,
    deliveries.c.next_attempt_at,
    deliveries.c.last_error,
    deliveries.c.delivered_at,
    *_EVENT_COLUMNS,
).join_from(deliveries, outbox, deliveries.c.event_id == outbox.c.id)


def _event(row: Any) -> StoredEvent:
    return StoredEvent(
        id=row.id,
        name=row.name,
        platform_id=row.platform_id,
        vendor_id=row.vendor_id,
        occurred_at=as_utc(row.occurred_at),
        payload=row.payload or {},
    )


def _delivery(row: Any) -> Delivery:
    return Delivery(
        id=row.delivery_id,
        event=_event(row),
        module=row.module,
        handler=row.handler,
        status=DeliveryStatus(row.status),
        attempts=row.attempts,
        next_attempt_at=as_utc(row.next_attempt_at),
        last_error=row.last_error,
        delivered_at=as_utc(row.delivered_at),
    )


class SqlAlchemyEventStore:
    """The outbox tables. Reads end their transaction too: the dispatcher's session never
    holds a snapshot while a handler writes on another connection."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def load(self, event_id: str) -> StoredEvent | None:
        """The event, or ``None``."""
        async with self._sessions() as s:
            row = (await s.execute(_LOAD, {"id": event_id})).first()
            await s.commit()
        return None if row is None else _event(row)

    async def fan_out(
        self, event_id: str, targets: Sequence[tuple[str, str]], now: datetime
    ) -> bool:
        """Mark the event fanned out (a conditional update: one winner) and create its
        deliveries in the same transaction."""
        now = as_utc(now)
        async with self._sessions() as s:
            marked = await s.execute(
                update(outbox)
                .where(outbox.c.id == event_id, outbox.c.dispatched_at.is_(None))
                .values(dispatched_at=now)
            )
            if int(getattr(marked, "rowcount", 0) or 0) != 1:
                await s.rollback()
                return False
            if targets:
                await s.execute(
                    insert(deliveries),
                    [
                        {
                            "event_id": event_id,
                            "module": module,
                            "handler": handler,
                            "status": DeliveryStatus.PENDING.value,
                            "attempts": 0,
                            "next_attempt_at": now,
                        }
                        for module, handler in targets
                    ],
                )
            await s.commit()
        return True

    async def undispatched(self, before: datetime, limit: int) -> Sequence[str]:
        """Events never fanned out, recorded before ``before``, oldest first."""
        query = (
            select(outbox.c.id)
            .where(outbox.c.dispatched_at.is_(None), outbox.c.occurred_at < as_utc(before))
            .order_by(outbox.c.occurred_at)
            .limit(limit)
        )
        async with self._sessions() as s:
            ids = list((await s.execute(query)).scalars())
            await s.commit()
        return ids

    async def due(self, now: datetime, limit: int, event_ids: Sequence[str] = ()) -> list[Delivery]:
        """Open deliveries due at ``now``, the oldest due first."""
        query: Select[Any] = _DELIVERIES.where(
            deliveries.c.status.in_(_OPEN), deliveries.c.next_attempt_at <= as_utc(now)
        )
        if event_ids:
            query = query.where(deliveries.c.event_id.in_(list(event_ids)))
        query = query.order_by(deliveries.c.next_attempt_at, deliveries.c.id).limit(limit)
        return await self._deliveries(query)

    async def claim(self, delivery: Delivery, now: datetime, until: datetime) -> bool:
        """Compare and set: still as read and due, then running until ``until``."""
        async with self._sessions() as s:
            result = await s.execute(
                update(deliveries)
                .where(
                    deliveries.c.id == delivery.id,
                    deliveries.c.status == delivery.status.value,
                    deliveries.c.attempts == delivery.attempts,
                    deliveries.c.next_attempt_at <= as_utc(now),
                )
                .values(
                    status=DeliveryStatus.RUNNING.value,
                    attempts=deliveries.c.attempts + 1,
                    next_attempt_at=as_utc(until),
                )
            )
            await s.commit()
        return int(getattr(result, "rowcount", 0) or 0) == 1

    async def finish(
        self,
        delivery_id: int,
        status: DeliveryStatus,
        now: datetime,
        next_attempt_at: datetime | None = None,
        error: str = "",
    ) -> None:
        """Record the outcome; a finished delivery's ``next_attempt_at`` is when it ended."""
        now = as_utc(now)
        values: dict[str, Any] = {
            "status": status.value,
            "next_attempt_at": as_utc(next_attempt_at) if next_attempt_at else now,
            "last_error": error[:300],
        }
        if status is DeliveryStatus.DELIVERED:
            values["delivered_at"] = now
        async with self._sessions() as s:
            await s.execute(update(deliveries).where(deliveries.c.id == delivery_id).values(values))
            await s.commit()

    async def failed(self, limit: int) -> list[Delivery]:
        """Failed deliveries, the most recently failed first."""
        query = (
            _DELIVERIES.where(deliveries.c.status == DeliveryStatus.FAILED.value)
            .order_by(deliveries.c.next_attempt_at.desc(), deliveries.c.id.desc())
            .limit(limit)
        )
        return await self._deliveries(query)

    async def retry_failed(self, now: datetime, attempts: int = 0) -> int:
        """Failed deliveries become pending again, due at ``now``, with ``attempts``."""
        async with self._sessions() as s:
            result = await s.execute(
                update(deliveries)
                .where(deliveries.c.status == DeliveryStatus.FAILED.value)
                .values(
                    status=DeliveryStatus.PENDING.value,
                    attempts=attempts,
                    next_attempt_at=as_utc(now),
                )
            )
            await s.commit()
        return int(getattr(result, "rowcount", 0) or 0)

    async def failed_page(self, before_id: int | None, limit: int) -> list[Delivery]:
        """Failed deliveries, highest id first, below ``before_id`` (keyset)."""
        query = _DELIVERIES.where(deliveries.c.status == DeliveryStatus.FAILED.value)
        if before_id is not None:
            query = query.where(deliveries.c.id < before_id)
        return await self._deliveries(query.order_by(deliveries.c.id.desc()).limit(limit))

    async def retry(self, delivery_id: int, now: datetime, attempts: int) -> bool:
        """Compare and set: a failed delivery becomes pending, due at ``now``."""
        async with self._sessions() as s:
            result = await s.execute(
                update(deliveries)
                .where(
                    deliveries.c.id == delivery_id,
                    deliveries.c.status == DeliveryStatus.FAILED.value,
                )
                .values(
                    status=DeliveryStatus.PENDING.value,
                    attempts=attempts,
                    next_attempt_at=as_utc(now),
                )
            )
            await s.commit()
        return int(getattr(result, "rowcount", 0) or 0) == 1

    async def purge_finished(self, before: datetime, limit: int) -> int:
        """One batch: the ids first (by the index on ``dispatched_at``), then their
        deliveries and the events, each delete repeating the condition (a delivery retried
        meanwhile keeps its event)."""
        unfinished = exists().where(
            deliveries.c.event_id == outbox.c.id, deliveries.c.status.not_in(_FINISHED)
        )
        done = (outbox.c.dispatched_at < as_utc(before), ~unfinished)
        async with self._sessions() as s:
            ids = list(
                (
                    await s.execute(
                        select(outbox.c.id)
                        .where(*done)
                        .order_by(outbox.c.dispatched_at)
                        .limit(limit)
                    )
                ).scalars()
            )
            if not ids:
                await s.commit()
                return 0
            await s.execute(
                delete(deliveries).where(
                    deliveries.c.event_id.in_(ids), deliveries.c.status.in_(_FINISHED)
                )
            )
            result = await s.execute(delete(outbox).where(outbox.c.id.in_(ids), *done))
            await s.commit()
        return int(getattr(result, "rowcount", 0) or 0)

    async def count(self, status: DeliveryStatus | None = None) -> int:
        """How many deliveries (of ``status``) there are."""
        query = select(func.count()).select_from(deliveries)
        if status is not None:
            query = query.where(deliveries.c.status == status.value)
        async with self._sessions() as s:
            n = int((await s.execute(query)).scalar_one())
            await s.commit()
        return n

    async def _deliveries(self, query: Select[Any]) -> list[Delivery]:
        async with self._sessions() as s:
            rows = (await s.execute(query)).all()
            await s.commit()
        return [_delivery(r) for r in rows]
