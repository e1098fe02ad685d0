"""Tenancy's configuration served from memory, kept while ``config_version`` holds still.

Platforms by host, enabled modules, menu configuration, vendors on a platform, custom roles
and storefront hosts are read on every request and change rarely. Each process keeps what
it read in a :class:`ConfigCache`; a trigger on every cached table bumps the one row of
``config_version`` (migration ``tenancy_0004``), and every unit of work reads that row once
before it trusts the cache: joined into the statement that authenticates the request
(:meth:`ConfigCache.observe`), or on its own for an anonymous request
(:meth:`ConfigCache.ensure_fresh`). A change made by any process is thus seen by the next
request of every process (ADR 0017).

Writes made through this process's engine to a cached table also empty the cache at once, so
a request sees its own changes before it commits them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Any, Protocol, TypeVar, cast

from sqlalchemy import ScalarSelect, event, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from mercato.adapters.db.scope import active_unit
from mercato.adapters.tenancy.tables import config_version
from mercato.domain.kernel.enablement import EnablementStore
from mercato.domain.tenancy.model import Role
from mercato.domain.tenancy.repository import RoleLookup
from mercato.domain.tenancy.storefront import StorefrontResolver, StorefrontSite
from mercato.ports.platforms import (
    MenuConfiguration,
    PlatformDirectory,
    PlatformRef,
    VendorDirectory,
    VendorRef,
)

__all__ = [
    "CACHED_TABLES",
    "CachedEnablementStore",
    "CachedMenuConfiguration",
    "CachedPlatformDirectory",
    "CachedRoles",
    "CachedStorefronts",
    "CachedVendorDirectory",
    "ConfigCache",
    "version_column",
]

CACHED_TABLES = (
    "platforms",
    "platform_domains",
    "platform_modules",
    "menu_configs",
    "vendors",
    "vendor_platforms",
    "vendor_domains",
    "vendor_roles",
)
"""The tables web processes keep in memory: a write to any of them bumps ``config_version``."""

T = TypeVar("T")
_MISSING = object()
_TRACKED = frozenset(CACHED_TABLES)


def _checked() -> set[int] | None:
    """The caches the running unit of work has checked, or ``None`` outside any unit."""
    unit = active_unit()
    return None if unit is None else unit.checked


def version_column() -> ScalarSelect[int]:
    """``config_version`` as a scalar subquery, to join into a request's first statement."""
    return select(config_version.c.version).where(config_version.c.id == 1).scalar_subquery()


class ConfigCache:
    """Values loaded under one ``config_version``; all dropped when it moves.

    ``max_entries`` bounds memory against hosts nobody serves (every unknown ``Host`` header
    is an entry): past it, everything is dropped and reloaded as asked.
    """

    def __init__(
        self,
        engine: AsyncEngine,
        sessions: async_sessionmaker[AsyncSession],
        max_entries: int = 10_000,
    ) -> None:
        self._sessions = sessions
        self._max = max_entries
        self._entries: dict[tuple[str, Hashable], object] = {}
        self.version: int | None = None
        event.listen(engine.sync_engine, "after_cursor_execute", self._after_statement)

    def _after_statement(self, *args: Any) -> None:
        context = args[4]
        if context is None or not (context.isinsert or context.isupdate or context.isdelete):
            return
        table = getattr(getattr(context.compiled, "statement", None), "table", None)
        if getattr(table, "name", None) in _TRACKED:
            self.invalidate()

    def invalidate(self) -> None:
        """Forget everything; the next read checks the version again."""
        self._entries.clear()
        self.version = None
        checked = _checked()
        if checked is not None:
            checked.discard(id(self))

    def observe(self, version: int | None) -> None:
        """The version read by this unit of work's first statement; ``None`` when it had no
        answer (nothing is trusted then)."""
        if version is None:
            return
        if version != self.version:
            self._entries.clear()
            self.version = version
        checked = _checked()
        if checked is not None:
            checked.add(id(self))

    async def ensure_fresh(self) -> None:
        """Read the version unless this unit of work already has."""
        checked = _checked()
        if checked is not None and id(self) in checked and self.version is not None:
            return
        async with self._sessions() as s:
            version = (await s.execute(select(version_column()))).scalar_one()
        self.observe(int(version))

    async def get(self, namespace: str, key: Hashable, load: Callable[[], Awaitable[T]]) -> T:
        """The cached value of ``(namespace, key)``, loaded with ``load()`` when missing.

        A value loaded while another coroutine saw the version move is returned but not kept.
        """
        await self.ensure_fresh()
        found = self._entries.get((namespace, key), _MISSING)
        if found is not _MISSING:
            return cast(T, found)
        version = self.version
        value = await load()
        if version is not None and self.version == version:
            if len(self._entries) >= self._max:
                self._entries.clear()
            self._entries[(namespace, key)] = value
        return value


