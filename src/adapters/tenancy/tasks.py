"""Task functions of the tenancy module: each resolves one use case and delegates.

The e-mails are written to the log until the messaging module renders and sends them.
"""

from __future__ import annotations

import logging

from mercato.ports.tasks import TaskContext

__all__ = ["purge_expired", "send_invitation", "send_password_reset"]

_log = logging.getLogger("mercato.mail")


async def send_password_reset(ctx: TaskContext, email: str, name: str, link: str) -> str:
    """Log the reset e-mail (the messaging module will send it)."""
    _log.info("password reset e-mail to %s (%s): %s", email, name, link)
    return email


async def send_invitation(ctx: TaskContext, email: str, link: str) -> str:
    """Log the invitation e-mail (the messaging module will send it)."""
    _log.info("team invitation e-mail to %s: %s", email, link)
    return email


async def purge_expired(ctx: TaskContext) -> dict[str, int]:
    """Forget expired invitations, reset tokens and old sign-in failures."""
    counts: dict[str, int] = await ctx.resolve("tenancy.housekeeping").purge_expired()
    return counts
