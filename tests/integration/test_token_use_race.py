"""A token's use is recorded at most once a minute, also when requests race, on PostgreSQL.

Two requests with the same never-used token run at once. A third connection holds
``api_tokens`` locked against writes while both run: each reads the token (never used),
decides to record the use, and waits on the database; the lock is released only once both
are waiting. The conditional UPDATE lets exactly one of them write; a trigger made by the
test counts the writes the database really made.
"""

from __future__ import annotations

import asyncio
import logging

import asyncpg
import pytest
from bench.asgi import AsgiClient

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

COUNT_WRITES = """
CREATE TABLE token_writes (token_id integer NOT NULL);
CREATE FUNCTION count_token_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO token_writes VALUES (NEW.id); RETURN NULL; END $$;
CREATE TRIGGER count_token_write AFTER UPDATE OF last_used_at ON api_tokens
FOR EACH ROW EXECUTE FUNCTION count_token_write();
"""


async def _race(url: str, token: str) -> tuple[list[bytes], int]:
    app = create_app(container=container_with(url))
    client = AsgiClient(app, "north.test", (b"authorization", f"Bearer {token}".encode()))
    async with app.lifespan():
        logging.getLogger("mercato").setLevel(logging.WARNING)
        blocker = await asyncpg.connect(url)
        try:
            await blocker.execute(COUNT_WRITES)
            lock = blocker.transaction()
            await lock.start()
            await blocker.execute("LOCK TABLE api_tokens IN EXCLUSIVE MODE")  # reads pass
            requests = [asyncio.create_task(client.get("/api/v1/admin/vendors")) for _ in "ab"]
            await wait_for_lock_waiters(blocker, 2)
            await lock.commit()
            answers = await asyncio.gather(*requests)
            writes = await blocker.fetchval("SELECT count(*) FROM token_writes")
        finally:
            await blocker.close()
    return answers, int(writes)


def test_two_racing_requests_record_one_use_of_their_token() -> None:
    base = require_service("MERCATO_TEST_DATABASE_URL", "PostgreSQL")
    with fresh_postgres_database(base) as url:
        upgrade(url, builtin_folders())
        world = build_world(url, enable={})
        answers, writes = asyncio.run(_race(url, world.tokens["admin@north"]))
    assert len(answers) == 2  # both answered 200 (AsgiClient raises otherwise)
    assert writes == 1
