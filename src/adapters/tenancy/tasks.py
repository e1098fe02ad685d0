"""Task functions of the tenancy module: each resolves one use case and delegates.

The e-mails carry single-use links: the worker makes their tokens, so no secret is ever a
task argument (arq stores arguments in Redis and logs them), and the mailer writes them to
its mailbox, never to a log.
"""

from __future__ import annotations

from mercato.ports.tasks import TaskContext

__all__ = ["purge_expired", "send_invitation", "send_password_reset"]


async def send_password_reset(ctx: TaskContext, user_id: int, reset_url: str) -> bool:
    """Mail a new reset link to the user (False for an inactive user)."""
    sent: bool = await ctx.resolve("tenancy.passwords").send_reset(user_id, reset_url)
    return sent


async def send_invitation(ctx: TaskContext, invitation_id: int, accept_url: str) -> bool:
    """Mail the invitation's link to the invitee (False once it is no longer open)."""
    sent: bool = await ctx.resolve("tenancy.teams").send_invitation(invitation_id, accept_url)
    return sent


async def purge_expired(ctx: TaskContext) -> dict[str, int]:
    """Forget expired invitations, reset tokens and old sign-in failures."""
    counts: dict[str, int] = await ctx.resolve("tenancy.housekeeping").purge_expired()
    return counts
