"""Dashboard metrics: each module counts its own things; the core aggregates them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from mercato.ports.scope import Scope

__all__ = ["MetricValue", "MetricsProvider", "NullMetricsProvider"]


@dataclass(frozen=True, slots=True)
class MetricValue:
    """One number on a dashboard.

    ``key`` is stable and namespaced by the module (``tenancy.vendors.active``); ``unit`` is
    free text (``"count"``, ``"EUR"``, ``"%"``); money is given in minor units with the
    currency as unit.
    """

    key: str
    label: str
    value: int | float
    unit: str = "count"
    description: str = ""


@runtime_checkable
class MetricsProvider(Protocol):
    """What a module contributes to the dashboards' numbers."""

    async def metrics(self, scope: Scope) -> Sequence[MetricValue]:
        """Return this module's metrics for ``scope``.

        Contract: read-only; counts only data of ``scope.platform_id`` (and of
        ``scope.vendor_id`` when it is set); may raise, in which case the aggregator marks the
        module's slot unavailable instead of failing the page.
        """
        ...


class NullMetricsProvider:
    """A provider with nothing to say."""

    async def metrics(self, scope: Scope) -> Sequence[MetricValue]:
        """Return no metrics."""
        return ()
