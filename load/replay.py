"""The hand-written baseline of a load run: the dashboard providers' SQL, replayed bare.

The statements are captured once from the run's own seeded database (the platform north,
as the super admin's dashboard reads it) and pickled for the replay server's workers.
"""

from __future__ import annotations

import asyncio
import pickle
from pathlib import Path

from bench.dashboard import provider_statements

from load.cluster import LOAD_SECRET_KEY, PLATFORM
from mercato.adapters.db.engine import async_url
from mercato.bootstrap.container import create_container
from mercato.bootstrap.library import close_container
from mercato.bootstrap.settings import Settings
from mercato.ports.scope import Scope

__all__ = ["write_replay_file"]


async def _capture(url: str) -> list[tuple[str, object]]:
    container = create_container(Settings(database_url=url, secret_key=LOAD_SECRET_KEY))
    try:
        platform = await container.platform_directory().by_code(PLATFORM)
        if platform is None:
            raise RuntimeError(f"the seeded database has no platform {PLATFORM}")
        return await provider_statements(container, Scope(platform.id, platform.code, None))
    finally:
        await close_container(container)


def write_replay_file(url: str, target: Path) -> int:
    """Capture the providers' statements on ``url`` into ``target``; how many there are."""
    statements = asyncio.run(_capture(url))
    target.write_bytes(pickle.dumps({"url": async_url(url), "statements": statements}))
    return len(statements)
