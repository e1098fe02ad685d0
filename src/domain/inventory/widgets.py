"""Inventory's dashboard widget: the levels lowest under their threshold."""

from __future__ import annotations

from collections.abc import Sequence

from mercato.domain.inventory.repository import StockRepository
from mercato.ports.clock import Clock
from mercato.ports.scope import Scope
from mercato.ports.widgets import DashboardWidget, ListWidget, ListWidgetItem

__all__ = ["InventoryWidgetProvider"]


class InventoryWidgetProvider:
    """``low_stock``: variants under their threshold, least available first."""

    def __init__(self, stock: StockRepository, clock: Clock, limit: int = 5) -> None:
        self._stock = stock
        self._clock = clock
        self._limit = limit

    async def widgets(self, scope: Scope) -> Sequence[DashboardWidget]:
        """The vendor's low stock on its dashboard, the platform's on the admin one."""
        low = await self._stock.lowest(
            scope.platform_id, scope.vendor_id, self._clock.now(), self._limit
        )
        items = tuple(
            ListWidgetItem(
                lv.sku or f"variant {lv.variant_id}",
                f"{lv.available} available at {lv.location} (threshold {lv.low_stock_threshold})",
            )
            for lv in low
        )
        return (ListWidget("low_stock", "Low stock", items, "No variant is below its threshold."),)
