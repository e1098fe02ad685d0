"""Use cases of the core module."""

from __future__ import annotations

from datetime import timedelta

from mercato.domain.core.repository import ExpiringSessions, TaskRunLedger
from mercato.ports.clock import Clock

__all__ = ["HousekeepingService"]


class HousekeepingService:
    """Keeps the core's own tables small."""

    def __init__(
        self,
        ledger: TaskRunLedger,
        clock: Clock,
        sessions: ExpiringSessions | None = None,
        keep: timedelta = timedelta(days=30),
    ) -> None:
        self._ledger = ledger
        self._clock = clock
        self._sessions = sessions
        self._keep = keep

    async def purge_old_task_runs(self) -> int:
        """Forget scheduled runs older than the retention period; return how many."""
        return await self._ledger.purge_before(self._clock.now() - self._keep)

    async def purge_expired_sessions(self) -> int:
        """Forget expired web sessions kept in the database (none to do with Redis)."""
        return 0 if self._sessions is None else await self._sessions.delete_expired()
