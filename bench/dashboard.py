"""Section 1: the dashboard (HTTP and aggregation alone) against bare baselines."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from litestar.testing import AsyncTestClient
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bench.asgi import AsgiClient, RequestFailed, Statement, create_bare_app, create_replay_app
from bench.fixtures import BENCH_HOST, PreparedDatabase
from bench.stats import Summary, ratio, time_interleaved
from mercato.adapters.db.scope import unit_of_work
from mercato.bootstrap.app import create_app
from mercato.bootstrap.container import ApplicationContainer
from mercato.bootstrap.library import close_container
from mercato.ports.scope import Scope

__all__ = ["DASHBOARD_PATH", "measure_aggregation", "measure_requests", "provider_statements"]

DASHBOARD_PATH = "/api/v1/admin/dashboard"
_SQL_SAMPLE = 20


def _quiet() -> None:
    """Litestar's default logging puts the root logger at INFO; keep routine lines out.

    Warnings and errors (a failing provider, say) still show.
    """
    for name in ("httpx", "mercato", "alembic"):
        logging.getLogger(name).setLevel(logging.WARNING)


async def measure_requests(db: PreparedDatabase, n: int, warmup: int) -> dict[str, Any]:
    """1(a): GET /api/v1/admin/dashboard vs GET /bare, through two transports."""
    _quiet()
    return {
        "modules_enabled": list(db.enabled),
        "modules_installed": list(db.installed),
        "testclient": await _through_testclient(db, n, warmup),
        "asgi": await _through_asgi(db, n, warmup),
    }


async def _through_testclient(db: PreparedDatabase, n: int, warmup: int) -> dict[str, Any]:
    app = create_app(container=db.container())
    base = f"http://{BENCH_HOST}"
    name, value = (part.decode() for part in db.authorization)
    async with (
        AsyncTestClient(app, base_url=base) as mercato,
        AsyncTestClient(create_bare_app(), base_url=base) as plain,
    ):
        mercato.headers[name] = plain.headers[name] = value
        _quiet()

        async def dashboard() -> bytes:
            return _ok(await mercato.get(DASHBOARD_PATH), DASHBOARD_PATH)

        async def bare() -> bytes:
            return _ok(await plain.get("/bare"), "/bare")

        slots = _slot_status(await dashboard())
        timings = await time_interleaved({"dashboard": dashboard, "bare": bare}, n, warmup)
        mounted = list(app.mounter.mounted)
    return _pair(timings, "dashboard", "bare") | {"slots": slots, "mounted": mounted}


async def _through_asgi(db: PreparedDatabase, n: int, warmup: int) -> dict[str, Any]:
    container = db.container()
    app = create_app(container=container)
    bare_app = create_bare_app()
    statements = await _provider_statements(db, container)
    replay_engine = create_async_engine(container.engine().url)
    replay_app = create_replay_app(replay_engine, statements)
    mercato = AsgiClient(app, BENCH_HOST, db.authorization)
    plain = AsgiClient(bare_app, BENCH_HOST, db.authorization)
    replayed = AsgiClient(replay_app, BENCH_HOST, db.authorization)
    try:
        async with app.lifespan(), bare_app.lifespan(), replay_app.lifespan():
            _quiet()
            calls = {
                "dashboard": lambda: mercato.get(DASHBOARD_PATH),
                "bare": lambda: plain.get("/bare"),
                "health": lambda: mercato.get("/health"),
                "replay": lambda: replayed.get("/replay"),
            }
            slots = _slot_status(await calls["dashboard"]())
            timings = await time_interleaved(calls, n, warmup)
            sql = await _statements_per_call(container.engine(), calls["dashboard"])
            mounted = list(app.mounter.mounted)
    finally:
        await replay_engine.dispose()
    return _pair(timings, "dashboard", "bare") | {
        "health": timings["health"].as_dict(),
        "replay": timings["replay"].as_dict(),
        "ratio_health": ratio(timings["dashboard"], timings["health"]),
        "ratio_replay": ratio(timings["dashboard"], timings["replay"]),
        "slots": slots,
        "mounted": mounted,
        "sql_statements_per_request": sql,
        "sql_statements_of_providers": len(statements),
    }


async def _provider_statements(
    db: PreparedDatabase, container: ApplicationContainer
) -> list[Statement]:
    return await provider_statements(container, Scope(db.platform_id, "bench", None))


async def provider_statements(container: ApplicationContainer, scope: Scope) -> list[Statement]:
    """The SQL the dashboard's providers run for ``scope``, as the driver received it."""
    captured: list[Statement] = []

    def capture(_c: object, _cursor: object, sql: str, parameters: Any, *_: object) -> None:
        captured.append((sql, parameters))

    service = container.components().container("core").dashboard()
    async with unit_of_work():  # as a request: one session, the configuration read once
        enabled = await container.enablement().enabled_on(scope.platform_id)
        await service.dashboard(scope, enabled)  # warm: first-call lookups are not the SQL
        engine = container.engine().sync_engine
        event.listen(engine, "before_cursor_execute", capture)
        try:
            await service.dashboard(scope, enabled)
        finally:
            event.remove(engine, "before_cursor_execute", capture)
    return captured


