"""The scheduler tick: enqueue each due scheduled task once, whatever the number of workers."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from datetime import datetime, timedelta

from mercato.adapters.db.scope import unit_of_work
from mercato.adapters.worker.runner import scheduled_job_id
from mercato.domain.core.repository import TaskRunLedger
from mercato.domain.core.scheduling import DueTask, due_tasks, tick_of
from mercato.domain.kernel.enablement import EnablementService
from mercato.domain.kernel.registry import ModuleRegistry
from mercato.ports.clock import Clock
from mercato.ports.tasks import TaskQueue

__all__ = ["Scheduler", "SchedulerLoop", "worker_name"]

_log = logging.getLogger("mercato.scheduler")


def worker_name() -> str:
    """A name for this process in the ledger: host and pid."""
    import os

    return f"{socket.gethostname()}:{os.getpid()}"


class Scheduler:
    """On every tick, claims each due scheduled run in the ledger and queues the winners.

    The ledger's claim is an insert on a primary key: with any number of workers (and arq's
    own cron firing more than once), exactly one claim per run succeeds. The job id is the
    run's key as well, so a queue that saw the job already refuses it a second time.
    """

    def __init__(
        self,
        registry: ModuleRegistry,
        enablement: EnablementService,
        ledger: TaskRunLedger,
        queue: TaskQueue,
        worker: str | None = None,
        tick_seconds: int = 60,
    ) -> None:
        self._registry = registry
        self._enablement = enablement
        self._ledger = ledger
        self._queue = queue
        self._worker = worker or worker_name()
        self.tick_seconds = tick_seconds

    async def tick(self, now: datetime) -> list[DueTask]:
        """Queue the runs due at ``now``'s tick that this worker won; return them.

        The tick is one unit of work (one session, one connection).
        """
        async with unit_of_work(fresh=True):
            return await self._tick(now)

    async def _tick(self, now: datetime) -> list[DueTask]:
        enabled = await self._enablement.enabled_anywhere()
        won = []
        for due in due_tasks(self._registry, enabled, now, self.tick_seconds):
            if await self._ledger.claim(due.key, due.task_name, due.tick, self._worker):
                try:
                    await self._queue.enqueue(due.task_name, job_id=scheduled_job_id(due.key))
                except Exception:
                    await self._ledger.release(due.key)
                    _log.exception("could not queue %s; claim released for another worker", due.key)
                    continue
                won.append(due)
                _log.info("scheduled %s for tick %s", due.task_name, due.tick.isoformat())
        return won


class SchedulerLoop:
    """Calls :meth:`Scheduler.tick` at the start of every tick, a minute by default
    (in-process mode)."""

    def __init__(self, scheduler: Scheduler, clock: Clock) -> None:
        self._scheduler = scheduler
        self._clock = clock
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start ticking in the background."""
        if self._task is None:
            self._task = asyncio.create_task(self._loop(), name="mercato-scheduler")

    async def stop(self) -> None:
        """Stop ticking."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _loop(self) -> None:
        while True:
            now = self._clock.now()
            seconds = self._scheduler.tick_seconds
            nxt = tick_of(now, seconds) + timedelta(seconds=seconds)
            await asyncio.sleep(max(0.0, (nxt - now).total_seconds()))
            try:
                await self._scheduler.tick(self._clock.now())
            except Exception:
                _log.exception("scheduler tick failed")