class CachedPlatformDirectory:
    """:class:`ports.platforms.PlatformDirectory` from memory."""

    def __init__(self, inner: PlatformDirectory, cache: ConfigCache) -> None:
        self._inner = inner
        self._cache = cache

    async def by_code(self, code: str) -> PlatformRef | None:
        """Find by code."""
        return await self._cache.get("platform.code", code, lambda: self._inner.by_code(code))

    async def by_host(self, host: str) -> PlatformRef | None:
        """Find by one of the platform's domains."""
        return await self._cache.get("platform.host", host, lambda: self._inner.by_host(host))

    async def all(self) -> Sequence[PlatformRef]:
        """Every platform by code."""
        return await self._cache.get("platform.all", None, self._inner.all)


class CachedEnablementStore:
    """The kernel's :class:`EnablementStore`, reads from memory."""

    def __init__(self, inner: EnablementStore, cache: ConfigCache) -> None:
        self._inner = inner
        self._cache = cache

    async def enabled_on(self, platform_id: int) -> frozenset[str]:
        """Modules stored as enabled on the platform."""
        return await self._cache.get(
            "modules", platform_id, lambda: self._inner.enabled_on(platform_id)
        )

    async def enabled_anywhere(self) -> frozenset[str]:
        """Modules enabled on at least one platform."""
        return await self._cache.get("modules.anywhere", None, self._inner.enabled_anywhere)

    async def change(
        self, platform_id: int, enable: frozenset[str], disable: frozenset[str]
    ) -> None:
        """Write through (the write empties the cache)."""
        await self._inner.change(platform_id, enable, disable)


class _MenuStore(MenuConfiguration, Protocol):
    async def set_hidden(
        self, platform_id: int, frontend: str, item_id: str, hidden: bool
    ) -> None: ...


class CachedMenuConfiguration:
    """Hidden menu items from memory; changes written through."""

    def __init__(self, inner: _MenuStore, cache: ConfigCache) -> None:
        self._inner = inner
        self._cache = cache

    async def hidden_items(self, platform_id: int, frontend: str) -> frozenset[str]:
        """Ids of hidden items."""
        return await self._cache.get(
            "menu", (platform_id, frontend), lambda: self._inner.hidden_items(platform_id, frontend)
        )

    async def set_hidden(self, platform_id: int, frontend: str, item_id: str, hidden: bool) -> None:
        """Hide or show one item."""
        await self._inner.set_hidden(platform_id, frontend, item_id, hidden)


class CachedVendorDirectory:
    """Vendors on a platform (their status there) from memory."""

    def __init__(self, inner: VendorDirectory, cache: ConfigCache) -> None:
        self._inner = inner
        self._cache = cache

    async def on_platform(self, slug: str, platform_id: int) -> VendorRef | None:
        """The vendor if it has joined the platform."""
        return await self._cache.get(
            "vendor", (slug, platform_id), lambda: self._inner.on_platform(slug, platform_id)
        )


class CachedRoles:
    """Custom team roles (what each holds) from memory."""

    def __init__(self, inner: RoleLookup, cache: ConfigCache) -> None:
        self._inner = inner
        self._cache = cache

    async def role(self, vendor_id: int, role_id: int) -> Role | None:
        """The vendor's custom role, or ``None``."""
        return await self._cache.get(
            "role", (vendor_id, role_id), lambda: self._inner.role(vendor_id, role_id)
        )


class CachedStorefronts:
    """Which storefront a host serves, from memory."""

    def __init__(self, inner: StorefrontResolver, cache: ConfigCache) -> None:
        self._inner = inner
        self._cache = cache

    async def resolve(self, host: str) -> StorefrontSite | None:
        """The storefront ``host`` serves, or ``None``."""
        name = host.split(":", maxsplit=1)[0].strip().lower().rstrip(".")
        return await self._cache.get("storefront", name, lambda: self._inner.resolve(name))
