"""Keeping tenancy's tables small: expired invitations, reset tokens, old sign-in failures."""

from __future__ import annotations

from datetime import timedelta

from mercato.domain.tenancy.repository import AttemptLog, PasswordResetRepository, TeamRepository
from mercato.ports.clock import Clock

__all__ = ["TenancyHousekeeping"]


class TenancyHousekeeping:
    """Purges what can no longer be used (scheduled hourly)."""

    def __init__(
        self,
        teams: TeamRepository,
        attempts: AttemptLog,
        resets: PasswordResetRepository,
        clock: Clock,
        keep: timedelta = timedelta(days=30),
    ) -> None:
        self._teams = teams
        self._attempts = attempts
        self._resets = resets
        self._clock = clock
        self._keep = keep

    async def purge_expired(self) -> dict[str, int]:
        """Delete invitations expired for ``keep``, spent or expired reset tokens, and
        sign-in failures older than a day; return the counts."""
        now = self._clock.now()
        return {
            "invitations": await self._teams.purge_invitations(now - self._keep),
            "password_resets": await self._resets.purge(now),
            "login_attempts": await self._attempts.purge_before(now - timedelta(days=1)),
        }
