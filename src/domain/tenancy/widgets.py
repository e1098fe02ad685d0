"""Tenancy's dashboard widgets."""

from __future__ import annotations

from collections.abc import Sequence

from mercato.domain.tenancy.repository import VendorRepository
from mercato.ports.scope import Scope
from mercato.ports.widgets import DashboardWidget, ListWidget, ListWidgetItem

__all__ = ["TenancyWidgetProvider"]


class TenancyWidgetProvider:
    """``recent_vendors``: the vendors that joined the platform last (admin dashboards only)."""

    def __init__(self, vendors: VendorRepository, limit: int = 5) -> None:
        self._vendors = vendors
        self._limit = limit

    async def widgets(self, scope: Scope) -> Sequence[DashboardWidget]:
        """The recent vendors of the platform; nothing on a vendor dashboard."""
        if scope.vendor_id is not None:
            return ()
        recent = await self._vendors.recent_on_platform(scope.platform_id, self._limit)
        items = tuple(
            ListWidgetItem(v.name, v.slug, url=f"/admin/vendors/{v.slug}") for v in recent
        )
        return (ListWidget("recent_vendors", "Recent vendors", items, "No vendor has joined yet."),)
