"""The catalog's dashboard widget: the products updated last."""

from __future__ import annotations

from collections.abc import Sequence

from mercato.domain.catalog.repository import ProductRepository
from mercato.ports.scope import Scope
from mercato.ports.widgets import DashboardWidget, ListWidget, ListWidgetItem

__all__ = ["CatalogWidgetProvider"]


class CatalogWidgetProvider:
    """``recent_products``: the vendor's (or the platform's) products updated last."""

    def __init__(self, products: ProductRepository, limit: int = 5) -> None:
        self._products = products
        self._limit = limit

    async def widgets(self, scope: Scope) -> Sequence[DashboardWidget]:
        """The recently updated products of the scope, linked to their pages."""
        recent = await self._products.recently_updated(
            scope.platform_id, scope.vendor_id, self._limit
        )
        items = tuple(
            ListWidgetItem(
                p.title,
                f"{p.vendor_slug} · {p.handle}" if scope.vendor_id is None else p.handle,
                url=f"/vendor/{p.vendor_slug}/products/{p.id}"
                if scope.vendor_id is not None
                else f"/admin/catalog?q={p.handle}",
                badge=p.status.value,
            )
            for p in recent
        )
        return (
            ListWidget("recent_products", "Recently updated products", items, "No product yet."),
        )
