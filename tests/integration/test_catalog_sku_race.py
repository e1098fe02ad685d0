"""Two requests create products with the same SKU at once, on PostgreSQL: the unique
constraint lets one through (201) and the other gets a 409 naming the SKU.

A third connection holds ``catalog_variants`` locked against writes until both requests wait
on it, so that both have checked nothing and written their product rows when the race for
the SKU starts.
"""

from __future__ import annotations

import asyncio
import logging

import asyncpg
import httpx
import pytest

from mercato.adapters.db.migrations import upgrade
from mercato.bootstrap.app import create_app
from tests.conftest import builtin_folders
from tests.support.app import container_with
from tests.support.services import (
    fresh_postgres_database,
    require_service,
    wait_for_lock_waiters,
)
from tests.support.world import build_world

pytestmark = [pytest.mark.integration, pytest.mark.postgres]


def _product(title: str) -> dict[str, object]:
    return {
        "title": title,
        "variants": [{"sku": "RACE-1", "price": {"amount": 100, "currency": "EUR"}}],
    }


async def _race(url: str, token: str) -> tuple[list[httpx.Response], int]:
    app = create_app(container=container_with(url))
    headers = {"authorization": f"Bearer {token}"}
    async with app.lifespan():
        logging.getLogger("mercato").setLevel(logging.WARNING)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://north.test") as c:
            blocker = await asyncpg.connect(url)
            try:
                lock = blocker.transaction()
                await lock.start()
                await blocker.execute("LOCK TABLE catalog_variants IN EXCLUSIVE MODE")
                path = "/api/v1/vendors/acme/products"
                requests = [
                    asyncio.create_task(c.post(path, json=_product(t), headers=headers))
                    for t in ("Red racer", "Blue racer")
                ]
                await wait_for_lock_waiters(blocker, 2)
                await lock.commit()
                answers = await asyncio.gather(*requests)
                stored = await blocker.fetchval(
                    "SELECT count(*) FROM catalog_variants WHERE sku = 'RACE-1'"
                )
            finally:
                await blocker.close()
    return list(answers), int(stored)


def test_two_racing_creates_with_one_sku_give_one_201_and_one_409() -> None:
    base = require_service("MERCATO_TEST_DATABASE_URL", "PostgreSQL")
    with fresh_postgres_database(base) as url:
        upgrade(url, builtin_folders())
        world = build_world(url)
        answers, stored = asyncio.run(_race(url, world.tokens["acme"]))
    assert sorted(a.status_code for a in answers) == [201, 409], [a.text for a in answers]
    refused = next(a for a in answers if a.status_code == 409)
    assert "RACE-1" in refused.json()["detail"] or "racer" in refused.json()["detail"]
    assert stored == 1
