"""Server-side sessions in the database, for installations without Redis.

With ``MERCATO_REDIS_URL`` the app uses Litestar's ``RedisStore`` instead; both satisfy
Litestar's ``Store`` interface, so the session middleware does not know which it has.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
from litestar.connection import ASGIConnection
from litestar.middleware.session.server_side import (
    ServerSideSessionBackend,
    ServerSideSessionConfig,
)
from litestar.stores.base import Store
from litestar.types import Empty
from sqlalchemy import Column, DateTime, Integer, LargeBinary, String, Table, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mercato.adapters.db.metadata import metadata
from mercato.adapters.web.tenancy import request_tenancy

__all__ = [
    "RENEW_AFTER",
    "DatabaseSessionStore",
    "LazySessionBackend",
    "LazySessionConfig",
    "rotate_session",
    "web_sessions",
]

_ROTATE = "mercato_rotate_session"
_LOADED = "mercato_session_loaded"
RENEW_AFTER = timedelta(hours=1)
"""An unchanged session is written again (its expiry pushed back) at most this often."""
_NEW_ID = "mercato_new_session_id"

web_sessions = Table(
    "web_sessions",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("value", LargeBinary, nullable=False),
    Column("expires_at", DateTime(timezone=True), index=True),
    # The signed-in user of the session (no foreign key: users belong to tenancy), so that
    # the statement authenticating a request reads the session and its user together.
    Column("user_id", Integer, nullable=True),
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

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], owner_field: str = "user_id"
    ) -> None:
        self._sessions = sessions
        self._owner_field = owner_field

    async def set(
        self, key: str, value: str | bytes, expires_in: int | timedelta | None = None
    ) -> None:
        """Insert or replace ``key``; the session's ``owner_field`` (its user) goes into the
        ``user_id`` column."""
        data = value.encode() if isinstance(value, str) else value
        seconds = _seconds(expires_in)
        expires = None if seconds is None else datetime.now(UTC) + timedelta(seconds=seconds)
        owner = self._owner(data)
        async with self._sessions() as s:
            dialect = s.get_bind().dialect.name
            insert = pg_insert if dialect == "postgresql" else sqlite_insert
            stmt = insert(web_sessions).values(
                key=key, value=data, expires_at=expires, user_id=owner
            )
            stmt = stmt.on_conflict_do_update(
                index_elements=["key"],
                set_={"value": data, "expires_at": expires, "user_id": owner},
            )
            await s.execute(stmt)
            await s.commit()

    def _owner(self, data: bytes) -> int | None:
        try:
            decoded = msgspec.json.decode(data)
        except msgspec.DecodeError:
            return None
        owner = decoded.get(self._owner_field) if isinstance(decoded, dict) else None
        return owner if isinstance(owner, int) and not isinstance(owner, bool) else None

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
    """Stores a session only once there is something in it, only when it changed, and
    forgets replaced ones.

    Litestar's backend writes an empty session (a row and a cookie) for every visitor
    without a session cookie: scripts, crawlers and load would fill the store. Here an empty
    session of a visitor who has none is simply not kept. A session read from the database
    and left unchanged is not written back, unless its expiry is due for renewal
    (:data:`RENEW_AFTER`). And when a session is cleared or given a new id (signing out,
    signing in), the row of the old id is deleted too.

    With the database store, the session is read together with its user by the request's
    tenancy (:meth:`RequestTenancy.open_session`): one statement for both.
    """

    async def load_from_connection(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> dict[str, Any]:
        """The session of the cookie; from the database with its user, in one statement."""
        key = connection.cookies.get(self.config.key)
        if not key or key == "null":
            return {}
        store = self.config.get_store_from_app(connection.scope["app"])
        if not isinstance(store, DatabaseSessionStore):
            return await super().load_from_connection(connection)
        opened = await request_tenancy(connection).open_session(key)
        if opened.data is None:
            return {}
        connection.scope.setdefault("state", {})[_LOADED] = (opened.data, opened.expires_at)
        return self.deserialize_data(opened.data)

    async def store_in_message(
        self, scope_session: Any, message: Any, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> None:
        """Skip empty sessions of cookie-less visitors and unchanged ones; otherwise behave
        as Litestar does."""
        previous = connection.cookies.get(self.config.key)
        if previous == "null":  # the cookie of a cleared session
            previous = None
        if scope_session is not Empty and not scope_session and previous is None:
            return
        if (
            scope_session is not Empty
            and scope_session
            and self._unchanged(scope_session, connection)
        ):
            return
        await super().store_in_message(scope_session, message, connection)
        if previous and previous != "null" and previous != self.get_session_id(connection):
            await self.delete(previous, store=self.config.get_store_from_app(connection.app))

    def _unchanged(
        self, scope_session: Any, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> bool:
        """True when the session loaded from the database is stored as it is, under the same
        id, and its expiry is not yet due for renewal."""
        state = connection.scope.get("state", {})
        loaded = state.get(_LOADED)
        if loaded is None or state.get(_ROTATE):
            return False
        data, expires = loaded
        if data != self.serialize_data(scope_session, connection.scope):
            return False
        if expires is None or self.config.max_age is None:
            return True
        written: datetime = expires - timedelta(seconds=int(self.config.max_age))
        return bool(datetime.now(UTC) - written < RENEW_AFTER)

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
