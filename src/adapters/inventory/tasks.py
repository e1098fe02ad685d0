"""Task functions of the inventory module: each resolves one use case and delegates."""

from __future__ import annotations

from mercato.ports.tasks import TaskContext

__all__ = ["release_lapsed"]


async def release_lapsed(ctx: TaskContext) -> dict[str, int]:
    """Release the reservations whose expiry has passed (scheduled every minute)."""
    released: int = await ctx.resolve("inventory.reservations").release_lapsed()
    return {"released_reservations": released}
