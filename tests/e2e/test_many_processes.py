"""Two web processes and two arq workers on one PostgreSQL database and one Redis.

Each test starts its own cluster: a fresh database, a queue of its own, ``mercato serve``
twice and ``mercato worker`` twice. The workers tick the scheduler every
``TICK_SECONDS`` (``MERCATO_SCHEDULER_TICK_SECONDS``) and cap every task at
``MAX_TASK_SECONDS`` (``MERCATO_WORKER_MAX_TASK_SECONDS``), so arq re-runs the job of a
killed worker ``MAX_TASK_SECONDS + 10`` s after it started instead of after core's
housekeeping timeout (600 s) + 10 s.

arq job ids are global to a Redis database, not per queue (the scheduler tick's
``mercato.scheduler_tick:<ms>`` and a scheduled run's ``sched:<key>``): two runs of
this file at the same moment on one Redis database would take some of each other's ticks.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, closing
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from arq.connections import RedisSettings, create_pool
from arq.jobs import Job
from redis import Redis

from tests.support.probe.providers import TOUCH_FILE_VARIABLE, create_effect_store
from tests.support.processes import install_entry_point, mercato, mercato_env, serving, working
from tests.support.services import fresh_postgres_database, require_service

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.redis]

TICK_SECONDS = 5
MAX_TASK_SECONDS = 5
HOST = {"host": "north.test"}
SCHEDULED = "sched:probe.touch-every-minute@"
T = TypeVar("T")


@dataclass
class Cluster:
    """The processes of one test and what they share."""

    database_url: str
    redis_url: str
    queue: str
    webs: list[str]
    workers: list[subprocess.Popen[bytes]]
    auth: dict[str, str]
    touched: Path
    """Where the probe's scheduled ``touch`` appends its job id, one line per run."""

    def enable_probe(self, web: str) -> None:
        """Enable the probe module on north through the API of ``web``."""
        r = httpx.post(f"{web}/api/v1/admin/modules/probe/enable", headers=self.auth, timeout=10)
        assert r.status_code == 200, r.text


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    """Two ``mercato serve`` and two arq ``mercato worker`` on a fresh PostgreSQL database."""
    base = require_service("MERCATO_TEST_DATABASE_URL", "PostgreSQL")
    redis_url = require_service("MERCATO_TEST_REDIS_URL", "Redis")
    site = install_entry_point(
        tmp_path / "site", "mercato_probe", "probe", "tests.support.probe.definition:MODULE"
    )
    queue = f"mercato-test-{uuid.uuid4().hex}"
    touched = tmp_path / "touched.txt"
    with fresh_postgres_database(base) as url:
        env = mercato_env(
            url,
            site,
            MERCATO_REDIS_URL=redis_url,
            MERCATO_QUEUE_NAME=queue,
            MERCATO_SCHEDULER_TICK_SECONDS=str(TICK_SECONDS),
            MERCATO_WORKER_MAX_TASK_SECONDS=str(MAX_TASK_SECONDS),
            **{TOUCH_FILE_VARIABLE: str(touched)},
        )
        mercato(env, "db", "upgrade")
        mercato(env, "platforms", "create", "north", "--name", "North", "--domain", "north.test")
        mercato(env, "users", "create-admin", "ops@example.com", "--generate")
        token = mercato(env, "tokens", "create", "ops@example.com", "--platform", "north").stdout
        with ExitStack() as stack:
            webs = [stack.enter_context(serving(env, tmp_path / f"web-{n}.log")) for n in "ab"]
            workers = [
                stack.enter_context(working(env, tmp_path / f"worker-{n}.log")) for n in "ab"
            ]
            yield Cluster(
                url,
                redis_url,
                queue,
                webs,
                workers,
                {**HOST, "Authorization": f"Bearer {token.strip()}"},
                touched,
            )
    _forget_queue(redis_url, queue)


def _forget_queue(redis_url: str, queue: str) -> None:
    """arq's queue and health-check keys have no expiry (jobs and results do)."""
    client = Redis.from_url(redis_url)
    try:
        client.delete(queue, f"{queue}:health-check")
    finally:
        client.close()


def _eventually(probe: Callable[[], T | None], seconds: float, what: str) -> T:
    deadline = time.monotonic() + seconds
    while (value := probe()) is None:
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds} s waiting for {what}")
        time.sleep(0.05)
    return value


def _ping(web: str, auth: dict[str, str]) -> int:
    return httpx.get(f"{web}/api/v1/probe/ping", headers=auth, timeout=10).status_code


def _enabled_on_north(web: str, auth: dict[str, str]) -> bool:
    rows = httpx.get(f"{web}/api/v1/admin/modules", headers=auth, timeout=10).json()
    return any(m["code"] == "probe" and m["enabled"] for m in rows)


