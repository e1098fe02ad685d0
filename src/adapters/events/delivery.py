"""Starting delivery after a commit: in this process, or as a task for the arq workers.

Either way the request that published is neither delayed nor failed: the work runs in an
asyncio task of its own, started when the transaction commits. If it is lost (the process
stops, Redis is down), the core module's sweep delivers the events later.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

from mercato.adapters.db.scope import unit_of_work
from mercato.ports.tasks import TaskQueue

__all__ = ["DELIVER_TASK", "FreshUnits", "InProcessEventDelivery", "QueuedEventDelivery"]

DELIVER_TASK = "core.deliver_events"
"""The core module's task that delivers events by id."""

_log = logging.getLogger("mercato.events")


class FreshUnits:
    """``ports.uow.ProviderIsolation`` for event handlers: each call in a fresh unit of work
    (its own session and connection, closed when the handler returns or fails)."""

    concurrency = 1

    @asynccontextmanager
    async def isolate(self) -> AsyncIterator[None]:
        """Run the block in a unit of work of its own."""
        async with unit_of_work(fresh=True):
            yield


class _Background:
    """Runs work started from a commit in asyncio tasks of this process."""

    def __init__(self) -> None:
        self._running: set[asyncio.Task[Any]] = set()

    def committed(self, event_ids: Sequence[str]) -> None:
        """Start handling ``event_ids`` in the background (nothing without a running loop:
        the sweep delivers them)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        # A context of its own: the task must not see the committing request's unit of work.
        task = loop.create_task(self._guarded(list(event_ids)), context=contextvars.Context())
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    async def _guarded(self, event_ids: list[str]) -> None:
        try:
            await self._handle(event_ids)
        except Exception:
            _log.exception(
                "could not start delivering %d event(s) %s; the sweep will",
                len(event_ids),
                ", ".join(event_ids),
            )

    async def _handle(self, event_ids: list[str]) -> None:
        raise NotImplementedError

    async def drain(self) -> None:
        """Wait for the work started so far (shutdown, tests)."""
        while self._running:
            await asyncio.gather(*list(self._running), return_exceptions=True)


class InProcessEventDelivery(_Background):
    """The embedded default: delivers in this process, in a unit of work of its own."""

    def __init__(self, deliver: Callable[[Sequence[str]], Awaitable[object]]) -> None:
        super().__init__()
        self._deliver = deliver

    async def _handle(self, event_ids: list[str]) -> None:
        async with unit_of_work(fresh=True):
            await self._deliver(event_ids)


class QueuedEventDelivery(_Background):
    """With Redis: queues the core module's delivery task for the arq workers."""

    def __init__(self, queue: TaskQueue) -> None:
        super().__init__()
        self._queue = queue

    async def _handle(self, event_ids: list[str]) -> None:
        await self._queue.enqueue(
            DELIVER_TASK, job_id=f"events:{event_ids[0]}", event_ids=event_ids
        )
