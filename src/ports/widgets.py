"""Dashboard widgets: rich blocks (lists, breakdowns, time series) a module puts on a dashboard.

Units. ``unit`` says how the values of a breakdown or a time series are written:

- ``"count"`` (the default): whole numbers, written with thousands separators (``1,234``);
- an ISO 4217 currency code (three upper-case letters, ``"EUR"``, ``"JPY"``): the values are
  integer **minor units** (cents), as in :class:`mercato.ports.money.Money`, and are written
  with the code and the currency's decimals (``EUR 1,234.50``, ``JPY 1,234``,
  ``KWD 1.234``); one widget holds one currency;
- anything else (``"ms"``, ``"%"``): the number with up to two decimals, then the unit.

The dashboards draw breakdowns and time series as inline SVG charts with their numbers as a
table; the JSON API returns the numbers and the unit as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

from mercato.ports.scope import Scope

__all__ = [
    "BreakdownSegment",
    "BreakdownWidget",
    "DashboardWidget",
    "DashboardWidgetProvider",
    "ListWidget",
    "ListWidgetItem",
    "NullWidgetProvider",
    "TimeSeriesPoint",
    "TimeSeriesWidget",
]


@dataclass(frozen=True, slots=True)
class ListWidgetItem:
    """One row of a list widget; ``url`` links to the object when the viewer may open it."""

    title: str
    subtitle: str = ""
    url: str | None = None
    badge: str | None = None


@dataclass(frozen=True, slots=True)
class ListWidget:
    """A short list of recent or notable things (``recent_vendors``, ``recent_orders``)."""

    key: str
    title: str
    items: Sequence[ListWidgetItem] = ()
    empty_text: str = "Nothing yet."
    kind: Literal["list"] = "list"


@dataclass(frozen=True, slots=True)
class BreakdownSegment:
    """One counted category of a breakdown widget."""

    label: str
    value: int | float


@dataclass(frozen=True, slots=True)
class BreakdownWidget:
    """Values split by category (vendors by status, orders by state), drawn in the given order.

    ``unit`` follows the module docstring (``"count"``, a currency code with minor units, ...).
    """

    key: str
    title: str
    segments: Sequence[BreakdownSegment] = ()
    unit: str = "count"
    empty_text: str = "No data yet."
    kind: Literal["breakdown"] = "breakdown"


@dataclass(frozen=True, slots=True)
class TimeSeriesPoint:
    """A value at a point in time; ``at`` is an ISO-8601 date or datetime."""

    at: str
    value: int | float


@dataclass(frozen=True, slots=True)
class TimeSeriesWidget:
    """A series over time (revenue per day), points in time order.

    ``unit`` follows the module docstring: revenue per day is ``unit="EUR"`` with values in
    cents.
    """

    key: str
    title: str
    points: Sequence[TimeSeriesPoint] = field(default_factory=tuple)
    unit: str = "count"
    empty_text: str = "No data yet."
    kind: Literal["timeseries"] = "timeseries"


DashboardWidget = ListWidget | BreakdownWidget | TimeSeriesWidget


@runtime_checkable
class DashboardWidgetProvider(Protocol):
    """What a module contributes to the dashboards' widgets."""

    async def widgets(self, scope: Scope) -> Sequence[DashboardWidget]:
        """Return this module's widgets for ``scope``.

        Contract: read-only; shows only data of ``scope`` (the vendor when
        ``scope.vendor_id`` is set); widget keys are unique within the module; may raise, in
        which case the aggregator marks the module's slot unavailable.
        """
        ...


class NullWidgetProvider:
    """A provider with no widgets."""

    async def widgets(self, scope: Scope) -> Sequence[DashboardWidget]:
        """Return no widgets."""
        return ()
