"""One unit of work per request or task run: one session on one connection.

Repositories receive a :class:`ScopedSessions` where they used to receive an
``async_sessionmaker`` and keep writing ``async with self._sessions() as s:``.

- **Outside a unit of work** (library use, the CLI, scripts, tests that call repositories
  directly) calling it behaves exactly like ``async_sessionmaker``: a fresh session per
  call, closed when the ``async with`` block is left.
- **Inside** ``async with unit_of_work():`` every call returns the unit's one session,
  created on the first call (its connection is checked out on its first statement). Leaving
  a repository's ``async with`` block does not close it: it forgets the block's ORM objects
  (as a close would) and, when the block raised, rolls the shared transaction back so that
  the next statement is not refused on a failed transaction. ``s.commit()`` and
  ``s.rollback()`` inside a repository commit or roll back the unit's transaction, which
  holds whatever earlier blocks of the unit wrote and did not commit (repositories commit
  their writes; a block that wrote without committing leaves its write to the next commit
  of the unit, or to the rollback at its end). A block left by cancellation (a provider
  over its deadline) invalidates the session: a cancelled statement leaves its connection
  in an unknown state; the next call gets a fresh session on a fresh connection.
- Leaving the unit closes its session: anything uncommitted is rolled back and the
  connection goes back to the pool.

A unit of work opened while another is active joins it (the outer one closes the
session); ``unit_of_work(fresh=True)`` opens an independent one, as a task run or an
isolated provider needs. The unit lives in a :class:`contextvars.ContextVar`, so an asyncio
task started inside a unit sees it: such a task must open a ``fresh`` unit of its own
(``AsyncSession`` is not safe for concurrent use).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from contextvars import ContextVar
from types import TracebackType
from typing import Any

from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session
from sqlalchemy.util.concurrency import in_greenlet

__all__ = [
    "ProviderConnections",
    "ScopedSessions",
    "UnitOfWorkScope",
    "UnitSession",
    "UnitSyncSession",
    "active_unit",
    "unit_of_work",
]

_log = logging.getLogger("mercato.db")
_ROLLBACK_SECONDS = 1.0


class UnitOfWorkScope:
    """The sessions of one unit of work (one per :class:`ScopedSessions`, in practice one)."""

    __slots__ = ("_sessions", "checked", "committed", "disconnected", "reads", "retryable")

    def __init__(self, reads: bool = False) -> None:
        self._sessions: dict[ScopedSessions, UnitSession] = {}
        self.reads = reads
        """The unit only reads, bar writes it commits at once (a GET): on PostgreSQL its
        connection runs without BEGIN and ROLLBACK (see :func:`unit_of_work`)."""
        self.checked: set[int] = set()
        """Ids of the in-memory caches whose version this unit has read
        (:mod:`mercato.adapters.tenancy.cache`)."""
        self.committed = False
        """Some block of the unit committed."""
        self.disconnected = False
        """A statement of the unit met a connection the server had closed."""
        self.retryable = False
        """The first disconnect came before any commit: replaying the request is clean."""

    def session_for(self, factory: ScopedSessions) -> UnitSession:
        """The unit's session of ``factory``, created on first use."""
        session = self._sessions.get(factory)
        if session is None:
            session = factory.fresh()
            session.unit = self
            session.sync_session.pinned = True
            session.sync_session.reads = self.reads
            self._sessions[factory] = session
        return session

    def saw_disconnect(self) -> None:
        """Record a disconnect; the first one decides whether a replay is clean."""
        if not self.disconnected:
            self.disconnected = True
            self.retryable = not self.committed

    async def discard(self, session: UnitSession, *, invalidate: bool) -> None:
        """Forget ``session`` (the next call creates a fresh one), after closing it.

        ``invalidate`` closes its connection for good instead of returning it to the pool.
        """
        for factory, held in list(self._sessions.items()):
            if held is session:
                del self._sessions[factory]
        session.unit = None
        await _close(session, invalidate=invalidate)
        session.sync_session.pinned = False

    async def reset(self, *, invalidate: bool) -> None:
        """Discard every session of the unit (see :meth:`discard`)."""
        for session in list(self._sessions.values()):
            await self.discard(session, invalidate=invalidate)

    async def recover(self) -> None:
        """Roll back what the unit's sessions hold, keeping their connections; a session
        whose rollback fails or takes over a second is discarded with its connection."""
        for session in list(self._sessions.values()):
            try:
                async with asyncio.timeout(_ROLLBACK_SECONDS):
                    await session.rollback()
                session.expunge_all()
            except Exception:
                await self.discard(session, invalidate=True)

    async def close(self) -> None:
        """Roll back what was not committed and give the connections back."""
        await self.reset(invalidate=False)


async def _close(session: UnitSession, *, invalidate: bool) -> None:
    try:
        await session.run_sync(_close_sync, invalidate)
    except Exception:  # a dead connection: make sure it never goes back to the pool
        _log.debug("closing a session failed; invalidating it", exc_info=True)
        with suppress(Exception):
            await session.run_sync(_close_sync, True)


def _close_sync(session: Session, invalidate: bool) -> None:
    assert isinstance(session, UnitSyncSession)
    session.close_unit(invalidate)


