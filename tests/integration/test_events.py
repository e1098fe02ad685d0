"""Events through the outbox on SQLite and PostgreSQL: written with the change, delivered
after its commit to enabled modules' handlers, retried by the sweep."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import msgspec
import pytest
from dependency_injector import providers
from sqlalchemy import event as sa_event
from sqlalchemy import func, select

from mercato.adapters.db.scope import unit_of_work
from mercato.adapters.db.uow import SqlAlchemyUnitOfWork
from mercato.adapters.events.publisher import OutboxEventPublisher
from mercato.adapters.events.tables import event_deliveries, event_outbox
from mercato.bootstrap.container import ApplicationContainer
from mercato.bootstrap.library import close_container
from mercato.domain.core.events import DeliveryStatus
from mercato.domain.tenancy.model import PlatformCodeTaken
from mercato.ports.clock import FakeClock
from tests.support.app import container_with
from tests.support.events import (
    DEAF,
    LISTENER,
    RECEIVED,
    Pinged,
    fail_next,
    hang_next,
    reset_handlers,
)
from tests.support.processes import mercato, mercato_env

pytestmark = pytest.mark.integration

T = TypeVar("T")


class World:
    """A container over the database with the listener (enabled) and deaf (not) modules."""

    def __init__(self, c: ApplicationContainer, platform_id: int, clock: FakeClock) -> None:
        self.c = c
        self.platform_id = platform_id
        self.clock = clock

    async def publish(self, note: str, then: Callable[[], Awaitable[object]] | None = None) -> str:
        """Publish in a unit of work, then run ``then`` (which commits, or raises)."""
        async with unit_of_work():
            event_id = await self.c.event_publisher().publish(
                Pinged(self.platform_id, 5, note, ("a", "b"))
            )
            if then is not None:
                await then()
        await self.c.event_delivery().drain()
        return event_id

    async def outbox_size(self) -> int:
        async with self.c.sessions()() as s:
            return int((await s.execute(select(func.count()).select_from(event_outbox))).scalar())

    async def deliveries(self) -> dict[str, Any]:
        rows = await self.c.event_store().due(self.clock.now() + timedelta(days=9), 100)
        rows += await self.c.event_store().failed(100)
        return {f"{d.module}.{d.handler}": d for d in rows}


def _run(url: str, body: Callable[[World], Awaitable[T]], **settings: object) -> T:
    async def go() -> T:
        reset_handlers()
        c = container_with(url, (LISTENER, DEAF), **settings)
        clock = FakeClock(datetime.now(UTC).replace(microsecond=0))
        c.clock.override(providers.Object(clock))
        try:
            platforms = c.components().container("tenancy").platforms()
            platform = await platforms.create("north", "North", [])
            await c.enablement().enable(platform.id, "listener")
            return await body(World(c, platform.id, clock))
        finally:
            await close_container(c)

    return asyncio.run(go())


def _commit(w: World) -> Callable[[], Awaitable[object]]:
    async def commit() -> None:
        uow = SqlAlchemyUnitOfWork(w.c.sessions())
        async with uow:
            await uow.commit()

    return commit


def test_an_event_rolled_back_with_its_change_is_never_delivered(migrated_url: str) -> None:
    async def body(w: World) -> int:
        platforms = w.c.components().container("tenancy").platforms()
        with pytest.raises(PlatformCodeTaken):
            await w.publish("lost", lambda: platforms.create("north", "Again", []))
        return await w.outbox_size()

    assert _run(migrated_url, body) == 0
    assert RECEIVED == []


def test_an_event_committed_with_its_change_reaches_enabled_modules_only(
    migrated_url: str,
) -> None:
    async def body(w: World) -> tuple[str, int]:
        platforms = w.c.components().container("tenancy").platforms()
        event_id = await w.publish("hello", lambda: platforms.create("south", "South", []))
        return event_id, await w.outbox_size()

    event_id, size = _run(migrated_url, body)

    assert size == 1
    assert [label for label, _ in RECEIVED] == ["listener.record", "listener.flaky"]
    got = RECEIVED[0][1]
    assert got.id == event_id and got.name == "probe.pinged" and got.attempt == 1
    assert msgspec.convert(got.payload, Pinged) == Pinged(got.platform_id, 5, "hello", ("a", "b"))
    assert "name" not in got.payload


def test_a_failing_handler_is_retried_by_the_sweep_and_the_others_are_unaffected(
    migrated_url: str,
) -> None:
    async def body(w: World) -> tuple[str, dict[str, Any], dict[str, Any]]:
        fail_next("listener.flaky", 1)
        event_id = await w.publish("retry me", _commit(w))
        before = await w.deliveries()
        w.clock.advance(timedelta(seconds=31))
        await w.c.task_queue().enqueue("core.sweep_events")
        await w.c.task_queue().drain()
        d = event_deliveries
        async with w.c.sessions()() as s:
            rows = (await s.execute(select(d.c.handler, d.c.status, d.c.attempts))).all()
        return event_id, before, {r.handler: (r.status, r.attempts) for r in rows}

    event_id, before, after = _run(migrated_url, body)

    flaky = before["listener.flaky"]
    assert (flaky.status, flaky.attempts) == (DeliveryStatus.PENDING, 1)
    assert flaky.last_error.startswith("RuntimeError") and "hunter2" not in flaky.last_error
    assert "listener.record" not in before  # delivered: not due any more
    assert after == {"record": ("delivered", 1), "flaky": ("delivered", 2)}
    calls = [(label, e.id, e.attempt) for label, e in RECEIVED]
    assert calls == [
        ("listener.record", event_id, 1),
        ("listener.flaky", event_id, 1),
        ("listener.flaky", event_id, 2),
    ]


def test_racing_deliveries_of_one_event_run_each_handler_once(migrated_url: str) -> None:
    async def body(w: World) -> None:
        quiet = OutboxEventPublisher(w.c.sessions(), w.clock, _Unheard())
        event_id = await quiet.publish(Pinged(w.platform_id, None, "race"))  # committed
        dispatcher = w.c.event_dispatcher()

        async def deliver() -> None:
            async with unit_of_work(fresh=True):
                await dispatcher.deliver([event_id])

        await asyncio.gather(*(deliver() for _ in range(4)))

    _run(migrated_url, body)

    assert sorted(label for label, _ in RECEIVED) == ["listener.flaky", "listener.record"]


class _Unheard:
    """Hears of no commit: the delivery is left to the test."""

    def committed(self, event_ids: Sequence[str]) -> None:
        return None


def test_publishing_is_one_insert_and_reads_nothing(migrated_url: str) -> None:
    async def body(w: World) -> list[str]:
        statements: list[str] = []

        def count(*args: Any) -> None:
            statements.append(str(args[2]).split()[0] + " " + str(args[2]).split()[2])

        engine = w.c.engine().sync_engine
        async with unit_of_work():
            publisher = w.c.event_publisher()
            sa_event.listen(engine, "before_cursor_execute", count)
            try:
                await publisher.publish(Pinged(w.platform_id, None, "counted"))
            finally:
                sa_event.remove(engine, "before_cursor_execute", count)
        return statements

    assert _run(migrated_url, body) == ["INSERT event_outbox"]


def test_a_delivery_that_gave_up_is_listed_and_retried_from_the_command_line(
    migrated_url: str,
) -> None:
    env = mercato_env(migrated_url)

    async def body(w: World) -> tuple[str, str, DeliveryStatus]:
        fail_next("listener.flaky", 1)
        await w.publish("give up", _commit(w))
        listed = await asyncio.to_thread(mercato, env, "events", "failed")
        retried = await asyncio.to_thread(mercato, env, "events", "retry")
        w.clock.advance(timedelta(minutes=1))  # the command ran on the real clock
        await w.c.event_dispatcher().sweep()
        (flaky,) = [d for d in (await w.deliveries()).values() if d.handler == "flaky"] or [None]
        status = DeliveryStatus.DELIVERED if flaky is None else flaky.status
        return listed.stdout, retried.stdout, status

    listed, retried, status = _run(migrated_url, body, event_max_attempts=1)

    (line,) = listed.splitlines()
    assert "probe.pinged" in line and "listener.flaky" in line and "attempts=1" in line
    assert "RuntimeError" in line and "hunter2" not in line
    assert retried.strip() == "1 failed deliveries due again"
    assert status is DeliveryStatus.DELIVERED
    assert [label for label, _ in RECEIVED].count("listener.flaky") == 2


def test_a_handler_that_hangs_is_cut_off_at_its_deadline_and_retried(migrated_url: str) -> None:
    async def body(w: World) -> tuple[Any, Any]:
        hang_next("listener.flaky", 1)
        # Without the deadline the handler sleeps for an hour: fail long before that.
        await asyncio.wait_for(w.publish("hang", _commit(w)), timeout=60)
        cut_off = (await w.deliveries())["listener.flaky"]
        w.clock.advance(timedelta(seconds=31))
        await w.c.task_queue().enqueue("core.sweep_events")
        await w.c.task_queue().drain()
        d = event_deliveries
        async with w.c.sessions()() as s:
            row = (
                await s.execute(select(d.c.status, d.c.attempts).where(d.c.handler == "flaky"))
            ).one()
        return cut_off, tuple(row)

    cut_off, after = _run(migrated_url, body, event_handler_timeout=0.2)

    assert (cut_off.status, cut_off.attempts) == (DeliveryStatus.PENDING, 1)
    assert cut_off.last_error == "timed out after 0.2 s"
    assert after == ("delivered", 2)
    assert [label for label, _ in RECEIVED].count("listener.flaky") == 2


def test_the_daily_purge_deletes_delivered_events_past_retention_and_keeps_failed_ones(
    migrated_url: str,
) -> None:
    async def body(w: World) -> tuple[Any, list[str], int]:
        fail_next("listener.flaky", 1)
        kept = await w.publish("fails", _commit(w))  # flaky gives up at once: one attempt
        purged = await w.publish("delivered", _commit(w))
        w.clock.advance(timedelta(days=3, seconds=1))
        young = await w.publish("young", _commit(w))
        queue = w.c.task_queue()
        job = await queue.enqueue("core.purge_events")
        await queue.drain()
        result = queue.results[job]
        o = event_outbox
        async with w.c.sessions()() as s:
            left = set((await s.execute(select(o.c.id))).scalars())
            count = (await s.execute(select(func.count()).select_from(event_deliveries))).scalar()
        names = {kept: "kept", purged: "purged", young: "young"}
        return result, sorted(names[i] for i in left), int(count or 0)

    result, left, deliveries = _run(
        migrated_url, body, event_retention_days=3, event_max_attempts=1
    )

    assert result == {"purged_events": 1}
    assert left == ["kept", "young"]
    assert deliveries == 4  # two of the failed event's, two of the young one's
