"""The outbox publisher: an event is one INSERT in the current unit of work's transaction.

The session that wrote an event remembers its id; when that session's transaction commits
(whoever commits it: a repository, the use case's unit of work), the ids are handed to a
:class:`CommitListener`, which starts their delivery in the background. A rollback forgets
them: their rows are gone with it. Delivery reads the outbox, so an id handed over for a
row that is not there (a rolled-back savepoint) delivers nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from functools import partial
from typing import Protocol

import msgspec
from sqlalchemy import event as sa_event
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from mercato.adapters.db.scope import active_unit
from mercato.adapters.db.timestamps import as_utc
from mercato.adapters.events.tables import event_outbox
from mercato.ports.clock import Clock
from mercato.ports.events import Event

__all__ = ["CommitListener", "OutboxEventPublisher"]

_PENDING = "mercato.events.pending"
_INSERT = insert(event_outbox)


class CommitListener(Protocol):
    """Told which events a transaction committed (called from inside the commit: it must
    not block, and never raise)."""

    def committed(self, event_ids: Sequence[str]) -> None:
        """Start delivering ``event_ids``."""
        ...


class OutboxEventPublisher:
    """Implements :class:`mercato.ports.events.EventPublisher` with the outbox table.

    Inside a unit of work the row is written with the unit's session and commits or rolls
    back with the change. Outside one (a script, library use) it is committed at once, as
    every repository write is there.
    """

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], clock: Clock, listener: CommitListener
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._listener = listener

    async def publish(self, event: Event) -> str:
        """Write ``event`` to the outbox; its id is a random UUID (32 hex digits)."""
        name = type(event).name
        if not name:
            raise ValueError(f"{type(event).__name__} has no name")
        event_id = uuid.uuid4().hex
        row = {
            "id": event_id,
            "name": name,
            "platform_id": event.platform_id,
            "vendor_id": event.vendor_id,
            "payload": msgspec.to_builtins(event),
            "occurred_at": as_utc(self._clock.now()),
        }
        async with self._sessions() as s:
            await s.execute(_INSERT, row)
            self._pending(s).append(event_id)
            if active_unit() is None:
                await s.commit()
        return event_id

    def _pending(self, session: AsyncSession) -> list[str]:
        """The ids written in the session's transaction; listens to its commit on first use."""
        sync = session.sync_session
        pending: list[str] | None = sync.info.get(_PENDING)
        if pending is None:
            pending = sync.info[_PENDING] = []
            sa_event.listen(sync, "after_commit", partial(_after_commit, listener=self._listener))
            sa_event.listen(sync, "after_rollback", _after_rollback)
        return pending


def _after_commit(session: Session, *, listener: CommitListener) -> None:
    pending: list[str] = session.info.get(_PENDING, [])
    if pending:
        ids = list(pending)
        pending.clear()
        listener.committed(ids)


def _after_rollback(session: Session) -> None:
    pending: list[str] = session.info.get(_PENDING, [])
    pending.clear()
