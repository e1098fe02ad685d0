"""A unit of work on an SQLAlchemy session."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mercato.adapters.db.scope import UnitSession

__all__ = ["SqlAlchemyUnitOfWork"]


class SqlAlchemyUnitOfWork:
    """One session and one transaction; rolls back what was not committed.

    Inside a request's or a task's unit of work (:mod:`adapters.db.scope`) the session is
    that unit's: leaving rolls back what this block did not commit, and the session and its
    connection stay the unit's.
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._session: AsyncSession | None = None

    @property
    def session(self) -> AsyncSession:
        """The session of the open unit of work."""
        if self._session is None:
            raise RuntimeError("the unit of work is not open: use 'async with uow:'")
        return self._session

    async def __aenter__(self) -> Self:
        self._session = self._sessions()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session, self._session = self._session, None
        if session is not None:
            await session.rollback()
            if isinstance(session, UnitSession) and session.unit is not None:
                session.expunge_all()
            else:
                await session.close()

    async def commit(self) -> None:
        """Commit the transaction."""
        await self.session.commit()

    async def rollback(self) -> None:
        """Roll the transaction back."""
        await self.session.rollback()
