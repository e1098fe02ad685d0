"""Connections the server closes are replaced, never pinged (ADR 0016), on PostgreSQL.

The app is served in-process (its lifespan run, requests through httpx's ASGI transport)
on an engine whose connections carry an ``application_name`` of this test, so that the
test terminates its own backends only, from a connection of its own.

The guarantee: once the server has closed the pool's idle connections and the process has
seen the sockets close (any await lets the event loop read them), every request succeeds:
the pool refuses each closed connection at checkout, without a round trip, and opens
another one. A GET whose statement meets a connection that died while it was checked out
is served again (see :func:`adapters.web.unit.serve_in_unit_of_work`); other requests
caught in that window fail once, and the next ones get live connections.
"""

from __future__ import annotations

import asyncio
import logging
import uuid

import asyncpg
import httpx
import pytest
from dependency_injector import providers
from sqlalchemy import text

from mercato.adapters.db.engine import create_engine
from mercato.adapters.db.migrations import upgrade
from mercato.adapters.db.scope import unit_of_work
from mercato.bootstrap.app import create_app
from tests.conftest import builtin_folders
from tests.support.app import container_with
from tests.support.probe.definition import MODULE as PROBE
from tests.support.services import fresh_postgres_database, require_service
from tests.support.world import World, build_world

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

REQUESTS = 8


async def _terminate(url: str, name: str) -> int:
    """Terminate this test's backends; wait (at most 5 s) until the server has let them go."""
    admin = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"), timeout=5)
    try:
        killed = await admin.fetchval(
            "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND application_name = $1) AS t",
            name,
        )
        for _ in range(500):
            left = await admin.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", name
            )
            if left == 0:
                break
            await asyncio.sleep(0.01)
        return int(killed)
    finally:
        await admin.close()


class _Replays(logging.Handler):
    """The requests served again after meeting a closed connection."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if "closed database connection" in record.getMessage():
            self.lines.append(record.getMessage())


async def _serve_through_terminations(world: World, name: str) -> tuple[list[int], list[str]]:
    container = container_with(world.url, (PROBE,))
    container.engine.override(providers.Object(create_engine(world.url, application_name=name)))
    app = create_app(container=container)
    replays = _Replays()
    logging.getLogger("mercato.db").addHandler(replays)
    statuses: list[int] = []
    headers = {"Authorization": f"Bearer {world.tokens['admin@*']}"}
    async with (
        app.lifespan(),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://north.test", timeout=30
        ) as client,
    ):

        async def burst() -> None:
            answers = await asyncio.gather(
                *(client.get("/api/v1/admin/dashboard", headers=headers) for _ in range(REQUESTS))
            )
            statuses.extend(a.status_code for a in answers)

        await burst()  # the pool now holds several idle connections
        for _ in range(2):
            assert await _terminate(world.url, name) >= 1
            await asyncio.sleep(0.05)  # the event loop reads the closed sockets
            await burst()
            r = await client.get("/api/v1/admin/dashboard", headers=headers)
            statuses.append(r.status_code)
    logging.getLogger("mercato.db").removeHandler(replays)
    return statuses, replays.lines


def test_requests_after_the_server_closed_the_pools_connections_succeed() -> None:
    base = require_service("MERCATO_TEST_DATABASE_URL", "PostgreSQL")
    with fresh_postgres_database(base) as url:
        upgrade(url, builtin_folders())
        world = build_world(url)
        name = f"mercato-test-{uuid.uuid4().hex[:8]}"
        statuses, replayed = asyncio.run(
            asyncio.wait_for(_serve_through_terminations(world, name), 60)
        )
    assert statuses == [200] * len(statuses)
    assert len(statuses) == REQUESTS * 3 + 2
    assert replayed == []  # refused at checkout: no request even met a closed connection


async def _in_unit_after_termination(url: str, name: str) -> tuple[bool, bool, int]:
    engine = create_engine(url, application_name=name)
    container = container_with(url)
    container.engine.override(providers.Object(engine))
    sessions = container.sessions()
    try:
        async with unit_of_work() as unit:
            async with sessions() as s:
                await s.execute(text("SELECT 1"))  # the unit's connection, held
            await _terminate(url, name)
            await asyncio.sleep(0.05)
            with pytest.raises(Exception, match=r"(?i)connection|closed"):
                async with sessions() as s:
                    await s.execute(text("SELECT 1"))
            async with sessions() as s:  # the unit goes on, on a new connection
                value = int((await s.execute(text("SELECT 2"))).scalar_one())
            return unit.disconnected, unit.retryable, value
    finally:
        await engine.dispose()


def test_a_unit_whose_connection_died_goes_on_on_a_new_one_and_may_be_replayed() -> None:
    base = require_service("MERCATO_TEST_DATABASE_URL", "PostgreSQL")
    with fresh_postgres_database(base) as url:
        name = f"mercato-test-{uuid.uuid4().hex[:8]}"
        disconnected, retryable, value = asyncio.run(
            asyncio.wait_for(_in_unit_after_termination(url, name), 30)
        )
    assert disconnected
    assert retryable  # nothing was committed before: a GET may be served again
    assert value == 2
