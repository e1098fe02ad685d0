"""Shared fixtures: database URLs for SQLite and PostgreSQL, migrated; Redis."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from mercato.adapters.db.migrations import migration_folder, upgrade
from tests.support.services import fresh_postgres_database, require_service

BUILTIN_MIGRATIONS = (
    "mercato.adapters.core",
    "mercato.adapters.tenancy",
    "mercato.adapters.inventory",
    "mercato.adapters.customers",
    "mercato.adapters.catalog",
    "mercato.adapters.orders",
)


def builtin_folders() -> list[Path]:
    """The migration folders of the built-in modules."""
    return [f for f in (migration_folder(p) for p in BUILTIN_MIGRATIONS) if f is not None]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'mercato.db'}"
        return
    base = require_service("MERCATO_TEST_DATABASE_URL", "PostgreSQL")
    with fresh_postgres_database(base) as url:
        yield url


@pytest.fixture
def migrated_url(database_url: str) -> str:
    """``database_url`` with every built-in module's migrations applied."""
    upgrade(database_url, builtin_folders())
    return database_url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A migrated SQLite database (for tests that need one backend only)."""
    url = f"sqlite:///{tmp_path / 'mercato.db'}"
    upgrade(url, builtin_folders())
    return url


@pytest.fixture
def redis_url() -> str:
    """The Redis of MERCATO_TEST_REDIS_URL (skipped outside CI when unset)."""
    return require_service("MERCATO_TEST_REDIS_URL", "Redis")


def run(coro):  # type: ignore[no-untyped-def]
    """Run a coroutine from a synchronous test."""
    return asyncio.run(coro)
