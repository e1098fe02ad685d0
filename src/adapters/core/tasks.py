"""Task functions of the core module: each resolves one use case and delegates."""

from __future__ import annotations

from ports.tasks import TaskContext

__all__ = ["housekeeping"]


async def housekeeping(ctx: TaskContext) -> dict[str, int]:
    """Purge old scheduled-task runs."""
    purged = await ctx.resolve("core.housekeeping").purge_old_task_runs()
    return {"purged_task_runs": purged}
