"""A scheduled run is claimed once, whatever the number of workers, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from mercato.adapters.core.repositories import SqlAlchemyTaskRunLedger
from mercato.adapters.db.engine import create_engine, create_session_factory
from mercato.adapters.worker.scheduler import Scheduler
from mercato.domain.kernel.enablement import EnablementService, FakeEnablementStore
from mercato.ports.tasks import FakeTaskQueue
from tests.support.app import registry_with
from tests.support.probe.definition import MODULE as PROBE

pytestmark = pytest.mark.integration
TICK = datetime(2026, 11, 26, 3, 17, 42, tzinfo=UTC)


def test_concurrent_claims_of_one_run_have_exactly_one_winner(migrated_url: str) -> None:
    async def go() -> list[bool]:
        engines = [create_engine(migrated_url) for _ in range(4)]
        ledgers = [SqlAlchemyTaskRunLedger(create_session_factory(e)) for e in engines]
        try:
            return await asyncio.gather(
                *(
                    ledger.claim("core.housekeeping@t", "core.housekeeping", TICK, f"w{i}")
                    for i, ledger in enumerate(ledgers * 3)
                )
            )
        finally:
            for e in engines:
                await e.dispose()

    results = asyncio.run(go())
    assert results.count(True) == 1
    assert len(results) == 12


def test_two_workers_ticking_the_same_minute_queue_each_due_task_once(migrated_url: str) -> None:
    async def go() -> tuple[list[FakeTaskQueue], int]:
        registry = registry_with(PROBE)
        store = FakeEnablementStore()
        store.by_platform[1] = {"probe"}
        queues, engines, schedulers = [], [], []
        for i in range(2):
            engine = create_engine(migrated_url)
            engines.append(engine)
            queue = FakeTaskQueue()
            queues.append(queue)
            ledger = SqlAlchemyTaskRunLedger(create_session_factory(engine))
            schedulers.append(
                Scheduler(registry, EnablementService(registry, store), ledger, queue, f"w{i}")
            )
        try:
            for _ in range(3):  # arq's cron may fire more than once per tick
                await asyncio.gather(*(s.tick(TICK) for s in schedulers))
            count = await SqlAlchemyTaskRunLedger(create_session_factory(engines[0])).count()
        finally:
            for e in engines:
                await e.dispose()
        return queues, count

    queues, count = asyncio.run(go())
    names = sorted(t.task for q in queues for t in q.enqueued)
    # 03:17 matches core's housekeeping ("17 3 * * *") and probe's "* * * * *"
    assert names == ["core.housekeeping", "probe.touch"]
    assert count == 2
    job_ids = {t.job_id for q in queues for t in q.enqueued}
    assert job_ids == {
        "sched:core.housekeeping@2026-11-26T03:17:00+00:00",
        "sched:probe.touch-every-minute@2026-11-26T03:17:00+00:00",
    }


class _BrokenQueue(FakeTaskQueue):
    async def enqueue(self, task: str, *, job_id: str | None = None, **kwargs: object) -> str:
        raise ConnectionError("redis went away")


def test_a_run_that_cannot_be_queued_is_released_for_another_worker(migrated_url: str) -> None:
    async def go() -> tuple[list[object], list[object], FakeTaskQueue]:
        registry = registry_with(PROBE)
        store = FakeEnablementStore()
        store.by_platform[1] = {"probe"}
        engine = create_engine(migrated_url)
        ledger = SqlAlchemyTaskRunLedger(create_session_factory(engine))
        enablement = EnablementService(registry, store)
        good = FakeTaskQueue()
        try:
            failed = await Scheduler(registry, enablement, ledger, _BrokenQueue(), "w1").tick(TICK)
            won = await Scheduler(registry, enablement, ledger, good, "w2").tick(TICK)
        finally:
            await engine.dispose()
        return list(failed), list(won), good

    failed, won, good = asyncio.run(go())
    assert failed == []
    assert sorted(t.task for t in good.enqueued) == ["core.housekeeping", "probe.touch"]
    assert len(won) == 2


def test_a_scheduled_run_is_bounded_by_its_schedules_timeout(migrated_url: str) -> None:
    from mercato.adapters.system import SystemClock
    from mercato.adapters.worker.runner import TaskRunner, scheduled_job_id
    from mercato.domain.kernel.definition import ModuleDefinition, ScheduledTask, TaskDefinition

    sleepy = ModuleDefinition(
        code="sleepy",
        name="Sleepy",
        tasks=(TaskDefinition("nap", "tests.support.probe.providers:nap", 60),),
        scheduled_tasks=(ScheduledTask("nap-often", "* * * * *", "nap", timeout_seconds=1),),
    )

    async def go() -> tuple[type[BaseException], str]:
        registry = registry_with(sleepy)
        store = FakeEnablementStore()
        store.by_platform[1] = {"sleepy"}
        engine = create_engine(migrated_url)
        ledger = SqlAlchemyTaskRunLedger(create_session_factory(engine))
        runner = TaskRunner(
            registry, EnablementService(registry, store), lambda c: None, ledger, SystemClock()
        )
        key = f"sleepy.nap-often@{TICK.isoformat()}"
        await ledger.claim(key, "sleepy.nap", TICK, "w1")
        try:
            with pytest.raises(TimeoutError) as caught:
                await runner.run("sleepy.nap", scheduled_job_id(key), {"seconds": 30})
            async with create_session_factory(engine)() as s:
                from sqlalchemy import select

                from mercato.adapters.core.tables import scheduled_task_runs as runs

                status = (await s.execute(select(runs.c.status).where(runs.c.key == key))).scalar()
        finally:
            await engine.dispose()
        return caught.type, str(status)

    kind, status = asyncio.run(go())
    assert kind is TimeoutError
    assert status == "failed"
