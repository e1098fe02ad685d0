"""One contract for the event store, run against the fake and against SQLite/PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import insert

from mercato.adapters.db.engine import create_engine, create_session_factory
from mercato.adapters.events.store import SqlAlchemyEventStore
from mercato.adapters.events.tables import event_outbox
from mercato.domain.core.events import DeliveryStatus, StoredEvent
from tests.support.events import FakeEventStore

pytestmark = pytest.mark.integration

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
EVENT = StoredEvent("e1", "probe.pinged", 4, None, NOW, {"note": "x", "tags": ["a"]})


@asynccontextmanager
async def _real(url: str) -> AsyncIterator[tuple[Any, Callable[[StoredEvent], Awaitable[None]]]]:
    engine = create_engine(url)
    sessions = create_session_factory(engine)

    async def add(e: StoredEvent) -> None:
        async with sessions() as s:
            await s.execute(
                insert(event_outbox).values(
                    id=e.id,
                    name=e.name,
                    platform_id=e.platform_id,
                    vendor_id=e.vendor_id,
                    payload=dict(e.payload),
                    occurred_at=e.occurred_at,
                )
            )
            await s.commit()

    try:
        yield SqlAlchemyEventStore(sessions), add
    finally:
        await engine.dispose()


@asynccontextmanager
async def _fake(_: str) -> AsyncIterator[tuple[Any, Callable[[StoredEvent], Awaitable[None]]]]:
    store = FakeEventStore()

    async def add(e: StoredEvent) -> None:
        store.add(e)

    yield store, add


@pytest.fixture(params=["fake", "real"])
def opened(request: pytest.FixtureRequest) -> Callable[[str], Any]:
    return _fake if request.param == "fake" else _real


def test_the_store_keeps_the_rules_of_its_contract(
    migrated_url: str, opened: Callable[[str], Any]
) -> None:
    async def go() -> None:
        async with opened(migrated_url) as (store, add):
            await add(EVENT)
            assert await store.load("e1") == EVENT
            assert await store.load("nope") is None
            assert await store.undispatched(NOW + timedelta(seconds=1), 10) == ["e1"]
            assert await store.undispatched(NOW, 10) == []

            targets = [("listener", "record"), ("listener", "flaky")]
            assert await store.fan_out("e1", targets, NOW) is True
            assert await store.fan_out("e1", targets, NOW) is False
            assert await store.undispatched(NOW + timedelta(days=1), 10) == []

            due = await store.due(NOW, 10, ["e1"])
            assert [(d.handler, d.status, d.attempts) for d in due] == [
                ("record", DeliveryStatus.PENDING, 0),
                ("flaky", DeliveryStatus.PENDING, 0),
            ]
            assert await store.due(NOW - timedelta(seconds=1), 10) == []
            record, flaky = due
            until = NOW + timedelta(minutes=2)
            assert await store.claim(record, NOW, until) is True
            assert await store.claim(record, NOW, until) is False  # read before the claim
            assert [d.handler for d in await store.due(NOW, 10)] == ["flaky"]
            (expired,) = [d for d in await store.due(until, 10) if d.handler == "record"]
            assert (expired.status, expired.attempts) == (DeliveryStatus.RUNNING, 1)

            await store.finish(record.id, DeliveryStatus.DELIVERED, NOW)
            await store.finish(flaky.id, DeliveryStatus.FAILED, NOW, error="E" * 400)
            assert await store.due(NOW + timedelta(days=1), 10) == []
            (failed,) = await store.failed(10)
            assert (failed.handler, len(failed.last_error), failed.event) == ("flaky", 300, EVENT)

            assert await store.retry_failed(NOW) == 1
            (again,) = await store.due(NOW, 10)
            assert (again.handler, again.status, again.attempts) == (
                "flaky",
                DeliveryStatus.PENDING,
                0,
            )

    asyncio.run(go())


def test_the_store_pages_retries_and_purges_by_its_contract(
    migrated_url: str, opened: Callable[[str], Any]
) -> None:
    async def go() -> None:
        async with opened(migrated_url) as (store, add):
            finished = {"delivered": DeliveryStatus.DELIVERED, "skipped": DeliveryStatus.SKIPPED}
            plans = {
                "done": ["delivered", "skipped"],
                "none": [],
                "broken": ["delivered", "failed"],
                "open": ["pending"],
                "young": ["delivered"],
            }
            ids: dict[str, list[int]] = {}
            for name, statuses in plans.items():
                at = NOW + timedelta(days=1) if name == "young" else NOW
                await add(StoredEvent(name, "probe.pinged", 4, None, at))
                await store.fan_out(name, [("m", f"h{i}") for i in range(len(statuses))], at)
                due = await store.due(at, 10, [name])
                ids[name] = [d.id for d in due]
                for d, status in zip(due, statuses, strict=True):
                    if status == "failed":
                        await store.finish(d.id, DeliveryStatus.FAILED, at, error="E")
                    elif status in finished:
                        await store.finish(d.id, finished[status], at)

            (failed_id,) = [d.id for d in await store.failed_page(None, 10)]
            assert failed_id == ids["broken"][1]
            assert await store.failed_page(failed_id, 10) == []
            assert await store.retry(ids["open"][0], NOW, 0) is False  # not failed
            assert await store.retry(failed_id, NOW, 3) is True
            assert await store.retry(failed_id, NOW, 3) is False
            (again,) = await store.due(NOW, 10, ["broken"])
            assert (again.id, again.status, again.attempts) == (
                failed_id,
                DeliveryStatus.PENDING,
                3,
            )

            before = NOW + timedelta(hours=1)
            assert await store.purge_finished(before, 1) == 1
            assert await store.purge_finished(before, 10) == 1
            assert await store.purge_finished(before, 10) == 0
            assert await store.load("done") is None and await store.load("none") is None
            for kept in ("broken", "open", "young"):
                assert await store.load(kept) is not None
            assert [d.id for d in await store.due(NOW, 10, ["broken"])] == [failed_id]

    asyncio.run(go())
