"""The large demo on top of the ordinary one: its platforms, with the commerce modules on."""

from __future__ import annotations

from collections.abc import Callable

from mercato.bootstrap.container import ApplicationContainer
from mercato.bootstrap.demo import PLATFORMS, DemoReport, seed_demo
from mercato.bootstrap.demo_large.run import LargeDemoReport, asyncpg_dsn, generate

__all__ = ["COMMERCE", "seed_large_demo"]

COMMERCE = ("catalog", "inventory", "orders")
"""The optional modules the large demo fills, enabled on both demo platforms."""


async def seed_large_demo(
    c: ApplicationContainer,
    password: str | None,
    scale: float,
    echo: Callable[[str], None] = print,
) -> tuple[DemoReport, LargeDemoReport]:
    """Seed the ordinary demo (once), enable the commerce modules on its platforms, then
    generate the large demo on them (once). PostgreSQL only: ``ValueError`` otherwise."""
    url = c.settings().database_url
    asyncpg_dsn(url)  # refuse SQLite before writing anything
    missing = [code for code in COMMERCE if code not in c.registry()]
    if missing:
        raise ValueError(f"the large demo needs the modules {', '.join(missing)} installed")
    demo = await seed_demo(c, password, days=0)  # the large data brings the orders
    platform_ids = []
    for code, *_ in PLATFORMS:
        platform = await c.components().container("tenancy").platforms().get(code)
        assert platform is not None, code
        platform_ids.append(platform.id)
        for module in COMMERCE:
            await c.enablement().enable(platform.id, module)
    return demo, await generate(url, platform_ids, scale, echo)
