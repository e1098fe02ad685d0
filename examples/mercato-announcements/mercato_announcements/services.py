"""Use cases of the announcements module."""

from __future__ import annotations

from datetime import datetime

from mercato.ports import Clock, Page, PageRequest

from mercato_announcements.model import Announcement, check_new
from mercato_announcements.repository import AnnouncementRepository

__all__ = ["AnnouncementService"]


class AnnouncementService:
    """Posts, lists and expires announcements."""

    def __init__(self, announcements: AnnouncementRepository, clock: Clock) -> None:
        self._announcements = announcements
        self._clock = clock

    async def post(
        self, platform_id: int, title: str, body: str = "", expires_at: datetime | None = None
    ) -> Announcement:
        """Post an announcement on the platform; ``AnnouncementInvalid`` if a rule is broken."""
        now = self._clock.now()
        clean_title, clean_body = check_new(title, body, expires_at, now)
        return await self._announcements.add(platform_id, clean_title, clean_body, now, expires_at)

    async def page(self, platform_id: int, request: PageRequest) -> Page[Announcement]:
        """A page of the platform's active announcements, newest first."""
        return await self._announcements.active_page(platform_id, self._clock.now(), request)

    async def count_active(self, platform_id: int) -> int:
        """How many announcements are active on the platform now."""
        return await self._announcements.count_active(platform_id, self._clock.now())

    async def expire_old(self) -> int:
        """Delete the announcements whose expiry has passed, on every platform."""
        return await self._announcements.delete_expired(self._clock.now())
