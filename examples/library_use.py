"""Mercato as a library: create a platform and read its dashboard, with no web layer.

Run it with the project's interpreter:

    .venv/bin/python examples/library_use.py sqlite:///var/library-example.db
"""

from __future__ import annotations

import asyncio
import sys

from mercato.bootstrap import Settings, open_mercato
from mercato.bootstrap.migrations import upgrade_all
from mercato.ports.scope import Scope


async def main(settings: Settings) -> None:
    async with open_mercato(settings) as mercato:
        tenancy = await mercato.module("tenancy")
        platforms = tenancy.platforms()
        platform = await platforms.get("library-demo")
        if platform is None:
            platform = await platforms.create("library-demo", "Library Demo", ["lib.example"])
        print(f"platform: {platform.code} (id {platform.id})")

        core = await mercato.module("core")
        board = await core.dashboard().dashboard(Scope(platform.id, platform.code))
        for slot in board.metrics:
            for metric in slot.items:
                print(f"metric: {metric.key} = {metric.value}")

        enabled = await mercato.container.enablement().enabled_on(platform.id)
        print(f"enabled modules: {', '.join(sorted(enabled))}")


if __name__ == "__main__":
    url = sys.argv[1] if len(sys.argv) > 1 else "sqlite:///var/library-example.db"
    settings = Settings.from_env(database_url=url)
    upgrade_all(settings)  # synchronous: run it before the event loop starts
    asyncio.run(main(settings))
