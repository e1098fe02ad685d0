"""Failed event deliveries written straight into the outbox of a migrated database."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from mercato.adapters.db.engine import create_engine, create_session_factory
from mercato.adapters.events.store import SqlAlchemyEventStore
from mercato.adapters.events.tables import event_outbox
from mercato.domain.core.events import DeliveryStatus

__all__ = ["seed_failed_deliveries"]


def seed_failed_deliveries(url: str, platform_id: int, n: int) -> list[int]:
    """``n`` events of ``probe.pinged`` on the platform, each with one failed delivery to
    ``listener.flaky``; their delivery ids, oldest first."""

    async def go() -> list[int]:
        engine = create_engine(url)
        sessions = create_session_factory(engine)
        store = SqlAlchemyEventStore(sessions)
        at = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
        ids: list[int] = []
        try:
            for _ in range(n):
                event_id = uuid.uuid4().hex
                async with sessions() as s:
                    await s.execute(
                        insert(event_outbox).values(
                            id=event_id,
                            name="probe.pinged",
                            platform_id=platform_id,
                            vendor_id=None,
                            payload={"note": "x"},
                            occurred_at=at,
                        )
                    )
                    await s.commit()
                await store.fan_out(event_id, [("listener", "flaky")], at)
                (delivery,) = await store.due(at, 1, [event_id])
                error = "RuntimeError: the mail server refused"
                await store.finish(delivery.id, DeliveryStatus.FAILED, at, error=error)
                ids.append(delivery.id)
        finally:
            await engine.dispose()
        return ids

    return asyncio.run(go())
