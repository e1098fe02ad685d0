"""Async engines for SQLite (aiosqlite) and PostgreSQL (asyncpg)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from mercato.adapters.db.scope import ScopedSessions

__all__ = ["async_url", "create_engine", "create_session_factory", "sync_url"]


def async_url(url: str) -> str:
    """The URL with an async driver: ``sqlite`` -> aiosqlite, ``postgresql`` -> asyncpg."""
    u = make_url(url)
    if u.drivername in ("sqlite", "sqlite+pysqlite"):
        u = u.set(drivername="sqlite+aiosqlite")
    elif u.drivername in ("postgresql", "postgres", "postgresql+psycopg2", "postgresql+psycopg"):
        u = u.set(drivername="postgresql+asyncpg")
    return u.render_as_string(hide_password=False)


def sync_url(url: str) -> str:
    """The URL for tools that want a plain description (logging, Alembic's config)."""
    return make_url(url).render_as_string(hide_password=True)


def create_engine(url: str, echo: bool = False, application_name: str = "mercato") -> AsyncEngine:
    """An engine for ``url``; a SQLite file's folder is created, WAL mode and FKs are on,
    and cursors are closed when their statement fails (:mod:`.sqlite_driver`).

    On PostgreSQL, a checkout costs no round trip (no pre-ping): a connection whose socket
    the server already closed is refused at checkout and replaced (see
    :func:`_refuse_closed`). Its sessions carry ``application_name`` (``pg_stat_activity``).
    """
    u = make_url(async_url(url))
    kwargs: dict[str, Any] = {"echo": echo}
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": 30}
        from mercato.adapters.db.sqlite_driver import closing_aiosqlite_dbapi  # SQLite only

        kwargs["module"] = closing_aiosqlite_dbapi()
    else:
        kwargs.update(
            pool_size=10,
            max_overflow=10,
            connect_args={"server_settings": {"application_name": application_name}},
        )
    engine = create_async_engine(u, **kwargs)
    if u.get_backend_name() == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    else:
        event.listen(engine.sync_engine.pool, "checkout", _refuse_closed)
    return engine


def _refuse_closed(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """Refuse a pooled connection the server closed while it was idle (no round trip).

    asyncpg notices a closed socket as soon as the event loop reads its end, and
    ``is_closed()`` only looks at that state. ``DisconnectionError`` makes the pool
    discard the connection and check out (or open) another one.
    """
    driver = getattr(dbapi_connection, "driver_connection", None)
    is_closed = getattr(driver, "is_closed", None)
    if is_closed is not None and is_closed():
        raise DisconnectionError("the server closed this pooled connection")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def create_session_factory(engine: AsyncEngine) -> ScopedSessions:
    """Sessions that keep loaded attributes after commit (the domain sees plain objects);
    inside a unit of work, the unit's one session (see :mod:`adapters.db.scope`)."""
    return ScopedSessions(engine)
