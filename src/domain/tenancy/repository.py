"""The tenancy module's persistence protocol."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from domain.tenancy.model import Platform
from ports.pagination import Page, PageRequest

__all__ = ["PlatformRepository"]


class PlatformRepository(Protocol):
    """Stores platforms."""

    async def add(self, code: str, name: str, domains: Sequence[str]) -> Platform:
        """Insert a platform; raise ``PlatformCodeTaken`` if the code or a domain is taken."""
        ...

    async def by_code(self, code: str) -> Platform | None:
        """The platform with ``code``, or ``None``."""
        ...

    async def by_domain(self, domain: str) -> Platform | None:
        """The platform answering on ``domain``, or ``None``."""
        ...

    async def all(self) -> Sequence[Platform]:
        """Every platform, ordered by code."""
        ...

    async def count(self) -> int:
        """How many platforms exist."""
        ...

    async def page(self, request: PageRequest) -> Page[Platform]:
        """Platforms ordered by code whose code or name contains ``request.search``."""
        ...
