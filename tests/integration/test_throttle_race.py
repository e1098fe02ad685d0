"""A throttle's limit holds when many sign-in attempts race, on PostgreSQL.

Twelve attempts at one account from one address start at once while a third connection
holds ``login_attempts`` locked (reads go on, writes wait): each has checked nothing yet or
counted before any other committed. Once all of them wait, the lock is let go. Exactly the
pair's limit of them may be let through to the password check; the others are refused.
"""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from mercato.adapters.db.migrations import upgrade
from mercato.adapters.system import SystemClock
from mercato.adapters.tenancy.repositories_credentials import SqlAlchemyAttemptLog
from mercato.bootstrap.library import close_container
from mercato.domain.tenancy.throttle import LOGIN_POLICY, Throttle
from mercato.ports.errors import RateLimited
from tests.conftest import builtin_folders
from tests.support.app import container_with
from tests.support.services import fresh_postgres_database, require_service, wait_for_lock_waiters

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

ATTEMPTS = 12


async def _race(url: str) -> list[object]:
    c = container_with(url)
    try:
        log = SqlAlchemyAttemptLog(c.sessions())
        throttles = [Throttle(log, SystemClock(), LOGIN_POLICY) for _ in range(ATTEMPTS)]
        blocker = await asyncpg.connect(url)
        try:
            lock = blocker.transaction()
            await lock.start()
            await blocker.execute("LOCK TABLE login_attempts IN EXCLUSIVE MODE")
            tries = [
                asyncio.ensure_future(t.admit("ada@example.com", "10.0.0.1")) for t in throttles
            ]
            await wait_for_lock_waiters(blocker, ATTEMPTS)
            await lock.commit()
            return await asyncio.gather(*tries, return_exceptions=True)
        finally:
            await blocker.close()
    finally:
        await close_container(c)


def test_racing_attempts_let_through_no_more_than_the_pairs_limit() -> None:
    base = require_service("MERCATO_TEST_DATABASE_URL", "PostgreSQL")
    with fresh_postgres_database(base) as url:
        upgrade(url, builtin_folders())
        results = asyncio.run(_race(url))
    admitted = [r for r in results if isinstance(r, tuple)]
    refused = [r for r in results if isinstance(r, RateLimited)]
    assert len(admitted) == LOGIN_POLICY.per_pair, results
    assert len(refused) == ATTEMPTS - LOGIN_POLICY.per_pair, results
