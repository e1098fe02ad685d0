"""The core module's own persistence: the ledger of scheduled-task runs."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

__all__ = ["ExpiringSessions", "TaskRunLedger"]


class ExpiringSessions(Protocol):
    """Web sessions kept in the database (without Redis, which expires them itself)."""

    async def delete_expired(self) -> int:
        """Delete expired sessions; return how many."""
        ...


class TaskRunLedger(Protocol):
    """Records scheduled runs so that each tick runs once across every worker."""

    async def claim(self, key: str, task: str, tick: datetime, worker: str) -> bool:
        """Claim the run ``key``; True for exactly one caller, whatever the number of workers."""
        ...

    async def release(self, key: str) -> None:
        """Forget a claim whose run could not be queued, so that a later tick may claim it."""
        ...

    async def finish(self, key: str, status: str, finished_at: datetime, error: str = "") -> None:
        """Record how the claimed run ended (``"done"`` or ``"failed"``)."""
        ...

    async def purge_before(self, cutoff: datetime) -> int:
        """Delete runs of ticks before ``cutoff``; return how many were deleted."""
        ...

    async def count(self) -> int:
        """How many runs are recorded."""
        ...
