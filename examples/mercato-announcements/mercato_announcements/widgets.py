"""The announcements module's dashboard widget."""

from __future__ import annotations

from collections.abc import Sequence

from mercato.ports import DashboardWidget, ListWidget, ListWidgetItem, PageRequest, Scope

from mercato_announcements.services import AnnouncementService

__all__ = ["RECENT", "AnnouncementWidgetProvider"]

RECENT = 5


class AnnouncementWidgetProvider:
    """``recent_announcements``: the newest active announcements of the platform."""

    def __init__(self, announcements: AnnouncementService) -> None:
        self._announcements = announcements

    async def widgets(self, scope: Scope) -> Sequence[DashboardWidget]:
        """The list widget on admin dashboards; nothing on vendor dashboards."""
        if scope.is_vendor_scope:
            return ()
        page = await self._announcements.page(scope.platform_id, PageRequest(1, RECENT))
        items = [
            ListWidgetItem(
                title=a.title,
                subtitle=f"posted {a.created_at:%Y-%m-%d %H:%M} UTC",
                url="/admin/announcements",
                badge=None if a.expires_at is None else f"until {a.expires_at:%Y-%m-%d}",
            )
            for a in page.items
        ]
        return (
            ListWidget(
                "recent_announcements",
                "Recent announcements",
                items,
                empty_text="No announcements.",
            ),
        )