class UnitSyncSession(Session):
    """The sync side of :class:`UnitSession`: pinned to one connection inside a unit.

    A plain ``Session`` gives its connection back to the pool at every commit or rollback;
    the session of a unit of work keeps the one it checked out on its first statement until
    the unit ends, so that a request holds one connection whatever it commits.
    """

    pinned = False
    reads = False
    _unit_connection: Connection | None = None

    def get_bind(self, *args: Any, **kw: Any) -> Engine | Connection:
        """The unit's connection (checked out on first use), else the session's engine.

        Outside SQLAlchemy's greenlet (``s.get_bind().dialect`` from async code) this never
        connects and answers the engine.
        """
        bind = super().get_bind(*args, **kw)
        if not self.pinned or not isinstance(bind, Engine):
            return bind
        conn = self._unit_connection
        if conn is not None and not conn.closed:
            return conn
        if not in_greenlet():
            return bind
        conn = bind.connect()
        if self.reads and conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        self._unit_connection = conn
        return conn

    def close_unit(self, invalidate: bool) -> None:
        """Close the session (rolling back) and give its connection back, or invalidate it."""
        conn, self._unit_connection = self._unit_connection, None
        try:
            if invalidate:
                self.invalidate()
            else:
                self.close()
        finally:
            if conn is not None:
                if invalidate and not conn.invalidated:
                    conn.invalidate()
                conn.close()


class UnitSession(AsyncSession):
    """An ``AsyncSession`` that, when it belongs to a unit of work, outlives ``async with``."""

    unit: UnitOfWorkScope | None = None
    sync_session: UnitSyncSession
    _held: tuple[object, AsyncConnection] | None = None

    async def connection(
        self,
        bind_arguments: Any = None,
        execution_options: Any = None,
        **kw: Any,
    ) -> AsyncConnection:
        """The session's connection; within one transaction the same one is handed out again
        without a round through SQLAlchemy's greenlet (a hop per statement otherwise)."""
        if bind_arguments is not None or execution_options is not None or kw:
            return await super().connection(bind_arguments, execution_options, **kw)
        transaction = self.sync_session.get_transaction()
        held = self._held
        if held is not None and transaction is not None and held[0] is transaction:
            return held[1]
        connection = await super().connection()
        self._held = (self.sync_session.get_transaction(), connection)
        return connection

    async def __aexit__(
        self,
        type_: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        unit = self.unit
        if unit is None:
            await super().__aexit__(type_, value, traceback)
            return
        if value is None:
            sync = self.sync_session
            if sync.identity_map or sync.new or sync.deleted:  # Core reads leave nothing
                self.expunge_all()
        elif not isinstance(value, Exception):  # cancelled mid-statement: connection unknown
            await unit.discard(self, invalidate=True)
        else:
            if isinstance(value, DBAPIError) and value.connection_invalidated:
                unit.saw_disconnect()
            try:
                await self.rollback()
                self.expunge_all()
            except Exception:
                await unit.discard(self, invalidate=True)

    async def commit(self) -> None:
        """Commit; inside a unit of work, the unit's whole transaction."""
        await super().commit()
        if self.unit is not None:
            self.unit.committed = True


_current: ContextVar[UnitOfWorkScope | None] = ContextVar("mercato_unit_of_work", default=None)


def active_unit() -> UnitOfWorkScope | None:
    """The unit of work of the running code, if any."""
    return _current.get()


@asynccontextmanager
async def unit_of_work(
    *, fresh: bool = False, reads: bool = False
) -> AsyncIterator[UnitOfWorkScope]:
    """Run the block in a unit of work; its session is closed when the block is left.

    Inside an active unit, the block joins it unless ``fresh`` is true.

    ``reads``: the block reads, and commits any write it makes at once (a GET request: the
    token's ``last_used_at``, a session's expiry). On PostgreSQL its connection then runs in
    autocommit: no ``BEGIN`` before the first statement and no ``ROLLBACK`` at the end, two
    round trips of a read that gave it nothing (under READ COMMITTED every statement takes
    its own snapshot, in a transaction or not). A ``rollback()`` then undoes nothing, so a
    block that writes and may need to take a write back must not be a ``reads`` unit.
    """
    outer = _current.get()
    if outer is not None and not fresh:
        yield outer
        return
    unit = UnitOfWorkScope(reads)
    token = _current.set(unit)
    try:
        yield unit
    finally:
        _current.reset(token)
        await unit.close()


class ScopedSessions(async_sessionmaker[AsyncSession]):
    """A drop-in ``async_sessionmaker``: the unit of work's session inside one, else fresh.

    Sessions keep loaded attributes after commit (``expire_on_commit=False``): the domain
    sees plain objects.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        super().__init__(
            engine,
            class_=UnitSession,
            sync_session_class=UnitSyncSession,
            expire_on_commit=False,
        )

    def __call__(self, **local_kw: Any) -> AsyncSession:
        unit = _current.get()
        if unit is None or local_kw:
            return super().__call__(**local_kw)
        return unit.session_for(self)

    def fresh(self) -> UnitSession:
        """A new session, outside any unit of work."""
        session = super().__call__()
        assert isinstance(session, UnitSession)
        return session

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other


class ProviderConnections:
    """How dashboard and context providers share the database (``ports.uow.ProviderIsolation``).

    ``concurrency`` 0 or 1: providers run one after the other on the request's connection;
    after a provider that failed or ran out of time, :meth:`isolate` rolls the request's
    transaction back (its connection stays), so that the next one starts clean. A provider
    cancelled mid-statement has already lost its session: the repository block it was in
    invalidated it (see :class:`UnitSession`), and the next one gets a fresh connection.

    ``concurrency`` N: up to N providers run at once, each in a fresh unit of work of its
    own (its own pooled connection, given back when the provider is done).
    """

    def __init__(self, concurrency: int = 1) -> None:
        self.concurrency = max(concurrency, 1)

    @asynccontextmanager
    async def isolate(self) -> AsyncIterator[None]:
        """Run one provider call in the block."""
        if self.concurrency > 1:
            async with unit_of_work(fresh=True):
                yield
            return
        try:
            yield
        except BaseException:
            unit = _current.get()
            if unit is not None:
                await unit.recover()
            raise
