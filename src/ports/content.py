"""Content pages, as other modules see them (implemented by cms)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

__all__ = ["ContentPage", "ContentService", "NullContentService"]


@dataclass(frozen=True, slots=True)
class ContentPage:
    """A published page: ``body_html`` is already sanitised by its owner."""

    slug: str
    title: str
    body_html: str


@runtime_checkable
class ContentService(Protocol):
    """Read access to published content pages."""

    async def get_page(
        self, platform_id: int, slug: str, vendor_id: int | None = None
    ) -> ContentPage | None:
        """Return the published page ``slug``; a vendor's override wins over the platform's.

        Returns ``None`` when no such page is published; never raises for a missing page.
        """
        ...

    async def list_pages(
        self, platform_id: int, vendor_id: int | None = None
    ) -> Sequence[ContentPage]:
        """Return the published pages visible in this scope, ordered by slug."""
        ...


class NullContentService:
    """Used when no content module is enabled: there are no pages."""

    async def get_page(
        self, platform_id: int, slug: str, vendor_id: int | None = None
    ) -> ContentPage | None:
        """There is never a page."""
        return None

    async def list_pages(
        self, platform_id: int, vendor_id: int | None = None
    ) -> Sequence[ContentPage]:
        """There are no pages."""
        return ()