async def measure_aggregation(db: PreparedDatabase, n: int, warmup: int) -> dict[str, Any]:
    """1(b): ``DashboardService.dashboard(scope)`` vs an ``async def`` returning a constant."""
    async with _container(db) as container:
        service = container.components().container("core").dashboard()
        scope = Scope(db.platform_id, "bench", None)
        board = await service.dashboard(scope)
        constant = {"status": "ok"}

        async def aggregate() -> object:
            async with unit_of_work():  # as a request does: one session, one connection
                return await service.dashboard(scope)

        async def bare() -> object:
            return constant

        timings = await time_interleaved({"dashboard": aggregate, "constant": bare}, n, warmup)
        sql = await _statements_per_call(container.engine(), aggregate)
    return _pair(timings, "dashboard", "constant") | {
        "modules_enabled": list(db.enabled),
        "modules_installed": list(db.installed),
        "metric_slots": [s.module for s in board.metrics],
        "widget_slots": [s.module for s in board.widgets],
        "unavailable": list(board.unavailable),
        "sql_statements_per_call": sql,
    }


@asynccontextmanager
async def _container(db: PreparedDatabase) -> AsyncIterator[ApplicationContainer]:
    container = db.container()
    try:
        yield container
    finally:
        await close_container(container)


def _pair(timings: dict[str, Summary], subject: str, baseline: str) -> dict[str, Any]:
    return {
        subject: timings[subject].as_dict(),
        baseline: timings[baseline].as_dict(),
        "ratio": ratio(timings[subject], timings[baseline]),
    }


def _ok(response: Any, path: str) -> bytes:
    if response.status_code != 200:
        raise RequestFailed(f"GET {path} answered {response.status_code}: {response.text[:300]}")
    body: bytes = response.content
    return body


def _slot_status(body: bytes) -> dict[str, list[str]]:
    """Which modules answered in the dashboard, and which were unavailable."""
    payload = json.loads(body)
    slots = [*payload.get("metrics", []), *payload.get("widgets", [])]
    return {
        "ok": sorted({s["module"] for s in slots if s.get("status") == "ok"}),
        "unavailable": sorted({s["module"] for s in slots if s.get("status") != "ok"}),
    }


async def _statements_per_call(engine: AsyncEngine, call: Callable[[], Awaitable[object]]) -> float:
    """SQL statements one call executes (mean of a few untimed calls)."""
    count = 0

    def counted(*_: object) -> None:
        nonlocal count
        count += 1

    event.listen(engine.sync_engine, "before_cursor_execute", counted)
    try:
        for _ in range(_SQL_SAMPLE):
            await call()
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", counted)
    return count / _SQL_SAMPLE
