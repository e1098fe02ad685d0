"""Background workers: arq ``WorkerSettings`` from the modules' tasks, or an in-process worker."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable
from typing import Any, cast

from arq import cron, func
from arq.connections import RedisSettings

from mercato.adapters.worker.scheduler import Scheduler, SchedulerLoop
from mercato.bootstrap.container import ApplicationContainer, create_container
from mercato.bootstrap.library import close_container
from mercato.bootstrap.settings import Settings

__all__ = ["create_worker_settings", "run_in_process_worker"]

_log = logging.getLogger("mercato.worker")
_ARQ_DEFAULT_TIMEOUT = 300  # arq's job_timeout, which bounds the scheduler tick


def _task_function(container: ApplicationContainer, name: str) -> Callable[..., Awaitable[Any]]:
    async def run(ctx: dict[str, Any], **kwargs: Any) -> Any:
        return await container.task_runner().run(name, str(ctx["job_id"]), kwargs)

    run.__qualname__ = run.__name__ = name.replace(".", "_")
    return run


def _scheduler(container: ApplicationContainer) -> Scheduler:
    return Scheduler(
        container.registry(),
        container.enablement(),
        container.task_ledger(),
        container.task_queue(),
        tick_seconds=container.settings().scheduler_tick_seconds,
    )


def create_worker_settings(
    settings: Settings | None = None, container: ApplicationContainer | None = None
) -> type:
    """arq ``WorkerSettings`` for the installed modules.

    Every installed module's task is registered under its name (``"<module>.<task>"``), with
    its timeout; its code is imported on the first run, and a run is refused while the
    module is enabled on no platform. One arq cron job, the scheduler tick, runs every
    minute (``MERCATO_SCHEDULER_TICK_SECONDS``) on every worker; the ledger lets exactly one
    of them queue each due task. ``MERCATO_WORKER_MAX_TASK_SECONDS`` caps every timeout, and
    with it arq's in-progress mark (longest timeout + 10 s), after which another worker
    re-runs the job of a worker that died.
    """
    container = container or create_container(settings)
    s = container.settings()
    if not s.redis_url:
        raise ValueError("arq workers need MERCATO_REDIS_URL; without it run 'mercato worker'")
    cap = s.worker_max_task_seconds

    def limit(seconds: int) -> int:
        return seconds if cap is None else min(seconds, cap)

    registry = container.registry()
    functions = [
        func(
            cast(Any, _task_function(container, f"{d.code}.{t.name}")),
            name=f"{d.code}.{t.name}",
            timeout=limit(t.timeout_seconds),
        )
        for d in registry
        for t in d.tasks
    ]
    scheduler = _scheduler(container)
    tick_at = set(range(0, 60, s.scheduler_tick_seconds))

    async def scheduler_tick(ctx: dict[str, Any]) -> int:
        return len(await scheduler.tick(container.clock().now()))

    async def on_startup(ctx: dict[str, Any]) -> None:
        _log.info(
            "arq worker ready on queue %s: %d tasks, scheduler tick every %d s",
            s.queue_name,
            len(functions),
            s.scheduler_tick_seconds,
        )

    async def on_shutdown(ctx: dict[str, Any]) -> None:
        await close_container(container)

    return type(
        "WorkerSettings",
        (),
        {
            "functions": functions,
            "cron_jobs": [
                cron(
                    scheduler_tick,
                    name="mercato.scheduler_tick",
                    second=tick_at,
                    unique=True,
                    timeout=limit(_ARQ_DEFAULT_TIMEOUT),
                )
            ],
            "redis_settings": RedisSettings.from_dsn(s.redis_url),
            "queue_name": s.queue_name,
            "on_startup": on_startup,
            "on_shutdown": on_shutdown,
            "max_jobs": 10,
            "keep_result": 3600,
            "container": container,
        },
    )


async def run_in_process_worker(settings: Settings | None = None) -> None:
    """Without Redis: tick the scheduler every minute (or tick) and run due tasks here."""
    container = create_container(settings)
    loop = SchedulerLoop(_scheduler(container), container.clock())
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    loop.start()
    _log.info("in-process worker started (no MERCATO_REDIS_URL): scheduled tasks run here")
    try:
        await stop.wait()
    finally:
        await loop.stop()
        await close_container(container)
