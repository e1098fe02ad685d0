"""Building a real container and app over a migrated database, with extra test modules."""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import Sequence
from typing import Any

from mercato.bootstrap.container import ApplicationContainer, create_container
from mercato.bootstrap.library import close_container
from mercato.bootstrap.settings import Settings
from mercato.domain.kernel.definition import ModuleDefinition
from mercato.domain.kernel.quarantine import BrokenModule, orphans
from mercato.domain.kernel.registry import ModuleRegistry, discover_definitions

__all__ = ["container_with", "mount_enabled", "registry_with", "seed_platforms"]


def registry_with(
    *extra: ModuleDefinition, quarantined: Sequence[BrokenModule] = ()
) -> ModuleRegistry:
    """The built-in modules plus ``extra`` (entry points ignored), and ``quarantined``; a
    built-in module whose requirement is not installed is set aside, as in production."""
    built_in, orphaned = orphans(discover_definitions(("mercato.domain",), None), [])
    return ModuleRegistry([*built_in, *extra], [*orphaned, *quarantined])


def container_with(
    url: str,
    extra: Sequence[ModuleDefinition] = (),
    quarantined: Sequence[BrokenModule] = (),
    **settings: object,
) -> ApplicationContainer:
    """A container over ``url`` whose registry has the built-in modules and ``extra``, and
    the broken modules ``quarantined``."""
    settings.setdefault("secret_key", "test-secret-key-for-mercato-in-process-0123456789")
    # Real argon2id, with the cheapest parameters: tests hash many passwords.
    settings.setdefault("argon2_time_cost", 1)
    settings.setdefault("argon2_memory_kib", 1024)
    # Never the repository's var/mailbox: a folder of this test run unless the test gives one.
    settings.setdefault("mailbox_dir", f"{tempfile.gettempdir()}/mercato-mailbox-{os.getpid()}")
    s = Settings(database_url=url, discover_entry_points=False, **settings)  # type: ignore[arg-type]
    return create_container(s, registry=registry_with(*extra, quarantined=quarantined))


def seed_platforms(
    url: str,
    *platforms: tuple[str, str, Sequence[str]],
    enable: dict[str, Sequence[str]] | None = None,
) -> dict[str, int]:
    """Create platforms ``(code, name, domains)`` and enable modules per platform code."""

    async def go() -> dict[str, int]:
        from tests.support.flaky.definition import MODULE as FLAKY
        from tests.support.probe.definition import MODULE as PROBE

        c = container_with(url, (PROBE, FLAKY))
        ids = {}
        try:
            service = c.components().container("tenancy").platforms()
            for code, name, domains in platforms:
                ids[code] = (await service.create(code, name, domains)).id
            for code, modules in (enable or {}).items():
                for m in modules:
                    await c.enablement().enable(ids[code], m)
        finally:
            await close_container(c)
        return ids

    return asyncio.run(go())


UNKNOWN_PATH = "/no-route-has-this-path"


def mount_enabled(client: Any) -> None:
    """Make the started app of ``client`` mount every module enabled somewhere.

    Optional modules are mounted when a request first needs them (ADR 0021): a path no
    mounted route matches is such a request, so tests that walk the route table ask for
    one first.
    """
    response = client.get(UNKNOWN_PATH)
    assert response.status_code == 404, response.text
