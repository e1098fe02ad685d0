"""Runs a module's task by name: resolves it lazily, checks enablement, bounds its time."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from mercato.adapters.db.scope import unit_of_work
from mercato.domain.core.repository import TaskRunLedger
from mercato.domain.kernel.definition import TaskDefinition
from mercato.domain.kernel.enablement import EnablementService
from mercato.domain.kernel.errors import KernelError
from mercato.domain.kernel.loading import resolve_ref
from mercato.domain.kernel.registry import ModuleRegistry
from mercato.ports.clock import Clock

__all__ = [
    "SCHEDULED_PREFIX",
    "ModuleDisabled",
    "RunnerTaskContext",
    "TaskRunner",
    "scheduled_job_id",
    "split_task_name",
]

SCHEDULED_PREFIX = "sched:"
_log = logging.getLogger("mercato.tasks")


class ModuleDisabled(KernelError):
    """The task's module is not enabled on any platform."""


def split_task_name(name: str) -> tuple[str, str]:
    """``"core.housekeeping"`` -> ``("core", "housekeeping")``; ``LookupError`` if malformed."""
    module, sep, task = name.partition(".")
    if not sep or not module or not task:
        raise LookupError(f"task name '{name}' must look like '<module>.<task>'")
    return module, task


@dataclass
class RunnerTaskContext:
    """The :class:`ports.tasks.TaskContext` given to task functions."""

    job_id: str
    resolver: Callable[[str], Any]

    def resolve(self, component: str) -> Any:
        """A component ``"<module>.<provider>"`` of an enabled module's container."""
        return self.resolver(component)


class TaskRunner:
    """Looks a task up in the registry, imports it on first use and runs it."""

    def __init__(
        self,
        registry: ModuleRegistry,
        enablement: EnablementService,
        resolver: Callable[[str], Any],
        ledger: TaskRunLedger,
        clock: Clock,
    ) -> None:
        self._registry = registry
        self._enablement = enablement
        self._resolver = resolver
        self._ledger = ledger
        self._clock = clock

    def definition(self, name: str) -> TaskDefinition:
        """The task's definition; ``LookupError`` when no installed module declares it."""
        module, task = split_task_name(name)
        if module not in self._registry:
            raise LookupError(f"no installed module '{module}' (task '{name}')")
        found = self._registry.get(module).task(task)
        if found is None:
            raise LookupError(f"module '{module}' declares no task '{task}'")
        return found

    async def run(self, name: str, job_id: str, kwargs: dict[str, Any]) -> Any:
        """Run the task in a unit of work of its own; a scheduled run's outcome is written
        to the ledger.

        The unit is fresh even when the task was started from a request (in-process queue,
        whose asyncio task inherits the request's context): a session is never shared by
        two tasks at once.
        """
        async with unit_of_work(fresh=True):
            return await self._run_and_record(name, job_id, kwargs)

    async def _run_and_record(self, name: str, job_id: str, kwargs: dict[str, Any]) -> Any:
        try:
            result = await self._run(name, job_id, kwargs)
        except BaseException as exc:
            if job_id.startswith(SCHEDULED_PREFIX):
                await self._ledger.finish(
                    job_id.removeprefix(SCHEDULED_PREFIX), "failed", self._clock.now(), repr(exc)
                )
            raise
        if job_id.startswith(SCHEDULED_PREFIX):
            await self._ledger.finish(
                job_id.removeprefix(SCHEDULED_PREFIX), "done", self._clock.now()
            )
        return result

    def _time_limit(self, module: str, job_id: str, default: int) -> int:
        """A scheduled run is bounded by its schedule's timeout, any other by the task's."""
        if not job_id.startswith(SCHEDULED_PREFIX):
            return default
        scheduled_name = job_id.removeprefix(SCHEDULED_PREFIX).partition("@")[0]
        _, _, name = scheduled_name.partition(".")
        for st in self._registry.get(module).scheduled_tasks:
            if st.name == name:
                return st.timeout_seconds
        return default

    async def _run(self, name: str, job_id: str, kwargs: dict[str, Any]) -> Any:
        definition = self.definition(name)
        module, _ = split_task_name(name)
        if module not in await self._enablement.enabled_anywhere():
            raise ModuleDisabled(f"task '{name}' skipped: module '{module}' is not enabled")
        function: Callable[..., Awaitable[Any]] = resolve_ref(definition.function)
        ctx = RunnerTaskContext(job_id, self._resolver)
        _log.info("task %s (%s) started", name, job_id)
        limit = self._time_limit(module, job_id, definition.timeout_seconds)
        result = await asyncio.wait_for(function(ctx, **kwargs), limit)
        _log.info("task %s (%s) done", name, job_id)
        return result


def scheduled_job_id(key: str) -> str:
    """The job id of a scheduled run: the same on every worker for the same tick."""
    return SCHEDULED_PREFIX + key
