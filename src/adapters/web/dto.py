"""msgspec DTOs of the shared surfaces (dashboards, menus), as the JSON API returns them.

Numbers are typed ``float``, documented as a JSON ``number`` that integers also are:
``int | float`` would be documented as a ``oneOf`` that every integer matches twice.
"""

from __future__ import annotations

from typing import Literal

import msgspec

from mercato.domain.core.aggregators import Dashboard
from mercato.domain.core.isolation import Slot
from mercato.domain.core.menus import MenuGroup
from mercato.ports.metrics import MetricValue
from mercato.ports.widgets import BreakdownWidget, DashboardWidget, ListWidget, TimeSeriesWidget

__all__ = ["DashboardOut", "MenuOut", "dashboard_out", "menu_out"]


class MetricOut(msgspec.Struct):
    key: str
    label: str
    value: float
    unit: str
    description: str


class MetricSlotOut(msgspec.Struct):
    module: str
    module_name: str
    status: Literal["ok", "unavailable"]
    metrics: list[MetricOut]
    error: str | None = None


class ListItemOut(msgspec.Struct):
    title: str
    subtitle: str
    url: str | None
    badge: str | None


class ListWidgetOut(msgspec.Struct, tag_field="kind", tag="list"):
    key: str
    title: str
    items: list[ListItemOut]
    empty_text: str


class SegmentOut(msgspec.Struct):
    label: str
    value: float


class BreakdownWidgetOut(msgspec.Struct, tag_field="kind", tag="breakdown"):
    key: str
    title: str
    segments: list[SegmentOut]
    unit: str
    empty_text: str


class PointOut(msgspec.Struct):
    at: str
    value: float


class TimeSeriesWidgetOut(msgspec.Struct, tag_field="kind", tag="timeseries"):
    key: str
    title: str
    points: list[PointOut]
    unit: str
    empty_text: str


WidgetOut = ListWidgetOut | BreakdownWidgetOut | TimeSeriesWidgetOut


class WidgetSlotOut(msgspec.Struct):
    module: str
    module_name: str
    status: Literal["ok", "unavailable"]
    widgets: list[WidgetOut]
    error: str | None = None


class DashboardOut(msgspec.Struct):
    """A dashboard: one slot per module; a failing module's slot is ``unavailable``."""

    platform: str
    vendor_id: int | None
    metrics: list[MetricSlotOut]
    widgets: list[WidgetSlotOut]
    unavailable: list[str]


class MenuItemOut(msgspec.Struct):
    id: str
    label: str
    url: str
    icon: str
    module: str
    mandatory: bool
    available: bool = True


class MenuSectionOut(msgspec.Struct):
    id: str
    label: str
    items: list[MenuItemOut]


class MenuOut(msgspec.Struct):
    """The menu of one frontend for the caller on the current platform."""

    platform: str
    frontend: str
    sections: list[MenuSectionOut]


def _metric(m: MetricValue) -> MetricOut:
    return MetricOut(m.key, m.label, m.value, m.unit, m.description)


def _widget(w: DashboardWidget) -> WidgetOut:
    if isinstance(w, ListWidget):
        items = [ListItemOut(i.title, i.subtitle, i.url, i.badge) for i in w.items]
        return ListWidgetOut(w.key, w.title, items, w.empty_text)
    if isinstance(w, BreakdownWidget):
        return BreakdownWidgetOut(
            w.key,
            w.title,
            [SegmentOut(s.label, s.value) for s in w.segments],
            w.unit,
            w.empty_text,
        )
    if isinstance(w, TimeSeriesWidget):
        return TimeSeriesWidgetOut(
            w.key, w.title, [PointOut(p.at, p.value) for p in w.points], w.unit, w.empty_text
        )
    raise TypeError(f"unknown widget {type(w).__name__}")


def _metric_slot(s: Slot[MetricValue]) -> MetricSlotOut:
    return MetricSlotOut(s.module, s.module_name, s.status, [_metric(m) for m in s.items], s.error)


def _widget_slot(s: Slot[DashboardWidget]) -> WidgetSlotOut:
    return WidgetSlotOut(s.module, s.module_name, s.status, [_widget(w) for w in s.items], s.error)


def dashboard_out(d: Dashboard) -> DashboardOut:
    """The DTO of a dashboard."""
    return DashboardOut(
        d.scope.platform_code,
        d.scope.vendor_id,
        [_metric_slot(s) for s in d.metrics],
        [_widget_slot(s) for s in d.widgets],
        list(d.unavailable),
    )


def menu_out(platform: str, frontend: str, groups: tuple[MenuGroup, ...]) -> MenuOut:
    """The DTO of a menu."""
    return MenuOut(
        platform,
        frontend,
        [
            MenuSectionOut(
                g.id,
                g.label,
                [
                    MenuItemOut(i.id, i.label, i.url, i.icon, i.module, i.mandatory, i.available)
                    for i in g.items
                ],
            )
            for g in groups
        ],
    )
