"""Which scheduled tasks are due at a tick, and claiming a tick so it runs once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from croniter import croniter

from mercato.domain.kernel.definition import ScheduledTask
from mercato.domain.kernel.registry import ModuleRegistry

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


def tick_of(now: datetime, seconds: int = 60) -> datetime:
    """The tick ``now`` falls in: its minute, or its ``seconds``-long slice of the minute.

    ``seconds`` must divide 60. Cron has a one-minute resolution; a tick shorter than a minute
    (a test setting, ``MERCATO_SCHEDULER_TICK_SECONDS``) makes every tick of a matching minute
    a run of its own.
    """
    if not 1 <= seconds <= 60 or 60 % seconds:
        raise ValueError(f"a tick of {seconds} s does not divide a minute")
    return now.replace(second=now.second - now.second % seconds, microsecond=0)


def due_tasks(
    registry: ModuleRegistry,
    enabled_anywhere: Iterable[str],
    now: datetime,
    tick_seconds: int = 60,
) -> list[DueTask]:
    """The scheduled tasks of the enabled modules whose cron matches the minute of ``now``,
    each due at the tick ``now`` falls in."""
    tick = tick_of(now, tick_seconds)
    out = []
    for d in registry.ordered(enabled_anywhere):
        for st in d.scheduled_tasks:
            # croniter.match compares at minute resolution: ask for the tick's own minute.
            if croniter.match(st.cron, tick.replace(second=0)):
                out.append(DueTask(d.code, st, tick))
    return out
