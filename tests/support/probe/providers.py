"""The probe module's code: providers, a task and a route (imported only when enabled)."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import Mapping, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

from litestar import get

from mercato.adapters.web.guards import requires
from mercato.adapters.web.module import ModuleWeb
from mercato.ports.metrics import MetricValue
from mercato.ports.scope import Scope
from mercato.ports.tasks import TaskContext
from mercato.ports.widgets import (
    BreakdownSegment,
    BreakdownWidget,
    DashboardWidget,
    ListWidget,
    ListWidgetItem,
    TimeSeriesPoint,
    TimeSeriesWidget,
)

TOUCH_FILE_VARIABLE = "PROBE_TOUCH_FILE"


class ProbeMetrics:
    async def metrics(self, scope: Scope) -> Sequence[MetricValue]:
        return (MetricValue("probe.platform_id", "Probe platform", scope.platform_id),)


class ProbeWidgets:
    async def widgets(self, scope: Scope) -> Sequence[DashboardWidget]:
        return (
            ListWidget("probe_list", "Probe list", (ListWidgetItem("first", "one", "/x", "new"),)),
            BreakdownWidget(
                "probe_breakdown",
                "Probe breakdown",
                (BreakdownSegment("a", 3), BreakdownSegment("b", 1)),
            ),
            TimeSeriesWidget(
                "probe_series",
                "Probe series",
                (TimeSeriesPoint("2026-01-01", 1), TimeSeriesPoint("2026-01-02", 4)),
            ),
        )


class ProbeContext:
    async def context(self, scope: Scope) -> Mapping[str, object]:
        return {"probe_greeting": f"hello {scope.platform_code}"}


async def touch(ctx: TaskContext, path: str = "") -> str:
    """Append the job id to ``path`` (an observable, countable effect).

    Scheduled runs get no arguments: they append to ``$PROBE_TOUCH_FILE`` when it is set.
    """
    path = path or os.environ.get(TOUCH_FILE_VARIABLE, "")
    if path:
        await asyncio.to_thread(_append, Path(path), ctx.job_id)
    return ctx.job_id


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(line + "\n")


@get("/api/v1/probe/ping", opt=requires("probe.view"), tags=["probe"], summary="Probe ping")
async def ping() -> dict[str, str]:
    """Answers when the probe module is enabled on the current platform."""
    return {"probe": "pong"}


WEB = ModuleWeb(handlers=[ping])


async def nap(ctx: TaskContext, seconds: float = 0.0) -> float:
    """Sleep, to exceed a time limit."""
    await asyncio.sleep(seconds)
    return seconds


async def apply_once(
    ctx: TaskContext, path: str, amount: int = 1, before: float = 0.0, after: float = 0.0
) -> dict[str, Any]:
    """Add ``amount`` to the balance in the SQLite file ``path``, once per job id.

    Every attempt is recorded with this process's pid; then, after ``before`` seconds, the
    job id is inserted into a table keyed by job id in the same transaction as the balance
    update, so a re-run of the job (its worker died) finds it and changes nothing. ``after``
    seconds follow the effect: a worker killed then has applied it without finishing the job.
    """
    await asyncio.to_thread(_record_attempt, path, ctx.job_id)
    await asyncio.sleep(before)
    applied = await asyncio.to_thread(_apply, path, ctx.job_id, amount)
    await asyncio.sleep(after)
    return {"applied": applied, "pid": os.getpid()}


def create_effect_store(path: Path) -> None:
    """The SQLite file :func:`apply_once` writes to: attempts, applied job ids, a balance."""
    with closing(sqlite3.connect(path)) as db, db:
        db.executescript(
            """
            CREATE TABLE attempts (job_id TEXT NOT NULL, pid INTEGER NOT NULL);
            CREATE TABLE applied (job_id TEXT PRIMARY KEY);
            CREATE TABLE balance (id INTEGER PRIMARY KEY CHECK (id = 1), amount INTEGER);
            INSERT INTO balance VALUES (1, 0);
            """
        )


def _connect(path: str) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=10, isolation_level=None)


def _record_attempt(path: str, job_id: str) -> None:
    with closing(_connect(path)) as db:
        db.execute("INSERT INTO attempts VALUES (?, ?)", (job_id, os.getpid()))


def _apply(path: str, job_id: str, amount: int) -> bool:
    with closing(_connect(path)) as db:
        db.execute("BEGIN IMMEDIATE")
        try:
            inserted = db.execute(
                "INSERT INTO applied VALUES (?) ON CONFLICT DO NOTHING", (job_id,)
            ).rowcount
            if inserted:
                db.execute("UPDATE balance SET amount = amount + ? WHERE id = 1", (amount,))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return bool(inserted)
