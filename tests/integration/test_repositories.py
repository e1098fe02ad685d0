"""Tenancy's repositories and the kernel's enablement store against SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import pytest
from sqlalchemy import insert

from mercato.adapters.db.engine import create_engine, create_session_factory
from mercato.adapters.tenancy.repositories import (
    SqlAlchemyEnablementStore,
    SqlAlchemyMenuConfiguration,
    SqlAlchemyPlatformRepository,
)
from mercato.adapters.tenancy.tables import menu_configs
from mercato.domain.tenancy.model import PlatformCodeTaken
from mercato.ports.pagination import PageRequest

pytestmark = pytest.mark.integration
T = TypeVar("T")


def _with_sessions(url: str, work: Callable[..., Awaitable[T]]) -> T:
    async def go() -> T:
        engine = create_engine(url)
        try:
            return await work(create_session_factory(engine))
        finally:
            await engine.dispose()

    return asyncio.run(go())


def test_platforms_are_found_by_code_and_domain_and_paged(migrated_url: str) -> None:
    async def work(sessions) -> None:  # type: ignore[no-untyped-def]
        repo = SqlAlchemyPlatformRepository(sessions)
        north = await repo.add("north", "North Market", ["north.example", "n.example"])
        for i in range(5):
            await repo.add(f"p{i}", f"Platform {i}", [])
        assert (await repo.by_code("north")) == north
        assert (await repo.by_domain("n.example")).code == "north"  # type: ignore[union-attr]
        assert await repo.by_domain("nowhere.example") is None
        page = await repo.page(PageRequest(page=2, size=2))
        assert page.total == 6 and page.pages == 3
        assert [p.code for p in page.items] == ["p1", "p2"]  # north, p0 | p1, p2 | p3, p4
        found = await repo.page(PageRequest(search="NORTH"))
        assert [p.code for p in found.items] == ["north"]
        assert found.items[0].domains == ("n.example", "north.example")

    _with_sessions(migrated_url, work)


def test_a_duplicate_code_or_domain_is_refused_and_nothing_is_half_written(
    migrated_url: str,
) -> None:
    async def work(sessions) -> None:  # type: ignore[no-untyped-def]
        repo = SqlAlchemyPlatformRepository(sessions)
        await repo.add("north", "North", ["north.example"])
        with pytest.raises(PlatformCodeTaken):
            await repo.add("north", "Again", [])
        with pytest.raises(PlatformCodeTaken):
            await repo.add("south", "South", ["north.example"])
        assert await repo.by_code("south") is None
        assert [p.code for p in await repo.all()] == ["north"]

    _with_sessions(migrated_url, work)


def test_enablement_persists_and_is_seen_through_another_engine(migrated_url: str) -> None:
    async def enable(sessions) -> int:  # type: ignore[no-untyped-def]
        pid = (await SqlAlchemyPlatformRepository(sessions).add("north", "North", [])).id
        store = SqlAlchemyEnablementStore(sessions)
        await store.change(pid, frozenset({"catalog", "orders"}), frozenset())
        await store.change(pid, frozenset({"catalog"}), frozenset())  # idempotent
        await store.change(pid, frozenset(), frozenset({"orders"}))
        return pid

    pid = _with_sessions(migrated_url, enable)

    async def read(sessions) -> tuple[frozenset[str], frozenset[str]]:  # type: ignore[no-untyped-def]
        store = SqlAlchemyEnablementStore(sessions)
        return await store.enabled_on(pid), await store.enabled_anywhere()

    assert _with_sessions(migrated_url, read) == (frozenset({"catalog"}), frozenset({"catalog"}))


def test_menu_configuration_reports_hidden_items_per_platform_and_frontend(
    migrated_url: str,
) -> None:
    async def work(sessions) -> None:  # type: ignore[no-untyped-def]
        pid = (await SqlAlchemyPlatformRepository(sessions).add("north", "North", [])).id
        async with sessions() as s:
            await s.execute(
                insert(menu_configs),
                [
                    {
                        "platform_id": pid,
                        "frontend": "admin",
                        "item_id": "platforms",
                        "hidden": True,
                    },
                    {
                        "platform_id": pid,
                        "frontend": "admin",
                        "item_id": "modules",
                        "hidden": False,
                    },
                    {"platform_id": pid, "frontend": "vendor", "item_id": "x", "hidden": True},
                ],
            )
            await s.commit()
        config = SqlAlchemyMenuConfiguration(sessions)
        assert await config.hidden_items(pid, "admin") == frozenset({"platforms"})
        assert await config.hidden_items(pid, "vendor") == frozenset({"x"})

    _with_sessions(migrated_url, work)


def test_two_processes_enabling_the_same_module_at_once_both_succeed(migrated_url: str) -> None:
    async def setup(sessions) -> int:  # type: ignore[no-untyped-def]
        return (await SqlAlchemyPlatformRepository(sessions).add("north", "North", [])).id

    pid = _with_sessions(migrated_url, setup)

    async def race() -> frozenset[str]:
        engines = [create_engine(migrated_url) for _ in range(4)]
        stores = [SqlAlchemyEnablementStore(create_session_factory(e)) for e in engines]
        try:
            await asyncio.gather(
                *(s.change(pid, frozenset({"catalog", "orders"}), frozenset()) for s in stores * 2)
            )
            return await stores[0].enabled_on(pid)
        finally:
            for e in engines:
                await e.dispose()

    assert asyncio.run(race()) == frozenset({"catalog", "orders"})
