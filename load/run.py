"""Orchestration: a fresh database, the two servers, every target in turn, the report."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import secrets
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from bench.fixtures import PostgresUnavailable, temporary_postgres_database

from load.cluster import ADMIN, OWNER, ROOT, mercato_env, seed, serve, sign_in
from load.drivers import Driver, Measured, pick_driver
from load.replay import write_replay_file
from load.report import render
from load.targets import BARE, BARE_AGAIN, HEALTH, REPLAY, Target, mercato_targets

__all__ = ["main"]

OUTPUT = ROOT / "var" / "load" / "latest.json"
_DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"


def _number_env(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    value = float(raw) if raw else default
    if value <= 0:
        raise ValueError(f"{name} must be positive, not {raw}")
    return value


def main() -> int:
    """Run every target; print the table and write ``var/load/latest.json``."""
    started = time.perf_counter()
    seconds = _number_env("MERCATO_LOAD_SECONDS", 15)
    warmup = _number_env("MERCATO_LOAD_WARMUP_SECONDS", 3)
    workers = int(_number_env("MERCATO_LOAD_WORKERS", 2))
    connections = int(_number_env("MERCATO_LOAD_CONNECTIONS", 16))
    driver = pick_driver(os.environ.get("MERCATO_LOAD_DRIVER", "auto").strip(), connections)
    server = (
        os.environ.get("MERCATO_LOAD_DATABASE_URL")
        or os.environ.get("MERCATO_TEST_DATABASE_URL")
        or _DEFAULT_SERVER
    )
    results: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "settings": {
            "seconds_per_target": seconds,
            "warmup_seconds": warmup,
            "uvicorn_workers": workers,
            "connections": connections,
            "driver": driver.name,
            "database": "PostgreSQL, a fresh database for the run (no Redis)",
        },
    }
    try:
        with (
            tempfile.TemporaryDirectory(prefix="mercato-load-") as tmp,
            temporary_postgres_database(server) as url,
        ):
            results["load_average_before"] = os.getloadavg()
            results["targets"] = _drive(Path(tmp), url, driver, workers, seconds, warmup)
            results["load_average_after"] = os.getloadavg()
    except PostgresUnavailable as exc:
        print(f"make load needs PostgreSQL (MERCATO_LOAD_DATABASE_URL): {exc}", file=sys.stderr)
        return 1
    results["wall_seconds"] = time.perf_counter() - started
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(results, indent=2) + "\n")
    print(render(results))
    print(f"\nwritten to {OUTPUT.relative_to(ROOT)}")
    return 0


def _drive(
    tmp: Path, url: str, driver: Driver, workers: int, seconds: float, warmup: float
) -> list[dict[str, Any]]:
    env = mercato_env(url)
    seeded = seed(env, secrets.token_urlsafe(12))
    mercato_cmd = [sys.executable, "-m", "mercato.bootstrap.cli", "serve", "--port", "{port}"]
    # The bare handler is served exactly as `mercato serve` serves Mercato (same protocol).
    bare_script = (
        "import uvicorn; from mercato.adapters.web.server import NoDelayH11Protocol; "
        "uvicorn.run('bench.asgi:create_bare_app', factory=True, host='127.0.0.1', "
        f"port={{port}}, workers={workers}, log_level='info', http=NoDelayH11Protocol)"
    )
    bare_cmd = [sys.executable, "-c", bare_script]
    replay_file = tmp / "replay.pickle"
    write_replay_file(url, replay_file)
    replay_cmd = [
        sys.executable,
        "-c",
        bare_script.replace("create_bare_app", "create_replay_app_from_env"),
    ]
    with (
        serve(
            "mercato serve",
            [*mercato_cmd, "--workers", str(workers)],
            env,
            "/health",
            tmp / "mercato.log",
        ) as mercato,
        serve("uvicorn (bare)", bare_cmd, env, "/bare", tmp / "bare.log") as bare,
        serve(
            "uvicorn (replay)",
            replay_cmd,
            env | {"MERCATO_REPLAY_FILE": str(replay_file)},
            "/replay",
            tmp / "replay.log",
        ) as replay,
    ):
        admin_cookie = sign_in(mercato, ADMIN, seeded.password)
        owner_cookie = sign_in(mercato, OWNER, seeded.password)
        targets = mercato_targets(
            seeded.admin_token, seeded.owner_token, admin_cookie, owner_cookie
        )
        # The baseline first and last: the ratios use both, so that drift in the machine's
        # load during the run counts against neither side.
        plan = [
            (BARE, bare),
            (HEALTH, mercato),
            (REPLAY, replay),
            *((t, mercato) for t in targets),
            (BARE_AGAIN, bare),
        ]
        rows = []
        for target, base in plan:
            _check(base, target)
            driver.run(base + target.path, target.headers, warmup)
            measured = driver.run(base + target.path, target.headers, seconds)
            _check(base, target)
            print(f"  {target.name}: {measured.rps:,.0f} req/s", file=sys.stderr, flush=True)
            rows.append((target, measured))
    baseline = _mean(rows[0][1], rows[-1][1])
    health = next(m for t, m in rows if t is HEALTH)
    replayed = next(m for t, m in rows if t is REPLAY)
    return [
        {"name": t.name, "path": t.path, "host": t.headers.get("Host", "")}
        | m.as_dict()
        | {
            "vs_bare": _ratios(m, baseline),
            "vs_health": _ratios(m, health),
            "vs_replay": _ratios(m, replayed),
        }
        for t, m in rows
    ]


def _check(base: str, target: Target) -> None:
    """One request before and after the run: a target answering anything but 200 with the
    expected body (a redirect to the sign-in form, say) would measure nothing."""
    r = httpx.get(base + target.path, headers=target.headers, timeout=30)
    body = r.text.replace(": ", ":").replace(", ", ",")
    if r.status_code != 200 or target.expect not in body:
        raise RuntimeError(f"GET {target.path} answered {r.status_code}: {r.text[:300]}")


def _mean(a: Measured, b: Measured) -> Measured:
    return Measured(
        a.requests + b.requests,
        a.seconds + b.seconds,
        (a.rps + b.rps) / 2,
        (a.mean_ms + b.mean_ms) / 2,
        (a.p50_ms + b.p50_ms) / 2,
        (a.p99_ms + b.p99_ms) / 2,
        a.errors + b.errors,
    )


def _ratios(m: Measured, bare: Measured) -> dict[str, float | None]:
    """This target's throughput and latency over the bare handler's (mean of its two runs)."""
    return {
        "rps": m.rps / bare.rps if bare.rps else None,
        "p50": m.p50_ms / bare.p50_ms if bare.p50_ms else None,
        "p99": m.p99_ms / bare.p99_ms if bare.p99_ms else None,
    }
