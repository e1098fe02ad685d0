"""Task functions of the core module: each resolves one use case and delegates."""

from __future__ import annotations

from mercato.ports.tasks import TaskContext

__all__ = ["deliver_events", "housekeeping", "purge_events", "sweep_events"]


async def housekeeping(ctx: TaskContext) -> dict[str, int]:
    """Purge old scheduled-task runs."""
    service = ctx.resolve("core.housekeeping")
    return {
        "purged_task_runs": await service.purge_old_task_runs(),
        "purged_sessions": await service.purge_expired_sessions(),
    }


async def deliver_events(ctx: TaskContext, event_ids: list[str]) -> dict[str, int]:
    """Deliver events just committed (queued by their commit when Redis is configured)."""
    report = await ctx.resolve("core.events").deliver(event_ids)
    return dict(report.as_dict())


async def sweep_events(ctx: TaskContext) -> dict[str, int]:
    """Deliver what is due: events whose delivery never started, failed handlers' retries."""
    report = await ctx.resolve("core.events").sweep()
    return dict(report.as_dict())


async def purge_events(ctx: TaskContext) -> dict[str, int]:
    """Delete delivered events older than the retention period (failed ones stay)."""
    return {"purged_events": await ctx.resolve("core.outbox").purge_delivered()}
