"""Section 4: commerce at scale. The large demo in its own database, made once and reused.

The database ``mercato_bench_large`` on the server of ``MERCATO_BENCH_DATABASE_URL`` holds
``mercato demo --size large`` at ``MERCATO_BENCH_LARGE_SCALE`` (default 1). Its comment is
a marker naming the generator's version, the scale and the migrations it was made with; a
run whose marker differs (or ``MERCATO_BENCH_LARGE_REGENERATE=1``) drops and remakes it,
any other run reuses it. ``MERCATO_BENCH_LARGE=0`` skips the section.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import time
from typing import Any

from sqlalchemy.engine import make_url

from bench.fixtures import bench_settings
from bench.large_measure import measure_large
from mercato.adapters.db.migrations import upgrade
from mercato.bootstrap.container import create_container
from mercato.bootstrap.demo_large.seed import seed_large_demo
from mercato.bootstrap.library import close_container
from mercato.bootstrap.migrations import migration_folders
from mercato.domain.kernel.registry import ModuleRegistry

__all__ = ["DATABASE", "GENERATOR_VERSION", "large_section"]

DATABASE = "mercato_bench_large"
GENERATOR_VERSION = 1
"""Raise it whenever the generator writes different rows: the cached database is remade."""
_PASSWORD = "mercato-bench-large-password"


def builtin_registry() -> ModuleRegistry:
    """The modules shipped with Mercato (no entry points: the example module stays out)."""
    return ModuleRegistry.discover(("mercato.domain",), None)


def _marker(scale: float, registry: ModuleRegistry) -> str:
    files = sorted(
        f"{code}/{path.name}"
        for code, folder in migration_folders(registry)
        for path in folder.glob("*.py")
    )
    schema = hashlib.sha256("\n".join(files).encode()).hexdigest()[:16]
    return f"mercato-bench-large v{GENERATOR_VERSION} scale={scale:g} schema={schema}"


def large_section(n: int, warmup: int) -> dict[str, Any]:
    """Make or reuse the large database, then measure it (or say why it was skipped)."""
    server = os.environ.get("MERCATO_BENCH_DATABASE_URL", "").strip()
    if not server:
        return {"skipped": "MERCATO_BENCH_DATABASE_URL is not set"}
    if os.environ.get("MERCATO_BENCH_LARGE", "1").strip() in ("0", "false", "no", "off"):
        return {"skipped": "MERCATO_BENCH_LARGE=0"}
    scale = float(os.environ.get("MERCATO_BENCH_LARGE_SCALE", "").strip() or 1.0)
    registry = builtin_registry()
    url = make_url(server).set(database=DATABASE).render_as_string(hide_password=False)
    marker = _marker(scale, registry)
    try:
        generation = _ensure(server, url, scale, marker, registry)
    except OSError as exc:
        return {"skipped": f"PostgreSQL unavailable: {type(exc).__name__}: {exc}"}
    measured = asyncio.run(measure_large(url, registry, n, warmup))
    return {"database": DATABASE, "marker": marker, "generation": generation, **measured}


def _ensure(
    server: str, url: str, scale: float, marker: str, registry: ModuleRegistry
) -> dict[str, Any]:
    regenerate = os.environ.get("MERCATO_BENCH_LARGE_REGENERATE", "").strip() == "1"
    found = asyncio.run(
        _server(
            server,
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1",
            DATABASE,
        )
    )
    if found == marker and not regenerate:
        return {"reused": True}
    print(f"4. generating the large dataset in {DATABASE} ({marker}); this takes minutes")
    started = time.perf_counter()
    asyncio.run(_server(server, f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
    asyncio.run(_server(server, f'CREATE DATABASE "{DATABASE}"'))
    upgrade(url, [folder for _, folder in migration_folders(registry)])
    report = asyncio.run(_seed(url, registry, scale))
    asyncio.run(_server(server, f"COMMENT ON DATABASE \"{DATABASE}\" IS '{marker}'"))
    return {
        "reused": False,
        "seconds": time.perf_counter() - started,
        "generator_seconds": report.seconds,
        "rows": report.rows,
    }


async def _seed(url: str, registry: ModuleRegistry, scale: float) -> Any:
    container = create_container(bench_settings(url), registry=registry)
    try:
        _, report = await seed_large_demo(container, _PASSWORD, scale, print)
        return report
    finally:
        await close_container(container)


async def _server(server: str, sql: str, *args: object) -> Any:
    import asyncpg  # type: ignore[import-untyped]

    u = make_url(server)
    conn = await asyncpg.connect(
        host=u.host or "127.0.0.1",
        port=u.port or 5432,
        user=u.username or "postgres",
        password=u.password,
        database=u.database or "postgres",
        timeout=5,
    )
    try:
        return await conn.fetchval(sql, *args)
    finally:
        await conn.close()
