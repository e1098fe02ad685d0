"""Background work: enqueue a module's task by name."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

__all__ = ["EnqueuedTask", "FakeTaskQueue", "TaskContext", "TaskQueue"]


@runtime_checkable
class TaskQueue(Protocol):
    """Queues work for the workers (arq on Redis, or in-process without Redis)."""

    async def enqueue(self, task: str, *, job_id: str | None = None, **kwargs: Any) -> str | None:
        """Queue the task named ``task`` (``"<module>.<name>"``) with JSON-able ``kwargs``.

        Returns the job id, or ``None`` when a job with the same ``job_id`` is already queued or
        done (a ``job_id`` makes enqueueing idempotent). Raises ``LookupError`` when no
        discovered module declares ``task``.
        """
        ...


@runtime_checkable
class TaskContext(Protocol):
    """What a task function receives: a way to the use cases of the enabled modules."""

    def resolve(self, component: str) -> Any:
        """Return the component ``"<module>.<provider>"`` from the module's container.

        Raises ``LookupError`` when the module is not installed or has no such component.
        (The runner refuses to start a task whose own module is enabled nowhere.)
        """
        ...

    @property
    def job_id(self) -> str:
        """The id of the job being run (stable across retries)."""
        ...


@dataclass(frozen=True, slots=True)
class EnqueuedTask:
    """A task recorded by :class:`FakeTaskQueue`."""

    task: str
    job_id: str | None
    kwargs: Mapping[str, Any]


@dataclass
class FakeTaskQueue:
    """Records what was queued; honours ``job_id`` idempotency like the real queues."""

    enqueued: list[EnqueuedTask] = field(default_factory=list)

    async def enqueue(self, task: str, *, job_id: str | None = None, **kwargs: Any) -> str | None:
        """Record the task; refuse a duplicate ``job_id``."""
        if job_id is not None and any(t.job_id == job_id for t in self.enqueued):
            return None
        self.enqueued.append(EnqueuedTask(task, job_id, dict(kwargs)))
        return job_id or f"fake-{len(self.enqueued)}"
