"""Section 2: start-up of the web app, each run in a fresh interpreter."""

from __future__ import annotations

import compileall
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

import mercato
from bench.fixtures import BENCH_HOST, BENCH_SECRET_KEY, PreparedDatabase

__all__ = ["PHASES", "measure_startup"]

PHASES = ("import", "create_and_startup", "first_request")

# Run with ``python -c``. Module counts are len(sys.modules) deltas from just after the
# child's own stdlib imports; times are time.perf_counter deltas.
_CHILD = r"""
import asyncio, json, sys, time
base = len(sys.modules)
t0 = time.perf_counter()
from mercato.bootstrap.app import create_app
from mercato.bootstrap.settings import Settings
t1 = time.perf_counter()
m1 = len(sys.modules)

async def first_request(app, host, token):
    sent = []
    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}
    async def send(message):
        sent.append(message)
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": "/api/v1/admin/dashboard",
        "raw_path": b"/api/v1/admin/dashboard", "root_path": "", "query_string": b"",
        "headers": [(b"host", host.encode()), (b"authorization", f"Bearer {token}".encode())],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80), "state": {},
    }
    await app(scope, receive, send)
    return next(m["status"] for m in sent if m["type"] == "http.response.start")

async def main():
    t2 = time.perf_counter()
    app = create_app(Settings(database_url=sys.argv[1], secret_key=sys.argv[3]))
    async with app.lifespan():
        t3 = time.perf_counter()
        m3 = len(sys.modules)
        names = sorted(sys.modules)
        status = await first_request(app, sys.argv[2], sys.argv[4])
        t4 = time.perf_counter()
        m4 = len(sys.modules)
        out = {
            "seconds": {"import": t1 - t0, "create_and_startup": t3 - t2, "first_request": t4 - t3},
            "new_modules": {"import": m1 - base, "create_and_startup": m3 - m1,
                            "first_request": m4 - m3},
            "mounted": list(app.mounter.mounted),
            "failed": dict(app.mounter.failed),
            "installed": list(app.state["registry"].order),
            "first_request_status": status,
            "module_names": names,
        }
    print("BENCH-RESULT " + json.dumps(out))

asyncio.run(main())
"""


def measure_startup(variants: dict[str, PreparedDatabase], runs: int) -> dict[str, Any]:
    """Median start-up figures of each variant over ``runs`` fresh interpreters.

    The variants are run alternately (a, b, a, b, ...) so that machine drift hits them alike,
    after one discarded run of each that warms the file-system cache. Mercato's sources (and
    the example module's) are byte-compiled first, as an installed wheel is: with
    ``PYTHONDONTWRITEBYTECODE`` set, an editable install would otherwise compile every one of
    its modules at every start.
    """
    _byte_compile(
        [
            Path(mercato.__file__).parent,
            *(p for db in variants.values() for p in map(Path, db.python_path)),
        ]
    )
    for db in variants.values():
        _run_child(db)
    raw: dict[str, list[dict[str, Any]]] = {name: [] for name in variants}
    for _ in range(runs):
        for name, db in variants.items():
            raw[name].append(_run_child(db))
    results = {name: _summarise(runs_of, variants[name]) for name, runs_of in raw.items()}
    names = {name: set(runs_of[-1]["module_names"]) for name, runs_of in raw.items()}
    if len(names) == 2:
        first, second = list(names)
        results[first]["imported_only_here"] = _packages(names[first] - names[second])
        results[second]["imported_only_here"] = _packages(names[second] - names[first])
    return results


def _byte_compile(folders: list[Path]) -> None:
    for folder in folders:
        if not compileall.compile_dir(folder, quiet=1):
            raise RuntimeError(f"could not byte-compile {folder}")


def _run_child(db: PreparedDatabase) -> dict[str, Any]:
    """One fresh interpreter; it discovers modules itself, with ``db.python_path`` added."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MERCATO_")}
    paths = [*db.python_path, *filter(None, [env.get("PYTHONPATH")])]
    if paths:
        env["PYTHONPATH"] = os.pathsep.join(paths)
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, db.url, BENCH_HOST, BENCH_SECRET_KEY, db.token],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    for line in done.stdout.splitlines():
        if line.startswith("BENCH-RESULT "):
            result: dict[str, Any] = json.loads(line.removeprefix("BENCH-RESULT "))
            if result["first_request_status"] != 200:
                raise RuntimeError(
                    f"the start-up child's first dashboard request answered "
                    f"{result['first_request_status']}, so its timing would mean nothing"
                )
            return result
    raise RuntimeError(
        f"the start-up child failed (exit {done.returncode}):\n{done.stderr[-3000:]}"
    )


def _summarise(runs: list[dict[str, Any]], db: PreparedDatabase) -> dict[str, Any]:
    ms = {phase: statistics.median(r["seconds"][phase] for r in runs) * 1e3 for phase in PHASES}
    ms["import_create_and_startup"] = (
        statistics.median(
            (r["seconds"]["import"] + r["seconds"]["create_and_startup"]) for r in runs
        )
        * 1e3
    )
    last = runs[-1]
    return {
        "runs": len(runs),
        "median_ms": ms,
        "new_modules": {
            phase: statistics.median_low(r["new_modules"][phase] for r in runs) for phase in PHASES
        },
        "modules_enabled": list(db.enabled),
        "mounted": last["mounted"],
        "failed_to_mount": last["failed"],
        "installed": last["installed"],
        "first_request_status": last["first_request_status"],
    }


def _packages(module_names: set[str]) -> dict[str, int]:
    """How many of these modules each top-level package contributed."""
    counts: dict[str, int] = {}
    for name in module_names:
        top = name.split(".", 1)[0]
        counts[top] = counts.get(top, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
