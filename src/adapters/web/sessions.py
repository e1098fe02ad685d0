"""Server-side sessions in the database, for installations without Redis.

With ``MERCATO_REDIS_URL`` the app uses Litestar's ``RedisStore`` instead; both satisfy
Litestar's ``Store`` interface, so the session middleware does not know which it has.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from litestar.connection import ASGIConnection
from litestar.middleware.session.server_side import (
    ServerSideSessionBackend,
    ServerSideSessionConfig,
)
from litestar.stores.base import Store
from litestar.types import Empty
from sqlalchemy import Column, DateTime, LargeBinary, String, Table, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mercato.adapters.db.metadata import metadata

__all__ = [
    "DatabaseSessionStore",
    "LazySessionBackend",
    "LazySessionConfig",
    "rotate_session",
    "web_sessions",
]

_ROTATE = "mercato_rotate_session"
_NEW_ID = "mercato_new_session_id"

web_sessions = Table(
    "web_sessions",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("value", LargeBinary, nullable=False),
    Column("expires_at", DateTime(timezone=True), index=True),
)


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _seconds(value: int | timedelta | None) -> int | None:
    if value is None:
        return None
    return int(value.total_seconds()) if isinstance(value, timedelta) else int(value)


class DatabaseSessionStore(Store):
    """A Litestar ``Store`` over the ``web_sessions`` table; expired rows read as missing."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def set(
        self, key: str, value: str | bytes, expires_in: int | timedelta | None = None
    ) -> None:
        """Insert or replace ``key``."""
        data = value.encode() if isinstance(value, str) else value
        seconds = _seconds(expires_in)
        expires = None if seconds is None else datetime.now(UTC) + timedelta(seconds=seconds)
        async with self._sessions() as s:
            dialect = s.get_bind().dialect.name
            insert = pg_insert if dialect == "postgresql" else sqlite_insert
            stmt = insert(web_sessions).values(key=key, value=data, expires_at=expires)
            stmt = stmt.on_conflict_do_update(
                index_elements=["key"], set_={"value": data, "expires_at": expires}
            )
            await s.execute(stmt)
            await s.commit()

    async def get(self, key: str, renew_for: int | timedelta | None = None) -> bytes | None:
        """The value, or ``None`` when missing or expired; ``renew_for`` extends its life."""
        async with self._sessions() as s:
            row = (
                await s.execute(
                    select(web_sessions.c.value, web_sessions.c.expires_at).where(
                        web_sessions.c.key == key
                    )
                )
            ).first()
        if row is None:
            return None
        expires = _aware(row.expires_at)
        if expires is not None and expires <= datetime.now(UTC):
            await self.delete(key)
            return None
        if renew_for is not None and expires is not None:
            await self.set(key, row.value, renew_for)
        return bytes(row.value)

    async def delete(self, key: str) -> None:
        """Forget ``key``."""
        async with self._sessions() as s:
            await s.execute(delete(web_sessions).where(web_sessions.c.key == key))
            await s.commit()

    async def delete_all(self) -> None:
        """Forget every session."""
        async with self._sessions() as s:
            await s.execute(delete(web_sessions))
            await s.commit()

    async def delete_expired(self) -> int:
        """Forget expired sessions; return how many (housekeeping)."""
        async with self._sessions() as s:
            result = await s.execute(
                delete(web_sessions).where(web_sessions.c.expires_at <= datetime.now(UTC))
            )
            await s.commit()
            return int(getattr(result, "rowcount", 0) or 0)

    async def exists(self, key: str) -> bool:
        """True when ``key`` is stored and not expired."""
        return await self.get(key) is not None

    async def expires_in(self, key: str) -> int | None:
        """Seconds until ``key`` expires, ``None`` when it never does or is missing."""
        async with self._sessions() as s:
            expires = (
                await s.execute(select(web_sessions.c.expires_at).where(web_sessions.c.key == key))
            ).scalar()
        expires = _aware(expires)
        if expires is None:
            return None
        return max(0, int((expires - datetime.now(UTC)).total_seconds()))


class LazySessionBackend(ServerSideSessionBackend):
    """Stores a session only once there is something in it, and forgets replaced ones.

    Litestar's backend writes an empty session (a row and a cookie) for every visitor
    without a session cookie: scripts, crawlers and load would fill the store. Here an empty
    session of a visitor who has none is simply not kept. And when a session is cleared or
    given a new id (signing out, signing in), the row of the old id is deleted too.
    """

    async def store_in_message(
        self, scope_session: Any, message: Any, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> None:
        """Skip empty sessions of cookie-less visitors; otherwise behave as Litestar does."""
        previous = connection.cookies.get(self.config.key)
        if previous == "null":  # the cookie of a cleared session
            previous = None
        if scope_session is not Empty and not scope_session and previous is None:
            return
        await super().store_in_message(scope_session, message, connection)
        if previous and previous != "null" and previous != self.get_session_id(connection):
            await self.delete(previous, store=self.config.get_store_from_app(connection.app))

    def get_session_id(self, connection: ASGIConnection[Any, Any, Any, Any]) -> str:
        """The cookie's id, or a new one once :func:`rotate_session` was called."""
        state = connection.scope.setdefault("state", {})
        if state.get(_ROTATE):
            if _NEW_ID not in state:
                state[_NEW_ID] = self.generate_session_id()
            return str(state[_NEW_ID])
        return super().get_session_id(connection)


def rotate_session(connection: ASGIConnection[Any, Any, Any, Any]) -> None:
    """Give this request's session a new id (signing in: no session fixation).

    The row of the old id is deleted when the response is sent.
    """
    connection.scope.setdefault("state", {})[_ROTATE] = True


@dataclass
class LazySessionConfig(ServerSideSessionConfig):
    """``ServerSideSessionConfig`` with :class:`LazySessionBackend`."""

    _backend_class = LazySessionBackend