def test_a_module_enabled_through_one_web_process_is_served_by_the_other(
    cluster: Cluster,
) -> None:
    a, b = cluster.webs
    assert _ping(b, cluster.auth) == 404
    assert not _enabled_on_north(b, cluster.auth)

    cluster.enable_probe(a)

    assert _ping(b, cluster.auth) == 200
    assert _enabled_on_north(b, cluster.auth)

    r = httpx.post(f"{b}/api/v1/admin/modules/probe/disable", headers=cluster.auth, timeout=10)
    assert r.status_code == 200, r.text
    assert _ping(a, cluster.auth) == 404
    assert not _enabled_on_north(a, cluster.auth)


def _ticks(touched: Path) -> list[datetime]:
    lines = touched.read_text().splitlines() if touched.exists() else []
    assert all(line.startswith(SCHEDULED) for line in lines), lines
    return [datetime.fromisoformat(line.removeprefix(SCHEDULED)) for line in lines]


def test_a_scheduled_task_runs_once_per_tick_with_two_workers(cluster: Cluster) -> None:
    cluster.enable_probe(cluster.webs[0])

    _eventually(lambda: len(_ticks(cluster.touched)) >= 3 or None, 6 * TICK_SECONDS, "three ticks")
    time.sleep(1)  # a second run of the last tick would have been written by now
    ticks = _ticks(cluster.touched)

    assert len(ticks) == len(set(ticks))  # no tick ran twice
    assert ticks == sorted(ticks)
    step = timedelta(seconds=TICK_SECONDS)
    assert [t - ticks[0] for t in ticks] == [i * step for i in range(len(ticks))]  # none missed

    def finished() -> list[tuple[datetime, str, str]] | None:
        rows = asyncio.run(_ledger_rows(cluster.database_url))[: len(ticks)]
        return rows if all(status != "running" for _, status, _ in rows) else None

    ledger = _eventually(finished, 10, "the ledger to record the runs")
    assert [(tick, status) for tick, status, _ in ledger] == [(t, "done") for t in ticks]
    pids = {str(w.pid) for w in cluster.workers}
    assert {claimer.rpartition(":")[2] for _, _, claimer in ledger} <= pids


async def _ledger_rows(database_url: str) -> list[tuple[datetime, str, str]]:
    import asyncpg

    conn = await asyncpg.connect(database_url)
    try:
        rows = await conn.fetch(
            "SELECT tick, status, worker FROM scheduled_task_runs "
            "WHERE task = 'probe.touch' ORDER BY tick"
        )
        return [(r["tick"], r["status"], r["worker"]) for r in rows]
    finally:
        await conn.close()


def _query(path: Path, sql: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path, timeout=10)) as db:
        return db.execute(sql).fetchall()


async def _enqueue_and_wait(
    cluster: Cluster, job_id: str, kwargs: dict[str, Any], on_effect: Callable[[], None]
) -> Any:
    redis = await create_pool(
        RedisSettings.from_dsn(cluster.redis_url), default_queue_name=cluster.queue
    )
    try:
        job = await redis.enqueue_job("probe.apply", _job_id=job_id, **kwargs)
        assert job is not None
        await asyncio.to_thread(on_effect)
        await job.result(timeout=MAX_TASK_SECONDS + 40, poll_delay=0.2)
        return await Job(job_id, redis, _queue_name=cluster.queue).result_info()
    finally:
        await redis.aclose()


def test_the_job_of_a_killed_worker_is_completed_by_the_other_and_applied_once(
    cluster: Cluster, tmp_path: Path
) -> None:
    cluster.enable_probe(cluster.webs[0])
    store = tmp_path / "effects.db"
    create_effect_store(store)
    job_id = f"apply-{uuid.uuid4().hex}"
    killed: list[int] = []

    def kill_the_worker_after_its_effect() -> None:
        _eventually(lambda: _query(store, "SELECT job_id FROM applied") or None, 20, "effect")
        ((pid,),) = _query(store, "SELECT pid FROM attempts")
        (worker,) = [w for w in cluster.workers if w.pid == pid]
        os.kill(pid, signal.SIGKILL)  # mid-run: the job sleeps 3 s after its effect
        worker.wait(timeout=10)
        killed.append(pid)

    info = asyncio.run(
        _enqueue_and_wait(
            cluster,
            job_id,
            {"path": str(store), "amount": 7, "before": 0.3, "after": 3.0},
            kill_the_worker_after_its_effect,
        )
    )

    (survivor,) = [w.pid for w in cluster.workers if w.pid not in killed]
    assert info.success and info.job_try == 2
    assert info.result == {"applied": False, "pid": survivor}
    assert _query(store, "SELECT job_id, pid FROM attempts") == [
        (job_id, killed[0]),
        (job_id, survivor),
    ]
    assert _query(store, "SELECT job_id FROM applied") == [(job_id,)]
    assert _query(store, "SELECT amount FROM balance") == [(7,)]
