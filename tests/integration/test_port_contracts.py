"""One contract, run against the fake and the real adapter: the fakes behave like the real ones."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest

from mercato.adapters.db.engine import create_engine, create_session_factory
from mercato.adapters.tenancy.repositories import (
    SqlAlchemyEnablementStore,
    SqlAlchemyPlatformRepository,
)
from mercato.domain.kernel.enablement import FakeEnablementStore
from mercato.domain.tenancy.services import PlatformDirectoryService
from mercato.ports.platforms import FakePlatformDirectory, PlatformRef

pytestmark = pytest.mark.integration

Contract = Callable[[Any, list[int]], Awaitable[None]]


@asynccontextmanager
async def _real(url: str) -> AsyncIterator[tuple[Any, Any, list[int]]]:
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    try:
        repo = SqlAlchemyPlatformRepository(sessions)
        ids = [
            (await repo.add("north", "North", ["north.example"])).id,
            (await repo.add("south", "South", [])).id,
        ]
        yield SqlAlchemyEnablementStore(sessions), PlatformDirectoryService(repo), ids
    finally:
        await engine.dispose()


@asynccontextmanager
async def _fake(url: str) -> AsyncIterator[tuple[Any, Any, list[int]]]:
    directory = FakePlatformDirectory(
        [PlatformRef(1, "north", "North", ("north.example",)), PlatformRef(2, "south", "South")]
    )
    yield FakeEnablementStore(), directory, [1, 2]


async def _enablement_contract(store: Any, ids: list[int]) -> None:
    north, south = ids
    assert await store.enabled_on(north) == frozenset()
    await store.change(north, frozenset({"catalog", "orders"}), frozenset())
    await store.change(north, frozenset({"catalog"}), frozenset())
    await store.change(south, frozenset({"catalog"}), frozenset())
    await store.change(north, frozenset(), frozenset({"orders", "never-enabled"}))
    assert await store.enabled_on(north) == frozenset({"catalog"})
    assert await store.enabled_anywhere() == frozenset({"catalog"})
    await store.change(south, frozenset({"billing"}), frozenset({"catalog"}))
    assert await store.enabled_on(south) == frozenset({"billing"})
    assert await store.enabled_anywhere() == frozenset({"catalog", "billing"})


async def _directory_contract(directory: Any, ids: list[int]) -> None:
    assert [p.code for p in await directory.all()] == ["north", "south"]
    north = await directory.by_code("north")
    assert north is not None and north.id == ids[0] and north.domains == ("north.example",)
    assert (await directory.by_host("north.example")) == north
    assert await directory.by_host("elsewhere.example") is None
    assert await directory.by_code("west") is None


@pytest.mark.parametrize("make", [_fake, _real], ids=["fake", "sqlalchemy"])
def test_enablement_store_contract(make: Any, migrated_url: str) -> None:
    async def go() -> None:
        async with make(migrated_url) as (store, _, ids):
            await _enablement_contract(store, ids)

    asyncio.run(go())


@pytest.mark.parametrize("make", [_fake, _real], ids=["fake", "sqlalchemy"])
def test_platform_directory_contract(make: Any, migrated_url: str) -> None:
    async def go() -> None:
        async with make(migrated_url) as (_, directory, ids):
            await _directory_contract(directory, ids)

    asyncio.run(go())
