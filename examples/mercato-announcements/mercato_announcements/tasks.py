"""Task functions of the announcements module: each resolves one use case and delegates."""

from __future__ import annotations

from mercato.ports import TaskContext

__all__ = ["expire"]


async def expire(ctx: TaskContext) -> dict[str, int]:
    """Delete the announcements whose expiry has passed (scheduled hourly)."""
    deleted = await ctx.resolve("announcements.announcements").expire_old()
    return {"expired_announcements": deleted}
