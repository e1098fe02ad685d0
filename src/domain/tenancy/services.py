"""Use cases of the tenancy module."""

from __future__ import annotations

from collections.abc import Sequence

from domain.tenancy.model import Platform, normalise_domain
from domain.tenancy.repository import PlatformRepository
from ports.pagination import Page, PageRequest
from ports.platforms import PlatformRef

__all__ = ["PlatformDirectoryService", "PlatformService"]


class PlatformService:
    """Creates and lists platforms."""

    def __init__(self, platforms: PlatformRepository) -> None:
        self._platforms = platforms

    async def create(self, code: str, name: str, domains: Sequence[str] = ()) -> Platform:
        """Create a platform; the code and domains are validated, duplicates refused."""
        Platform.check_code(code)
        if not name.strip():
            raise ValueError("a platform needs a name")
        clean = tuple(dict.fromkeys(normalise_domain(d) for d in domains))
        return await self._platforms.add(code, name.strip(), clean)

    async def get(self, code: str) -> Platform | None:
        """The platform with ``code``."""
        return await self._platforms.by_code(code)

    async def list(self, request: PageRequest) -> Page[Platform]:
        """A page of platforms."""
        return await self._platforms.page(request)


class PlatformDirectoryService:
    """Implements the :class:`ports.platforms.PlatformDirectory` port for other modules."""

    def __init__(self, platforms: PlatformRepository) -> None:
        self._platforms = platforms

    @staticmethod
    def _ref(p: Platform | None) -> PlatformRef | None:
        return None if p is None else PlatformRef(p.id, p.code, p.name, p.domains)

    async def by_code(self, code: str) -> PlatformRef | None:
        """Find by code."""
        return self._ref(await self._platforms.by_code(code))

    async def by_host(self, host: str) -> PlatformRef | None:
        """Find by one of the platform's domains."""
        return self._ref(await self._platforms.by_domain(host.lower()))

    async def all(self) -> Sequence[PlatformRef]:
        """Every platform by code."""
        return [PlatformRef(p.id, p.code, p.name, p.domains) for p in await self._platforms.all()]
