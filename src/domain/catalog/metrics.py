"""The catalog's dashboard numbers: products by status, and variants."""

from __future__ import annotations

from collections.abc import Sequence

from mercato.domain.catalog.repository import ProductRepository
from mercato.ports.catalog import ProductStatus
from mercato.ports.metrics import MetricValue
from mercato.ports.scope import Scope

__all__ = ["CatalogMetricsProvider"]


class CatalogMetricsProvider:
    """Products per status and variants, of the vendor (vendor dashboards) or of every
    vendor on the platform (admin dashboards)."""

    def __init__(self, products: ProductRepository) -> None:
        self._products = products

    async def metrics(self, scope: Scope) -> Sequence[MetricValue]:
        """The counts of the scope."""
        by_status, variants = await self._products.counts(scope.platform_id, scope.vendor_id)
        return (
            *(
                MetricValue(
                    f"catalog.products.{status.value}",
                    f"{status.value.title()} products",
                    by_status.get(status, 0),
                )
                for status in ProductStatus
            ),
            MetricValue("catalog.variants", "Variants", variants),
        )
