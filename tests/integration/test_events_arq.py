"""With Redis configured, a commit queues the delivery for the arq workers (real Redis)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from arq.worker import Worker
from dependency_injector import providers

from mercato.adapters.db.scope import unit_of_work
from mercato.adapters.db.uow import SqlAlchemyUnitOfWork
from mercato.bootstrap.library import close_container
from mercato.bootstrap.worker import create_worker_settings
from mercato.ports.clock import FakeClock
from tests.support.app import container_with
from tests.support.events import DEAF, LISTENER, RECEIVED, Pinged, fail_next, reset_handlers

pytestmark = [pytest.mark.integration, pytest.mark.redis]


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


def test_a_committed_event_is_delivered_by_an_arq_worker_and_retried_by_its_sweep(
    sqlite_url: str, redis_url: str
) -> None:
    queue = f"mercato-test-{uuid.uuid4().hex}"
    reset_handlers()
    fail_next("listener.flaky", 1)

    async def go() -> tuple[str, int, int, list[str]]:
        c = container_with(sqlite_url, (LISTENER, DEAF), redis_url=redis_url, queue_name=queue)
        clock = FakeClock(datetime.now(UTC).replace(microsecond=0))
        c.clock.override(providers.Object(clock))
        try:
            platform = (
                await c.components().container("tenancy").platforms().create("north", "N", [])
            )
            await c.enablement().enable(platform.id, "listener")
            async with unit_of_work():
                uow = SqlAlchemyUnitOfWork(c.sessions())
                async with uow:
                    event_id = await c.event_publisher().publish(Pinged(platform.id, 1, "hi"))
                    await uow.commit()
            await c.event_delivery().drain()  # the job is queued, not run here
            queued_before_worker = len(RECEIVED)
            first = await _burst(create_worker_settings(container=c))
            clock.advance(timedelta(seconds=31))
            await c.task_queue().enqueue("core.sweep_events")
            await _burst(create_worker_settings(container=c))
            return (
                event_id,
                queued_before_worker,
                first.jobs_complete,
                [f"{label}#{e.attempt}:{e.id == event_id}" for label, e in RECEIVED],
            )
        finally:
            await close_container(c)

    _, before, complete, calls = asyncio.run(go())

    assert before == 0 and complete == 1
    assert calls == ["listener.record#1:True", "listener.flaky#1:True", "listener.flaky#2:True"]
