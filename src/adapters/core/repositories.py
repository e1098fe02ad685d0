"""SQLAlchemy implementation of the core module's ledger."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mercato.adapters.core.tables import scheduled_task_runs as runs

__all__ = ["SqlAlchemyTaskRunLedger"]


class SqlAlchemyTaskRunLedger:
    """Claims a scheduled run with a primary-key insert: one winner per key, on any database."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def claim(self, key: str, task: str, tick: datetime, worker: str) -> bool:
        """Insert the run; a concurrent insert of the same key fails and loses the claim."""
        async with self._sessions() as s:
            try:
                await s.execute(insert(runs).values(key=key, task=task, tick=tick, worker=worker))
                await s.commit()
            except IntegrityError:
                await s.rollback()
                return False
        return True

    async def release(self, key: str) -> None:
        """Delete the claim of a run that never started."""
        async with self._sessions() as s:
            await s.execute(delete(runs).where(runs.c.key == key, runs.c.status == "running"))
            await s.commit()

    async def finish(self, key: str, status: str, finished_at: datetime, error: str = "") -> None:
        """Record the outcome of the run."""
        async with self._sessions() as s:
            await s.execute(
                update(runs)
                .where(runs.c.key == key)
                .values(status=status, finished_at=finished_at, error=error[:2000])
            )
            await s.commit()

    async def purge_before(self, cutoff: datetime) -> int:
        """Delete old runs."""
        async with self._sessions() as s:
            result = await s.execute(delete(runs).where(runs.c.tick < cutoff))
            await s.commit()
            return int(getattr(result, "rowcount", 0) or 0)

    async def count(self) -> int:
        """Count recorded runs."""
        async with self._sessions() as s:
            return int((await s.execute(select(func.count()).select_from(runs))).scalar_one())
