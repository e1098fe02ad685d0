"""The geometry of a breakdown chart: one labelled horizontal bar per segment, in order."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from mercato.adapters.web.charts.layout import CHAR_WIDTH, chart_id, text_width
from mercato.adapters.web.charts.scales import coordinate
from mercato.adapters.web.charts.units import drawable, format_value
from mercato.ports.widgets import BreakdownSegment, BreakdownWidget

__all__ = ["Bar", "BreakdownChart", "breakdown_chart"]

WIDTH = 320
ROW = 36  # a label line, then the bar with its value
BAR_HEIGHT = 12
PAD = 4


@dataclass(frozen=True, slots=True)
class Bar:
    """One segment: its label above the bar, its value written after the bar's end."""

    y: float
    width: float
    label: str
    full_label: str
    value: str
    value_x: float

    @property
    def label_y(self) -> float:
        """The baseline of the label line."""
        return coordinate(self.y - 4)

    @property
    def value_y(self) -> float:
        """The baseline of the value, level with the bar's middle."""
        return coordinate(self.y + BAR_HEIGHT - 2)


@dataclass(frozen=True, slots=True)
class BreakdownChart:
    """Everything the template draws; coordinates are in the ``width`` x ``height`` view box."""

    id: str
    width: int
    height: int
    desc: str
    left: float
    bars: tuple[Bar, ...]
    rows: tuple[tuple[str, str], ...]


def breakdown_chart(widget: BreakdownWidget, scope: str = "") -> BreakdownChart | None:
    """The chart of ``widget``; ``None`` when it has no segment (the template shows its empty text).

    Bars are scaled to the largest value; a negative value draws no bar but is written.
    Labels too long for the line are cut with an ellipsis (in full in the tooltip and table).
    """
    segments = tuple(widget.segments)
    if not segments:
        return None
    unit = widget.unit
    values = [_length(s.value) for s in segments]
    written = [format_value(s.value, unit) for s in segments]
    room = WIDTH - 2 * PAD - min(text_width(max(written, key=len)) + 6, WIDTH / 2)
    largest = max(values)
    bars = []
    for i, (segment, value, text) in enumerate(zip(segments, values, written, strict=True)):
        width = coordinate(room * value / largest) if largest > 0 else 0.0
        bars.append(
            Bar(
                y=float(PAD + 16 + i * ROW),
                width=width,
                label=_fit(segment.label, int((WIDTH - 2 * PAD) / CHAR_WIDTH)),
                full_label=segment.label,
                value=text,
                value_x=coordinate(PAD + width + 6),
            )
        )
    return BreakdownChart(
        id=chart_id(scope, widget.key),
        width=WIDTH,
        height=PAD * 2 + ROW * len(segments),
        desc=_describe(widget.title, segments, unit),
        left=float(PAD),
        bars=tuple(bars),
        rows=tuple((s.label, t) for s, t in zip(segments, written, strict=True)),
    )


def _length(value: float) -> float:
    return max(drawable(value), 0.0)


def _countable(value: float) -> bool:
    return not isinstance(value, float) or math.isfinite(value)


def _fit(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _describe(title: str, segments: Sequence[BreakdownSegment], unit: str) -> str:
    if len(segments) == 1:
        only = segments[0]
        return f"{title}: one category, {only.label} {format_value(only.value, unit)}."
    top = max(segments, key=lambda s: _length(s.value))
    total = sum(s.value for s in segments if _countable(s.value))  # exact for integers
    return (
        f"{title}: {len(segments)} categories; largest {top.label} with "
        f"{format_value(top.value, unit)}; total {format_value(total, unit)}."
    )
