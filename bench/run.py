"""Orchestration: prepare databases, run every section, print the table, write the JSON."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from bench.dashboard import measure_aggregation, measure_requests
from bench.examples import ExampleModules, example_modules
from bench.fixtures import (
    PostgresUnavailable,
    PreparedDatabase,
    prepare_database,
    provider_connections,
    temporary_postgres_database,
)
from bench.large import large_section
from bench.report import render
from bench.startup import measure_startup
from bench.stats import timer_overhead_ms

__all__ = ["main"]

_ROOT = Path(__file__).resolve().parent.parent
OUTPUT = _ROOT / "var" / "bench" / "latest.json"
_DEFAULT_N = 500
_DEFAULT_STARTUP_RUNS = 5


def _flag_env(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{name} must be 1 or 0, not {raw!r}")


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    value = int(raw)
    if value < 1:
        raise ValueError(f"{name} must be at least 1, not {value}")
    return value


def main() -> int:
    """Run the benchmarks; print the table and write ``var/bench/latest.json``."""
    started = time.perf_counter()
    n = _int_env("MERCATO_BENCH_N", _DEFAULT_N)
    runs = _int_env("MERCATO_BENCH_STARTUP_RUNS", _DEFAULT_STARTUP_RUNS)
    warmup = max(10, n // 10)
    with_example = _flag_env("MERCATO_BENCH_EXAMPLE", True)
    results: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": _machine(),
        "settings": {
            "n": n,
            "warmup": warmup,
            "startup_runs": runs,
            "provider_connections": provider_connections(),
        },
        "timer_overhead_ms": timer_overhead_ms(),
    }
    with (
        tempfile.TemporaryDirectory(prefix="mercato-bench-") as tmp,
        example_modules(Path(tmp) / "site", with_example) as examples,
    ):
        results["example_module"] = examples.as_dict()
        everything = _prepare(f"sqlite:///{tmp}/all.db", examples, everything=True)
        core_only = _prepare(f"sqlite:///{tmp}/core.db", examples, everything=False)
        results["sqlite"] = asyncio.run(_dashboard_section(everything, core_only, n, warmup))
        results["startup"] = measure_startup({"all": everything, "core": core_only}, runs)
        results["postgresql"] = _postgres_section(examples, n, warmup)
    results["large"] = large_section(n, warmup)
    results["elapsed_seconds"] = time.perf_counter() - started
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(results, indent=2) + "\n")
    print(render(results, OUTPUT.relative_to(_ROOT)))
    return 0


def _prepare(url: str, examples: ExampleModules, everything: bool) -> PreparedDatabase:
    """The "all" variant: every module, the example included, enabled. "core": core only."""
    if everything:
        registry, path = examples.registry_all(), examples.python_path
    else:
        registry, path = examples.registry_core(), ()
    return prepare_database(url, registry, enable_optional=everything, python_path=path)


async def _dashboard_section(
    everything: PreparedDatabase, core_only: PreparedDatabase, n: int, warmup: int
) -> dict[str, Any]:
    return {
        "requests": await measure_requests(everything, n, warmup),
        "aggregation": await measure_aggregation(everything, n, warmup),
        "aggregation_core_only": await measure_aggregation(core_only, n, warmup),
    }


def _postgres_section(examples: ExampleModules, n: int, warmup: int) -> dict[str, Any]:
    server = os.environ.get("MERCATO_BENCH_DATABASE_URL", "").strip()
    if not server:
        return {"skipped": "MERCATO_BENCH_DATABASE_URL is not set"}
    try:
        with temporary_postgres_database(server) as url:
            db = _prepare(url, examples, everything=True)
            return {
                "server": make_url(server).render_as_string(hide_password=True),
                "requests": asyncio.run(measure_requests(db, n, warmup)),
            }
    except PostgresUnavailable as exc:
        return {"skipped": f"PostgreSQL unavailable: {exc}"}


def _machine() -> dict[str, Any]:
    return {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
    }
