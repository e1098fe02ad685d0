"""Platforms and their menu configuration, as the core sees them (implemented by tenancy)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

__all__ = [
    "FakePlatformDirectory",
    "MenuConfiguration",
    "NullMenuConfiguration",
    "PlatformDirectory",
    "PlatformRef",
    "VendorDirectory",
    "VendorRef",
]


@dataclass(frozen=True, slots=True)
class PlatformRef:
    """A platform: its id, code, display name and the host names it answers on."""

    id: int
    code: str
    name: str
    domains: tuple[str, ...] = ()


@runtime_checkable
class PlatformDirectory(Protocol):
    """Finds platforms."""

    async def by_code(self, code: str) -> PlatformRef | None:
        """Return the platform with this code, or ``None``."""
        ...

    async def by_host(self, host: str) -> PlatformRef | None:
        """Return the platform that answers on ``host`` (no port, lower case), or ``None``."""
        ...

    async def all(self) -> Sequence[PlatformRef]:
        """Return every platform, ordered by code."""
        ...


@dataclass(frozen=True, slots=True)
class VendorRef:
    """A vendor as seen on one platform: its id, slug, name and status there."""

    id: int
    slug: str
    name: str
    status: str


@runtime_checkable
class VendorDirectory(Protocol):
    """Finds the vendors of a platform."""

    async def on_platform(self, slug: str, platform_id: int) -> VendorRef | None:
        """The vendor ``slug`` if it has joined the platform (any status), else ``None``."""
        ...


@runtime_checkable
class MenuConfiguration(Protocol):
    """Per-platform menu configuration: which menu items are hidden."""

    async def hidden_items(self, platform_id: int, frontend: str) -> frozenset[str]:
        """Return the ids of the menu items hidden on this platform and frontend."""
        ...


class NullMenuConfiguration:
    """Nothing is hidden."""

    async def hidden_items(self, platform_id: int, frontend: str) -> frozenset[str]:
        """Return no hidden items."""
        return frozenset()


@dataclass
class FakePlatformDirectory:
    """An in-memory directory of platforms."""

    platforms: list[PlatformRef] = field(default_factory=list)

    async def by_code(self, code: str) -> PlatformRef | None:
        """Find by code."""
        return next((p for p in self.platforms if p.code == code), None)

    async def by_host(self, host: str) -> PlatformRef | None:
        """Find by host."""
        return next((p for p in self.platforms if host in p.domains), None)

    async def all(self) -> Sequence[PlatformRef]:
        """Every platform by code."""
        return sorted(self.platforms, key=lambda p: p.code)
