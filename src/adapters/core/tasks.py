"""Task functions of the core module: each resolves one use case and delegates."""

from __future__ import annotations

from mercato.ports.tasks import TaskContext

__all__ = ["housekeeping"]


async def housekeeping(ctx: TaskContext) -> dict[str, int]:
    """Purge old scheduled-task runs."""
    service = ctx.resolve("core.housekeeping")
    return {
        "purged_task_runs": await service.purge_old_task_runs(),
        "purged_sessions": await service.purge_expired_sessions(),
    }
