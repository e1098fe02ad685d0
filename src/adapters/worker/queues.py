"""Task queues: arq on Redis, or in-process when no Redis is configured."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from arq.connections import ArqRedis

__all__ = ["ArqTaskQueue", "InProcessTaskQueue"]

_log = logging.getLogger("mercato.tasks")


class ArqTaskQueue:
    """Queues onto arq; the arq function name is the task name (``"<module>.<task>"``)."""

    def __init__(self, redis: ArqRedis, check: Callable[[str], object], queue_name: str) -> None:
        self._redis = redis
        self._check = check
        self._queue_name = queue_name

    async def enqueue(self, task: str, *, job_id: str | None = None, **kwargs: Any) -> str | None:
        """Queue the job; arq refuses a job id it already holds (queued, running or done)."""
        self._check(task)
        job = await self._redis.enqueue_job(
            task, _job_id=job_id, _queue_name=self._queue_name, **kwargs
        )
        return None if job is None else str(job.job_id)


class InProcessTaskQueue:
    """Runs tasks as asyncio tasks of this process (the embedded default, and tests).

    Job ids are remembered for the life of the process, so a duplicate is refused as arq
    would refuse it.
    """

    def __init__(
        self,
        run: Callable[[str, str, dict[str, Any]], Awaitable[Any]],
        check: Callable[[str], object],
    ) -> None:
        self._run = run
        self._check = check
        self._seen: set[str] = set()
        self._running: set[asyncio.Task[Any]] = set()
        self.results: dict[str, Any] = {}

    async def enqueue(self, task: str, *, job_id: str | None = None, **kwargs: Any) -> str | None:
        """Start the task in the background; refuse a job id seen before."""
        self._check(task)
        job_id = job_id or uuid.uuid4().hex
        if job_id in self._seen:
            return None
        self._seen.add(job_id)
        t = asyncio.create_task(self._guarded(task, job_id, kwargs), name=f"task:{task}")
        self._running.add(t)
        t.add_done_callback(self._running.discard)
        return job_id

    async def _guarded(self, task: str, job_id: str, kwargs: dict[str, Any]) -> None:
        try:
            self.results[job_id] = await self._run(task, job_id, kwargs)
        except Exception as exc:
            self.results[job_id] = exc
            _log.exception("task %s (%s) failed", task, job_id)

    async def drain(self) -> None:
        """Wait for every running task (shutdown, tests)."""
        while self._running:
            await asyncio.gather(*list(self._running), return_exceptions=True)
