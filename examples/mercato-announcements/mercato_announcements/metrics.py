"""The announcements module's dashboard numbers."""

from __future__ import annotations

from collections.abc import Sequence

from mercato.ports import MetricValue, Scope

from mercato_announcements.services import AnnouncementService

__all__ = ["AnnouncementMetricsProvider"]


class AnnouncementMetricsProvider:
    """Counts the active announcements of the platform (admin dashboards only)."""

    def __init__(self, announcements: AnnouncementService) -> None:
        self._announcements = announcements

    async def metrics(self, scope: Scope) -> Sequence[MetricValue]:
        """One number on the platform's dashboard; nothing on vendor dashboards."""
        if scope.is_vendor_scope:
            return ()
        active = await self._announcements.count_active(scope.platform_id)
        return (
            MetricValue(
                "announcements.active",
                "Active announcements",
                active,
                description="Announcements of this platform that have not expired.",
            ),
        )
