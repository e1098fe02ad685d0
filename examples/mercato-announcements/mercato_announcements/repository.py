"""The announcements module's own persistence protocol."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from mercato.ports import Page, PageRequest

from mercato_announcements.model import Announcement

__all__ = ["AnnouncementRepository"]


class AnnouncementRepository(Protocol):
    """Stores announcements; every read and write is scoped to one platform, except the purge."""

    async def add(
        self,
        platform_id: int,
        title: str,
        body: str,
        created_at: datetime,
        expires_at: datetime | None,
    ) -> Announcement:
        """Insert an announcement on ``platform_id`` and return it with its id."""
        ...

    async def active_page(
        self, platform_id: int, now: datetime, request: PageRequest
    ) -> Page[Announcement]:
        """The platform's announcements still active at ``now``, newest first.

        ``request.search`` filters by title (case-insensitive substring).
        """
        ...

    async def count_active(self, platform_id: int, now: datetime) -> int:
        """How many of the platform's announcements are still active at ``now``."""
        ...

    async def delete_expired(self, now: datetime) -> int:
        """Delete every announcement (of every platform) expired at ``now``; return how many."""
        ...
