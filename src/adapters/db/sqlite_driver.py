"""SQLAlchemy's aiosqlite adapter, with cursors that are closed when a statement fails.

SQLAlchemy's adapter opens an aiosqlite cursor per statement and closes it when the
statement succeeds; when it fails (a unique constraint, a lock timeout) the cursor is left
to the garbage collector, held by the cycle of the exception's traceback. ``sqlite3``
keeps the failed statement marked "in use" (``sqlite3_reset`` answers the error again), so
collecting that cursor calls ``sqlite3_reset``, which takes the connection's mutex.

The collector runs in the event loop's thread. When it collects such a cursor while the
cursor's connection is waiting for the write lock in its own aiosqlite thread (it holds its
mutex for the whole busy wait), the event loop stops until the busy timeout passes; and
the write lock is often held by another connection of the same process whose commit or
rollback the stopped loop would have sent. Two writers racing on one SQLite file then
stall for the whole busy timeout and one fails with "database is locked"
(``tests/integration/test_sqlite_driver.py`` reproduces it).

Here the cursor is closed in its connection's thread as soon as its statement fails, so
nothing is left for the collector to reset.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from contextlib import suppress
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
    AsyncAdapt_aiosqlite_ss_cursor,
)

__all__ = ["closing_aiosqlite_dbapi"]


class _Cursor(AsyncAdapt_aiosqlite_cursor):
    """The adapted cursor; ``execute``/``executemany`` close the aiosqlite cursor whatever
    the outcome (it is kept open only to stream a server-side result)."""

    __slots__ = ()

    @property
    def _aio(self) -> Any:
        """The aiosqlite connection (typed by SQLAlchemy as a plain DBAPI one)."""
        return self._connection

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        args = (operation,) if parameters is None else (operation, parameters)
        self._run("execute", args)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        self._run("executemany", (operation, seq_of_parameters))

    def _run(self, method: str, args: tuple[Any, ...]) -> None:
        try:
            cursor: Any = self.await_(self._aio.cursor())
        except Exception as error:
            self._adapt_connection._handle_exception(error)
        keep = False
        try:
            self.await_(getattr(cursor, method)(*args))
            if cursor.description:
                self.description = cursor.description
                self.lastrowid = self.rowcount = -1
                if self.server_side:
                    self._cursor = cursor  # type: ignore[misc]
                    keep = True
                else:
                    self._rows = deque(self.await_(cursor.fetchall()))
            else:
                self.description = None
                self.lastrowid = cursor.lastrowid
                self.rowcount = cursor.rowcount
        except Exception as error:
            self._close(cursor)
            self._adapt_connection._handle_exception(error)
        if not keep:
            self._close(cursor)

    def _close(self, cursor: Any) -> None:
        with suppress(Exception):  # the connection may be gone; the statement's error wins
            self.await_(cursor.close())


class _ServerSideCursor(_Cursor, AsyncAdapt_aiosqlite_ss_cursor):
    __slots__ = ()


class _Connection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()

    def cursor(self, server_side: bool = False) -> AsyncAdapt_aiosqlite_cursor:
        if server_side:
            return _ServerSideCursor(self)
        return _Cursor(self)


class _DBAPI(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> AsyncAdapt_aiosqlite_connection:
        adapted = super().connect(*arg, **kw)
        if type(adapted) is AsyncAdapt_aiosqlite_connection:
            return _Connection(self, adapted._connection)
        return adapted


def closing_aiosqlite_dbapi() -> AsyncAdapt_aiosqlite_dbapi:
    """The DBAPI module to give ``create_engine(..., module=...)`` for ``sqlite+aiosqlite``."""
    return _DBAPI(aiosqlite, sqlite3)
