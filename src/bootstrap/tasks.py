"""Choosing the task queue: arq when Redis is configured, in-process otherwise."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mercato.adapters.worker.queues import ArqTaskQueue, InProcessTaskQueue
from mercato.adapters.worker.runner import TaskRunner
from mercato.bootstrap.settings import Settings

if TYPE_CHECKING:
    from redis.asyncio import Redis

__all__ = ["build_task_queue"]


def build_task_queue(
    settings: Settings, redis: Redis | None, runner: TaskRunner
) -> ArqTaskQueue | InProcessTaskQueue:
    """The task queue for these settings."""
    if settings.redis_url and redis is not None:
        from arq.connections import ArqRedis

        pool: Any = ArqRedis(connection_pool=redis.connection_pool)
        return ArqTaskQueue(pool, runner.definition, settings.queue_name)
    return InProcessTaskQueue(runner.run, runner.definition)
