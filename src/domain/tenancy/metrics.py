"""Tenancy's dashboard numbers."""

from __future__ import annotations

from collections.abc import Sequence

from domain.tenancy.repository import PlatformRepository
from ports.metrics import MetricValue
from ports.scope import Scope

__all__ = ["TenancyMetricsProvider"]


class TenancyMetricsProvider:
    """Counts platforms (the tenancy issue adds vendors, users, team members and domains)."""

    def __init__(self, platforms: PlatformRepository) -> None:
        self._platforms = platforms

    async def metrics(self, scope: Scope) -> Sequence[MetricValue]:
        """Platforms of the installation; nothing on vendor dashboards."""
        if scope.is_vendor_scope:
            return ()
        total = await self._platforms.count()
        return (MetricValue("tenancy.platforms", "Platforms", total),)
