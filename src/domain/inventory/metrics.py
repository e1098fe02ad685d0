"""Inventory's dashboard numbers: units on hand and variants below their threshold."""

from __future__ import annotations

from collections.abc import Sequence

from mercato.domain.inventory.repository import StockRepository
from mercato.ports.metrics import MetricValue
from mercato.ports.scope import Scope

__all__ = ["InventoryMetricsProvider"]


class InventoryMetricsProvider:
    """Of the vendor on a vendor dashboard, of every vendor of the platform otherwise."""

    def __init__(self, stock: StockRepository) -> None:
        self._stock = stock

    async def metrics(self, scope: Scope) -> Sequence[MetricValue]:
        """Units on hand (every location) and variants below their low-stock threshold."""
        vendors = None if scope.vendor_id is None else [scope.vendor_id]
        totals = await self._stock.totals(vendors, scope.platform_id)
        return (
            MetricValue("inventory.units_on_hand", "Units on hand", totals.units_on_hand),
            MetricValue(
                "inventory.below_threshold",
                "Variants below threshold",
                totals.below_threshold,
                description="variant locations whose available stock is under their "
                "low-stock threshold",
            ),
        )
