"""The geometry of a time series chart: a line over a filled area, axes, labels, a table."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from mercato.adapters.web.charts.layout import Box, Label, chart_id, text_width
from mercato.adapters.web.charts.scales import LinearScale, coordinate, nice_ticks
from mercato.adapters.web.charts.units import (
    axis_caption,
    drawable,
    format_value,
    is_whole,
    tick_labels,
)
from mercato.ports.widgets import TimeSeriesPoint, TimeSeriesWidget

__all__ = ["Marker", "TimeSeriesChart", "timeseries_chart"]

WIDTH, HEIGHT = 320, 168
MARKERS_UP_TO = 62  # points get a marker each up to about two months of days
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@dataclass(frozen=True, slots=True)
class Marker:
    """A point of the line, with its date and value for a tooltip."""

    x: float
    y: float
    text: str


@dataclass(frozen=True, slots=True)
class TimeSeriesChart:
    """Everything the template draws; coordinates are in the ``width`` x ``height`` view box."""

    id: str
    width: int
    height: int
    desc: str
    box: Box
    line: str
    area: str
    zero: float
    caption: Label
    y_ticks: tuple[Label, ...]
    x_ticks: tuple[Label, ...]
    markers: tuple[Marker, ...]
    last: Label
    rows: tuple[tuple[str, str], ...]


def timeseries_chart(widget: TimeSeriesWidget, scope: str = "") -> TimeSeriesChart | None:
    """The chart of ``widget``; ``None`` when it has no point (the template shows its empty text).

    ``scope`` (the module's code) keeps element ids unique on a page. Points are placed by
    their time when every ``at`` parses as ISO-8601 and they are in order, else evenly.
    """
    points = tuple(widget.points)
    if not points:
        return None
    unit = widget.unit
    values = [drawable(p.value) for p in points]
    ticks = nice_ticks(min(values), max(values), whole=is_whole(unit))
    labels = tick_labels(ticks, unit)
    left = 10 + text_width(max(labels, key=len))
    box = Box(left, 22.0, WIDTH - 10.0, HEIGHT - 22.0)
    y = LinearScale(ticks[0], ticks[-1], box.bottom, box.top)
    x = LinearScale(0.0, 1.0, box.left, box.right)
    times = _times([p.at for p in points])
    shares = _shares(times) if times else _even(len(points))
    xs = [x(s) for s in shares]
    ys = [y(v) for v in values]
    texts = [f"{p.at}: {format_value(p.value, unit)}" for p in points]
    every = len(points) <= MARKERS_UP_TO
    markers = tuple(
        Marker(xs[i], ys[i], texts[i]) for i in range(len(points)) if every or i == len(points) - 1
    )
    return TimeSeriesChart(
        id=chart_id(scope, widget.key),
        width=WIDTH,
        height=HEIGHT,
        desc=_describe(widget.title, points, unit),
        box=box,
        line=_path(xs, ys) if len(points) > 1 else "",
        area=_area(xs, ys, y(0.0)) if len(points) > 1 else "",
        zero=y(0.0),
        caption=Label(box.left, 12, axis_caption(unit), "start"),
        y_ticks=tuple(
            Label(box.left - 5, y(t), s, "end") for t, s in zip(ticks, labels, strict=True)
        ),
        x_ticks=_x_ticks(shares, times, [p.at for p in points], x, box.bottom + 15),
        markers=markers,
        last=_last_label(xs[-1], ys[-1], format_value(points[-1].value, unit), len(points)),
        rows=tuple((p.at, format_value(p.value, unit)) for p in points),
    )


def _path(xs: Sequence[float], ys: Sequence[float]) -> str:
    return "M" + " L".join(f"{a},{b}" for a, b in zip(xs, ys, strict=True))


def _area(xs: Sequence[float], ys: Sequence[float], zero: float) -> str:
    return (
        f"M{xs[0]},{zero} L"
        + " L".join(f"{a},{b}" for a, b in zip(xs, ys, strict=True))
        + (f" L{xs[-1]},{zero} Z")
    )


def _times(ats: Sequence[str]) -> list[datetime] | None:
    try:
        times = [datetime.fromisoformat(at) for at in ats]
        ordered = all(a <= b for a, b in itertools.pairwise(times))
    except (ValueError, TypeError):  # not ISO-8601, or naive and aware times mixed
        return None
    return times if ordered else None


def _shares(times: Sequence[datetime]) -> list[float]:
    span = (times[-1] - times[0]).total_seconds()
    if span == 0:
        return _even(len(times))
    return [(t - times[0]).total_seconds() / span for t in times]


def _even(n: int) -> list[float]:
    return [i / (n - 1) for i in range(n)] if n > 1 else [0.5]


def _x_ticks(
    shares: Sequence[float],
    times: Sequence[datetime] | None,
    ats: Sequence[str],
    x: LinearScale,
    baseline: float,
) -> tuple[Label, ...]:
    chosen: list[int] = []
    for target in (0.0, 1 / 3, 2 / 3, 1.0):
        nearest = min(range(len(shares)), key=lambda i: (abs(shares[i] - target), i))
        if nearest not in chosen:
            chosen.append(nearest)
    names = _date_names(times, chosen) if times else [ats[i][:10] for i in chosen]
    last = len(shares) - 1
    labels = []
    for i, name in zip(chosen, names, strict=True):
        anchor = "middle" if last == 0 else "start" if i == 0 else "end" if i == last else "middle"
        labels.append(Label(x(shares[i]), baseline, name, anchor))
    return tuple(labels)


def _date_names(times: Sequence[datetime], chosen: Sequence[int]) -> list[str]:
    same_day = times[0].date() == times[-1].date() and len(times) > 1
    if same_day:
        return [f"{times[i]:%H:%M}" for i in chosen]
    names, year = [], None
    for i in chosen:
        t = times[i]
        names.append(f"{t.day} {_MONTHS[t.month - 1]}" + ("" if t.year == year else f" {t.year}"))
        year = t.year
    return names


def _last_label(x: float, y: float, text: str, n: int) -> Label:
    # Above the point: the box leaves room over its top for the label.
    return Label(x, coordinate(y - 8), text, "middle" if n == 1 else "end")


def _describe(title: str, pts: Sequence[TimeSeriesPoint], unit: str) -> str:
    if len(pts) == 1:
        return f"{title}: one point, {format_value(pts[0].value, unit)} on {pts[0].at}."
    top = max(pts, key=lambda p: drawable(p.value))
    return (
        f"{title}: {len(pts)} points from {pts[0].at} to {pts[-1].at}; "
        f"highest {format_value(top.value, unit)} on {top.at}; "
        f"latest {format_value(pts[-1].value, unit)}."
    )
