"""Databases to measure against: migrated, with one platform, optional modules enabled or not."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.engine import make_url

from bench.examples import post_announcements
from mercato.adapters.db.migrations import upgrade
from mercato.bootstrap.container import ApplicationContainer, create_container
from mercato.bootstrap.library import close_container
from mercato.bootstrap.migrations import migration_folders
from mercato.bootstrap.settings import Settings
from mercato.domain.kernel.registry import ModuleRegistry

__all__ = [
    "BENCH_HOST",
    "BENCH_SECRET_KEY",
    "PostgresUnavailable",
    "PreparedDatabase",
    "prepare_database",
    "temporary_postgres_database",
]

BENCH_HOST = "bench.localhost"
# Signs CSRF tokens; given explicitly so that no var/secret.key is read or written.
BENCH_SECRET_KEY = "mercato-bench-secret-key-0123456789abcdef"
_PLATFORM = "bench"
_ADMIN = ("bench-admin@example.com", "bench admin password", "Bench Admin")


@dataclass(frozen=True, slots=True)
class PreparedDatabase:
    """A migrated database with the platform ``bench`` answering on ``bench.localhost``.

    ``registry`` is the set of installed modules this variant sees in this process;
    a subprocess sees the same set when ``python_path`` is on its ``PYTHONPATH``.
    """

    url: str
    platform_id: int
    registry: ModuleRegistry
    python_path: tuple[str, ...]
    enabled: tuple[str, ...]
    migrated: tuple[str, ...]
    announcements: int | None
    """Active announcements posted on the platform (``None``: module not enabled)."""
    token: str
    """A platform API token of a super admin, for ``Authorization: Bearer``."""

    @property
    def installed(self) -> tuple[str, ...]:
        """Codes of every module this variant has installed, in dependency order."""
        return self.registry.order

    @property
    def settings(self) -> Settings:
        """Settings for this database: no Redis (in-process tasks), modules from entry points."""
        return bench_settings(self.url)

    @property
    def authorization(self) -> tuple[bytes, bytes]:
        """The header that authenticates an API request as the bench admin."""
        return (b"authorization", f"Bearer {self.token}".encode())

    def container(self) -> ApplicationContainer:
        """A new application container on this database, with this variant's modules."""
        return create_container(self.settings, registry=self.registry)


def provider_connections() -> int:
    """``MERCATO_BENCH_PROVIDER_CONNECTIONS``, else Mercato's default (ADR 0016)."""
    raw = os.environ.get("MERCATO_BENCH_PROVIDER_CONNECTIONS", "").strip()
    return int(raw) if raw else Settings().provider_connections


def bench_settings(url: str) -> Settings:
    """Settings for a benchmark database: no Redis, the bench's key and provider strategy."""
    return Settings(
        database_url=url,
        secret_key=BENCH_SECRET_KEY,
        provider_connections=provider_connections(),
    )


def prepare_database(
    url: str,
    registry: ModuleRegistry,
    *,
    enable_optional: bool,
    python_path: tuple[str, ...] = (),
) -> PreparedDatabase:
    """Migrate ``url`` (every module of ``registry``), create the platform, enable modules.

    With ``enable_optional`` every optional module of ``registry`` is enabled on the platform
    through ``EnablementService.enable``, and if ``announcements`` is among them two
    announcements are posted; otherwise only the core modules are (always) on. A super
    admin with a token for the platform is created, since the JSON API takes tokens only.
    Must be called outside an event loop: the migrations run their own.
    """
    folders = migration_folders(registry)
    upgrade(url, [folder for _, folder in folders])
    container = create_container(bench_settings(url), registry=registry)
    platform_id, enabled, posted, token = asyncio.run(_seed(container, enable_optional))
    migrated = tuple(code for code, _ in folders)
    return PreparedDatabase(
        url, platform_id, registry, python_path, enabled, migrated, posted, token
    )


async def _seed(
    container: ApplicationContainer, enable_optional: bool
) -> tuple[int, tuple[str, ...], int | None, str]:
    try:
        tenancy = container.components().container("tenancy")
        platforms = tenancy.platforms()
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
        posted = None
        if "announcements" in enabled:
            posted = await post_announcements(container.components(), platform.id)
        admin = await tenancy.identity().create_user(*_ADMIN)
        await tenancy.identity().grant_admin(admin.id, None)
        _, token = await tenancy.tokens().issue(admin.id, "bench", platform_id=platform.id)
        return platform.id, tuple(c for c in registry.order if c in enabled), posted, token
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
