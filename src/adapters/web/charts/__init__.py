"""Dashboard charts drawn on the server: geometry and labels in pure Python, SVG in templates.

A time series is a line over a filled area with round value ticks from zero, a few date
labels and its last value written; a breakdown is one horizontal bar per segment with its
label and value written. The templates ``widgets/_chart_timeseries.html`` and
``widgets/_chart_breakdown.html`` draw what these functions compute; the same widget always
gives the same markup.
"""

from __future__ import annotations

from mercato.adapters.web.charts.breakdown import Bar, BreakdownChart, breakdown_chart
from mercato.adapters.web.charts.layout import Box, Label, chart_id
from mercato.adapters.web.charts.scales import LinearScale, nice_ticks
from mercato.adapters.web.charts.timeseries import Marker, TimeSeriesChart, timeseries_chart
from mercato.adapters.web.charts.units import format_value, is_currency, minor_digits, tick_labels

__all__ = [
    "Bar",
    "Box",
    "BreakdownChart",
    "Label",
    "LinearScale",
    "Marker",
    "TimeSeriesChart",
    "breakdown_chart",
    "chart_id",
    "format_value",
    "is_currency",
    "minor_digits",
    "nice_ticks",
    "tick_labels",
    "timeseries_chart",
]
