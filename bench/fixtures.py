"""Databases to measure against: migrated, with one platform, optional modules enabled or not."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.engine import make_url

from bootstrap.container import create_container
from bootstrap.library import close_container
from bootstrap.migrations import upgrade_all
from bootstrap.settings import Settings

__all__ = [
    "BENCH_HOST",
    "PostgresUnavailable",
    "PreparedDatabase",
    "prepare_database",
    "temporary_postgres_database",
]

BENCH_HOST = "bench.localhost"
_PLATFORM = "bench"


@dataclass(frozen=True, slots=True)
class PreparedDatabase:
    """A migrated database with the platform ``bench`` answering on ``bench.localhost``."""

    url: str
    platform_id: int
    installed: tuple[str, ...]
    enabled: tuple[str, ...]
    migrated: tuple[str, ...]

    @property
    def settings(self) -> Settings:
        """Settings for this database: no Redis (in-process tasks), modules from entry points."""
        return Settings(database_url=self.url)


def prepare_database(url: str, enable_optional: bool) -> PreparedDatabase:
    """Migrate ``url`` (every installed module), create the platform, and enable modules.

    With ``enable_optional`` every installed optional module is enabled on the platform
    through ``EnablementService.enable``; otherwise only the core modules are (always) on.
    Must be called outside an event loop: the migrations run their own.
    """
    settings = Settings(database_url=url)
    migrated = upgrade_all(settings)
    platform_id, installed, enabled = asyncio.run(_seed(settings, enable_optional))
    return PreparedDatabase(url, platform_id, installed, enabled, tuple(migrated))


async def _seed(
    settings: Settings, enable_optional: bool
) -> tuple[int, tuple[str, ...], tuple[str, ...]]:
    container = create_container(settings)
    try:
        platforms = container.components().container("tenancy").platforms()
        platform = await platforms.get(_PLATFORM)
        if platform is None:
            platform = await platforms.create(_PLATFORM, "Benchmark Market", [BENCH_HOST])
        registry = container.registry()
        enablement = container.enablement()
        if enable_optional:
            for definition in registry:
                if not definition.is_core:
                    await enablement.enable(platform.id, definition.code)
        enabled = await enablement.enabled_on(platform.id)
        installed = registry.order
        return platform.id, installed, tuple(c for c in installed if c in enabled)
    finally:
        await close_container(container)


class PostgresUnavailable(RuntimeError):
    """The PostgreSQL server could not be reached or refused to create a database."""


@contextmanager
def temporary_postgres_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the PostgreSQL server of ``server_url``; dropped afterwards.

    The database named in ``server_url`` is only used to connect; nothing is written to it.
    Raises :class:`PostgresUnavailable` when the database cannot be created.
    """
    import asyncpg  # type: ignore[import-untyped]

    name = f"mercato_bench_{uuid.uuid4().hex[:12]}"
    try:
        asyncio.run(_admin(server_url, f'CREATE DATABASE "{name}"'))
    except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
        where = make_url(server_url).render_as_string(hide_password=True)
        raise PostgresUnavailable(f"{where}: {type(exc).__name__}: {exc}") from exc
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(_admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


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
