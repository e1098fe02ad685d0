"""Which scheduled tasks are due at a tick, and claiming a tick so it runs once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from croniter import croniter

from domain.kernel.definition import ScheduledTask
from domain.kernel.registry import ModuleRegistry

__all__ = ["DueTask", "due_tasks", "tick_of"]


@dataclass(frozen=True, slots=True)
class DueTask:
    """A scheduled task due at ``tick``; ``key`` identifies this run across all workers."""

    module: str
    scheduled: ScheduledTask
    tick: datetime

    @property
    def task_name(self) -> str:
        """The full task name, ``"<module>.<task>"``."""
        return f"{self.module}.{self.scheduled.task}"

    @property
    def key(self) -> str:
        """``"<module>.<scheduled name>@<tick ISO>"``: the same on every worker."""
        return f"{self.module}.{self.scheduled.name}@{self.tick.isoformat()}"


def tick_of(now: datetime) -> datetime:
    """The minute ``now`` falls in (scheduling has a one-minute resolution)."""
    return now.replace(second=0, microsecond=0)


def due_tasks(
    registry: ModuleRegistry, enabled_anywhere: Iterable[str], now: datetime
) -> list[DueTask]:
    """The scheduled tasks of the enabled modules whose cron matches the minute of ``now``."""
    tick = tick_of(now)
    out = []
    for d in registry.ordered(enabled_anywhere):
        for st in d.scheduled_tasks:
            # croniter.match compares at minute resolution: ask for the tick's own minute.
            if croniter.match(st.cron, tick):
                out.append(DueTask(d.code, st, tick))
    return out
