"""Mercato as a library: the use cases of the enabled modules, without the web layer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from mercato.bootstrap.container import ApplicationContainer, create_container
from mercato.bootstrap.settings import Settings
from mercato.domain.kernel.errors import KernelError

__all__ = ["Mercato", "ModuleNotEnabled", "open_mercato"]


class ModuleNotEnabled(KernelError):
    """The module is installed but enabled on no platform."""


class Mercato:
    """A handle on one configured Mercato: its container and its enabled modules."""

    def __init__(self, container: ApplicationContainer) -> None:
        self.container = container

    async def module(self, code: str) -> Any:
        """The container of module ``code``; its providers are the module's use cases.

        Raises :class:`ModuleNotEnabled` when the module is enabled on no platform, and
        ``UnknownModule`` when it is not installed.
        """
        self.container.registry().get(code)
        if code not in await self.container.enablement().enabled_anywhere():
            raise ModuleNotEnabled(f"module '{code}' is not enabled on any platform")
        return self.container.components().container(code)

    async def aclose(self) -> None:
        """Close connections."""
        await close_container(self.container)


async def close_container(container: ApplicationContainer) -> None:
    """Wait for the deliveries and tasks started here; dispose the engine, close Redis."""
    await container.event_delivery().drain()
    drain = getattr(container.task_queue(), "drain", None)
    if drain is not None:
        await drain()
    await container.engine().dispose()
    redis = container.redis()
    if redis is not None:
        await redis.aclose()


@asynccontextmanager
async def open_mercato(settings: Settings | None = None) -> AsyncIterator[Mercato]:
    """Configure Mercato from ``settings`` (default: the environment) and close it after."""
    mercato = Mercato(create_container(settings))
    try:
        yield mercato
    finally:
        await mercato.aclose()
