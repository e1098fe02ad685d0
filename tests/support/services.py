"""Real services for integration tests: PostgreSQL and Redis from MERCATO_TEST_* variables.

Outside CI a missing service skips the test with the reason; in CI (``CI`` set) it fails.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import asyncpg
import pytest
from sqlalchemy.engine import make_url

__all__ = ["fresh_postgres_database", "require_service", "wait_for_lock_waiters"]


def require_service(variable: str, what: str) -> str:
    """The value of ``variable``; skip (or fail in CI) when it is not set."""
    value = os.environ.get(variable)
    if value:
        return value
    reason = f"{what} not configured: set {variable}"
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)


async def _admin(url: str, sql: str) -> None:
    import asyncpg

    u = make_url(url)
    conn = await asyncpg.connect(
        host=u.host or "127.0.0.1",
        port=u.port or 5432,
        user=u.username or "postgres",
        password=u.password,
        database=u.database or "postgres",
        timeout=5,
    )
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@contextmanager
def fresh_postgres_database(base_url: str) -> Iterator[str]:
    """A new, empty database on the server of ``base_url``; dropped afterwards."""
    name = f"mercato_t_{uuid.uuid4().hex[:12]}"
    try:
        asyncio.run(_admin(base_url, f'CREATE DATABASE "{name}"'))
    except OSError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at {base_url} is not reachable: {exc}")
        pytest.skip(f"PostgreSQL at {base_url} is not reachable: {exc}")
    url = make_url(base_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        asyncio.run(_admin(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def wait_for_lock_waiters(db: asyncpg.Connection, count: int) -> None:
    """Until ``count`` other sessions of this database wait on a lock."""
    query = (
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
    )
    for _ in range(500):
        await db.execute("SELECT pg_stat_clear_snapshot()")  # fresh figures in a transaction
        if await db.fetchval(query) >= count:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"{count} sessions never waited on the lock")
