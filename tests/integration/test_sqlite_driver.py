"""Two writers on one SQLite file, after a failed statement, do not stall each other.

The garbage collector runs in the event loop's thread. When it collected the cursor of a
failed statement while that cursor's connection waited for the write lock in its own
thread, the loop stopped until the busy timeout passed, and the holder of the lock (whose
commit the loop would have sent) could not let go: the waiting writer failed with
"database is locked" (see ``adapters/db/sqlite_driver.py``).
"""

from __future__ import annotations

import asyncio
import gc
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from mercato.adapters.db.engine import create_engine

pytestmark = pytest.mark.integration

INSERT = text("INSERT INTO claims (key) VALUES (:key)")


def test_a_failed_statement_leaves_nothing_that_stops_the_loop_while_another_writer_waits(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'locks.db'}"

    async def go() -> None:
        first, second = create_engine(url), create_engine(url)
        try:
            async with first.begin() as conn:
                await conn.execute(text("CREATE TABLE claims (key TEXT PRIMARY KEY)"))
                await conn.execute(INSERT, {"key": "taken"})
            async with first.connect() as waiting:
                with pytest.raises(IntegrityError):
                    await waiting.execute(INSERT, {"key": "taken"})
                await waiting.rollback()
                async with second.connect() as holder:
                    await holder.execute(INSERT, {"key": "held"})  # holds the write lock
                    wait = asyncio.create_task(waiting.execute(INSERT, {"key": "next"}))
                    await asyncio.sleep(0.3)  # ``waiting`` is in SQLite's busy wait now
                    gc.collect()  # what the collector may do at any allocation
                    await holder.commit()
                await wait  # the lock was let go: the insert went through
                await waiting.commit()
            async with second.connect() as conn:
                keys = (await conn.execute(text("SELECT key FROM claims ORDER BY key"))).all()
            assert [k for (k,) in keys] == ["held", "next", "taken"]
        finally:
            await first.dispose()
            await second.dispose()

    gc.disable()  # the failed statement's cursor is collected at the moment chosen above
    try:
        asyncio.run(go())
    finally:
        gc.enable()
