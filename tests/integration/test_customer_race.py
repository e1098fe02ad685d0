"""Two orders placed at once by one new customer record one customer, on PostgreSQL.

Two units of work call the published ``CustomerDirectory.find_or_create`` with the same
e-mail in another case, the way orders does while placing an order. A third connection
holds ``customers`` locked against writes while both run: each looks, finds nothing, and
waits on its INSERT; the lock is released only once both wait. Both must then answer the
same customer, and the table must hold one row.
"""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from mercato.adapters.db.migrations import upgrade
from mercato.adapters.db.scope import unit_of_work
from mercato.adapters.db.uow import SqlAlchemyUnitOfWork
from mercato.bootstrap.container import ApplicationContainer
from mercato.bootstrap.library import close_container
from mercato.ports.customers import CustomerDirectory, CustomerRef
from tests.conftest import builtin_folders
from tests.support.app import container_with
from tests.support.services import (
    fresh_postgres_database,
    require_service,
    wait_for_lock_waiters,
)

pytestmark = [pytest.mark.integration, pytest.mark.postgres]


async def _place(c: ApplicationContainer, vendor_id: int, email: str) -> CustomerRef:
    """What orders does: find or record the customer in its own unit of work, then commit."""
    async with unit_of_work(fresh=True):
        directory = c.contracts().any(CustomerDirectory)
        assert directory is not None
        async with SqlAlchemyUnitOfWork(c.sessions()) as uow:
            customer = await directory.find_or_create(vendor_id, email, "Ana")
            await uow.commit()
        return customer


async def _race(url: str) -> tuple[list[CustomerRef], int]:
    c = container_with(url)
    try:
        t = c.components().container("tenancy")
        platform = await t.platforms().create("north", "North", ["north.test"])
        company = await t.companies().create("Race Holdings")
        vendor = await t.vendors().create("race", "Race", company.id, [platform.id])
        blocker = await asyncpg.connect(url)
        try:
            lock = blocker.transaction()
            await lock.start()
            await blocker.execute("LOCK TABLE customers IN EXCLUSIVE MODE")  # reads pass
            orders = [
                asyncio.create_task(_place(c, vendor.id, email))
                for email in ("Ana@Example.com", "ana@EXAMPLE.COM")
            ]
            await wait_for_lock_waiters(blocker, 2)
            await lock.commit()
            found = await asyncio.gather(*orders)
            rows = await blocker.fetchval("SELECT count(*) FROM customers")
        finally:
            await blocker.close()
        return list(found), int(rows)
    finally:
        await close_container(c)


def test_two_concurrent_finds_of_one_new_email_record_one_customer() -> None:
    base = require_service("MERCATO_TEST_DATABASE_URL", "PostgreSQL")
    with fresh_postgres_database(base) as url:
        upgrade(url, builtin_folders())
        (first, second), rows = asyncio.run(_race(url))
    assert first.id == second.id
    assert first.email == second.email == "ana@example.com"
    assert rows == 1
