"""Tasks through arq on a real Redis: queued by name, run once, refused when disabled."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from arq.jobs import Job, JobStatus
from arq.worker import Worker

from mercato.bootstrap.container import ApplicationContainer
from mercato.bootstrap.library import close_container
from mercato.bootstrap.worker import create_worker_settings
from tests.support.app import container_with, seed_platforms
from tests.support.probe.definition import MODULE as PROBE

pytestmark = [pytest.mark.integration, pytest.mark.redis]


def _container(url: str, redis_url: str, queue: str) -> ApplicationContainer:
    return container_with(url, (PROBE,), redis_url=redis_url, queue_name=queue)


async def _burst(settings: type) -> Worker:
    worker = Worker(
        functions=settings.functions,  # type: ignore[attr-defined]
        redis_settings=settings.redis_settings,  # type: ignore[attr-defined]
        queue_name=settings.queue_name,  # type: ignore[attr-defined]
        burst=True,
        poll_delay=0.05,
        handle_signals=False,
    )
    await worker.main()
    await worker.close()
    return worker


def test_a_queued_task_runs_once_even_when_queued_twice(
    sqlite_url: str, redis_url: str, tmp_path: Path
) -> None:
    seed_platforms(sqlite_url, ("north", "North", []), enable={"north": ["probe"]})
    queue = f"mercato-test-{uuid.uuid4().hex}"
    out = tmp_path / "touched.txt"
    job_id = f"job-{uuid.uuid4().hex}"

    async def go() -> list[Any]:
        c = _container(sqlite_url, redis_url, queue)
        try:
            tq = c.task_queue()
            first = await tq.enqueue("probe.touch", job_id=job_id, path=str(out))
            second = await tq.enqueue("probe.touch", job_id=job_id, path=str(out))
            worker = await _burst(create_worker_settings(container=c))
            return [first, second, worker.jobs_complete, worker.jobs_failed]
        finally:
            await close_container(c)

    first, second, complete, failed = asyncio.run(go())
    assert (first, second) == (job_id, None)
    assert (complete, failed) == (1, 0)
    assert out.read_text().splitlines() == [job_id]


def test_a_task_of_a_module_enabled_nowhere_fails_and_has_no_effect(
    sqlite_url: str, redis_url: str, tmp_path: Path
) -> None:
    seed_platforms(sqlite_url, ("north", "North", []))
    queue = f"mercato-test-{uuid.uuid4().hex}"
    out = tmp_path / "touched.txt"

    async def go() -> tuple[int, JobStatus, Any]:
        c = _container(sqlite_url, redis_url, queue)
        try:
            job_id = await c.task_queue().enqueue("probe.touch", path=str(out))
            worker = await _burst(create_worker_settings(container=c))
            redis = c.task_queue()._redis  # the arq pool the queue writes to
            job = Job(str(job_id), redis, _queue_name=queue)
            info = await job.result_info()
            return worker.jobs_failed, await job.status(), info.result if info else None
        finally:
            await close_container(c)

    failed, status, result = asyncio.run(go())
    assert failed == 1 and status is JobStatus.complete
    assert "not enabled" in str(result)
    assert not out.exists()


def test_unknown_task_names_are_refused_when_queued(sqlite_url: str, redis_url: str) -> None:
    async def go() -> None:
        c = _container(sqlite_url, redis_url, f"mercato-test-{uuid.uuid4().hex}")
        try:
            with pytest.raises(LookupError, match="declares no task 'nope'"):
                await c.task_queue().enqueue("probe.nope")
        finally:
            await close_container(c)

    asyncio.run(go())


def test_two_workers_scheduler_ticks_queue_a_due_task_once(
    sqlite_url: str, redis_url: str, tmp_path: Path
) -> None:
    seed_platforms(sqlite_url, ("north", "North", []), enable={"north": ["probe"]})
    queue = f"mercato-test-{uuid.uuid4().hex}"
    # arq remembers job ids (the run key) in Redis across tests: pick a minute no run used.
    tick = datetime(2000, 1, 1, tzinfo=UTC) + timedelta(minutes=uuid.uuid4().int % 10**7)
    if tick.minute % 5 == 0:  # core's sweep_events ("*/5 * * * *")
        tick += timedelta(minutes=1)
    if tick.minute == 17 and tick.hour == 3:
        tick += timedelta(minutes=1)

    async def go() -> tuple[int, int]:
        workers = [_container(sqlite_url, redis_url, queue) for _ in range(2)]
        try:
            settings = [create_worker_settings(container=c) for c in workers]
            ticks = [s.cron_jobs[0].coroutine for s in settings]  # type: ignore[attr-defined]
            for c in workers:
                c.clock.override(_Frozen(tick))
            won = await asyncio.gather(*(t({}) for t in ticks), *(t({}) for t in ticks))
            queued = await workers[0].task_queue()._redis.zcard(queue)
            done = await _burst(settings[1])
            return sum(won), queued + 0 * done.jobs_complete
        finally:
            for c in workers:
                await close_container(c)

    won, queued = asyncio.run(go())
    assert won == 1  # probe's "* * * * *"; core's housekeeping (03:17) and sweep are not due
    assert queued == 1


class _Frozen:
    """A provider override returning a clock stopped at ``at``."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> _Frozen:
        return self

    def now(self) -> datetime:
        return self.at
