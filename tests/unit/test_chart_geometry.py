"""The geometry of the dashboard charts: scales, round ticks, paths and bars."""

from __future__ import annotations

import re

import pytest

from mercato.adapters.web.charts import (
    LinearScale,
    breakdown_chart,
    chart_id,
    nice_ticks,
    timeseries_chart,
)
from mercato.ports.widgets import (
    BreakdownSegment,
    BreakdownWidget,
    TimeSeriesPoint,
    TimeSeriesWidget,
)

pytestmark = pytest.mark.unit


def _series(*values: float, unit: str = "count", start: int = 1) -> TimeSeriesWidget:
    points = tuple(TimeSeriesPoint(f"2026-03-{start + i:02d}", v) for i, v in enumerate(values))
    return TimeSeriesWidget("revenue", "Revenue per day", points, unit)


def _coordinates(path: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", path)]


def test_a_linear_scale_maps_the_domain_onto_the_range_and_flips_for_y() -> None:
    y = LinearScale(0.0, 100.0, 150.0, 50.0)
    assert (y(0), y(50), y(100)) == (150.0, 100.0, 50.0)
    assert LinearScale(3.0, 3.0, 0.0, 10.0)(3.0) == 5.0  # a single value sits in the middle


@pytest.mark.parametrize(
    ("low", "high", "ticks"),
    [
        (0, 97, (0, 20, 40, 60, 80, 100)),
        (3, 7, (0, 2, 4, 6, 8)),  # from zero, not from the lowest value
        (0, 1, (0, 0.2, 0.4, 0.6, 0.8, 1)),
        (0, 0, (0, 0.2, 0.4, 0.6, 0.8, 1)),  # all zero: still an axis
        (-5, 10, (-5, 0, 5, 10)),  # negative values get ticks below zero
        (-40, -10, (-40, -30, -20, -10, 0)),
        (0, 0.3, (0, 0.1, 0.2, 0.3)),  # decimal steps without 0.30000000000000004
    ],
)
def test_ticks_are_round_numbers_that_cover_the_values_and_zero(
    low: float, high: float, ticks: tuple[float, ...]
) -> None:
    assert nice_ticks(low, high) == ticks


def test_ticks_of_counts_and_minor_units_are_whole_numbers() -> None:
    assert nice_ticks(0, 1, whole=True) == (0, 1)
    assert nice_ticks(0, 0, whole=True) == (0, 1)
    assert nice_ticks(0, 3, whole=True) == (0, 1, 2, 3)


def test_ticks_of_huge_values_stay_few_and_round() -> None:
    ticks = nice_ticks(0, 9.3e17, whole=True)
    assert ticks == (0, 2e17, 4e17, 6e17, 8e17, 1e18)


def test_many_points_draw_a_line_over_an_area_closed_on_the_zero_line() -> None:
    chart = timeseries_chart(_series(10, 40, 25, 90))
    assert chart is not None
    line = _coordinates(chart.line)
    assert len(line) == 4
    xs = [x for x, _ in line]
    assert xs == sorted(xs) and xs[0] == chart.box.left and xs[-1] == chart.box.right
    assert min(y for _, y in line) >= chart.box.top  # 90 is under the top tick (100)
    area = _coordinates(chart.area)
    assert area[0] == (xs[0], chart.zero) and area[-1] == (xs[-1], chart.zero)
    assert chart.area.endswith("Z")
    assert chart.zero == chart.box.bottom
    assert [t.text for t in chart.y_ticks] == ["0", "20", "40", "60", "80", "100"]
    assert len(chart.markers) == 4
    assert chart.last.text == "90" and chart.last.x == chart.box.right


def test_the_y_of_a_value_follows_its_tick() -> None:
    chart = timeseries_chart(_series(0, 50, 100))
    assert chart is not None
    tick = {t.text: t.y for t in chart.y_ticks}
    assert [y for _, y in _coordinates(chart.line)] == [
        tick["0"],
        tick["40"] - (tick["40"] - tick["60"]) / 2,
        tick["100"],
    ]


def test_a_single_point_still_draws_a_marker_and_its_value() -> None:
    chart = timeseries_chart(_series(1234))
    assert chart is not None
    assert chart.line == "" and chart.area == ""
    (marker,) = chart.markers
    assert marker.x == (chart.box.left + chart.box.right) / 2
    assert chart.last.text == "1,234" and chart.last.anchor == "middle"
    assert chart.desc == "Revenue per day: one point, 1,234 on 2026-03-01."


def test_no_point_is_no_chart() -> None:
    assert timeseries_chart(_series()) is None
    assert breakdown_chart(BreakdownWidget("b", "By status")) is None


def test_all_zero_values_lie_on_the_zero_line() -> None:
    chart = timeseries_chart(_series(0, 0, 0))
    assert chart is not None
    assert {y for _, y in _coordinates(chart.line)} == {chart.zero}
    assert [t.text for t in chart.y_ticks] == ["0", "1"]


def test_negative_values_are_drawn_below_the_zero_line() -> None:
    chart = timeseries_chart(_series(-5, 10))
    assert chart is not None
    (_, y0), (_, y1) = _coordinates(chart.line)
    assert chart.box.top <= y1 < chart.zero < y0 <= chart.box.bottom
    assert [t.text for t in chart.y_ticks] == ["-5", "0", "5", "10"]


def test_huge_values_get_short_axis_labels_and_full_written_values() -> None:
    chart = timeseries_chart(_series(2_500_000_000, 9_300_000_000))
    assert chart is not None
    assert [t.text for t in chart.y_ticks] == ["0", "2B", "4B", "6B", "8B", "10B"]
    assert chart.last.text == "9,300,000,000"
    assert chart.box.left < 60  # the value axis does not eat the plot


def test_points_are_placed_by_their_time_and_dates_label_the_x_axis() -> None:
    points = tuple(TimeSeriesPoint(at, 1) for at in ("2025-12-30", "2025-12-31", "2026-01-09"))
    chart = timeseries_chart(TimeSeriesWidget("s", "Orders", points))
    assert chart is not None
    xs = [x for x, _ in _coordinates(chart.line)]
    assert xs[1] - xs[0] == pytest.approx((xs[2] - xs[0]) / 10, abs=0.1)
    assert [t.text for t in chart.x_ticks] == ["30 Dec 2025", "31 Dec", "9 Jan 2026"]
    assert [t.anchor for t in chart.x_ticks] == ["start", "middle", "end"]


def test_hours_of_one_day_are_labelled_by_time_and_unparsable_dates_are_spaced_evenly() -> None:
    hours = tuple(TimeSeriesPoint(f"2026-03-01T{h:02d}:00:00", h) for h in range(24))
    chart = timeseries_chart(TimeSeriesWidget("h", "Per hour", hours))
    assert chart is not None and chart.x_ticks[0].text == "00:00"
    assert chart.x_ticks[-1].text == "23:00"
    weeks = tuple(TimeSeriesPoint(at, 1) for at in ("week 1", "week 2", "week 10"))
    chart = timeseries_chart(TimeSeriesWidget("w", "Per week", weeks))
    assert chart is not None
    xs = [x for x, _ in _coordinates(chart.line)]
    assert xs[1] - xs[0] == pytest.approx(xs[2] - xs[1], abs=0.1)
    assert [t.text for t in chart.x_ticks] == ["week 1", "week 2", "week 10"]


def test_long_series_mark_only_their_last_point() -> None:
    month = timeseries_chart(_series(*range(28)))
    assert month is not None and len(month.markers) == 28
    days = tuple(
        TimeSeriesPoint(f"2026-{m:02d}-{d:02d}", d) for m in range(1, 13) for d in range(1, 29)
    )
    year = timeseries_chart(TimeSeriesWidget("y", "Year", days))
    assert year is not None
    (last,) = year.markers
    assert last.text == "2026-12-28: 28"


def test_naive_and_aware_times_mixed_are_spaced_evenly() -> None:
    ats = ("2026-01-01", "2026-01-02T00:00:00+00:00", "2026-01-09")
    chart = timeseries_chart(TimeSeriesWidget("m", "Mixed", [TimeSeriesPoint(a, 1) for a in ats]))
    assert chart is not None
    xs = [x for x, _ in _coordinates(chart.line)]
    assert xs[1] - xs[0] == pytest.approx(xs[2] - xs[1], abs=0.1)


def test_the_description_names_the_span_the_highest_and_the_latest_value() -> None:
    chart = timeseries_chart(_series(1000, 123450, 5000, unit="EUR"))
    assert chart is not None
    assert chart.desc == (
        "Revenue per day: 3 points from 2026-03-01 to 2026-03-03; "
        "highest EUR 1,234.50 on 2026-03-02; latest EUR 50.00."
    )
    assert chart.caption.text == "EUR"
    assert [t.text for t in chart.y_ticks][:2] == ["0", "200"]
    assert chart.rows[1] == ("2026-03-02", "EUR 1,234.50")


def test_the_same_widget_gives_the_same_chart() -> None:
    assert timeseries_chart(_series(5, 8, 2), "m") == timeseries_chart(_series(5, 8, 2), "m")


def test_bars_keep_the_given_order_and_scale_to_the_largest_value() -> None:
    segments = (BreakdownSegment("pending", 1), BreakdownSegment("active", 4))
    chart = breakdown_chart(BreakdownWidget("s", "Vendors by status", segments))
    assert chart is not None
    pending, active = chart.bars
    assert (pending.label, active.label) == ("pending", "active")
    assert pending.y < active.y
    assert pending.width == pytest.approx(active.width / 4, abs=0.1)
    assert active.value_x + 7 <= chart.width  # the value is written after the bar, inside
    assert chart.desc == "Vendors by status: 2 categories; largest active with 4; total 5."
    assert chart.height >= active.y + 12


def test_zero_and_negative_segments_draw_no_bar_but_are_written() -> None:
    segments = (BreakdownSegment("refunds", -300), BreakdownSegment("none", 0))
    chart = breakdown_chart(BreakdownWidget("r", "Refunds", segments, unit="EUR"))
    assert chart is not None
    assert [b.width for b in chart.bars] == [0.0, 0.0]
    assert [b.value for b in chart.bars] == ["EUR -3.00", "EUR 0.00"]


def test_a_long_label_is_cut_on_the_chart_and_whole_in_the_table() -> None:
    label = "a very long category name " * 10
    chart = breakdown_chart(BreakdownWidget("l", "Long", (BreakdownSegment(label, 1),)))
    assert chart is not None
    (bar,) = chart.bars
    assert bar.label.endswith("…") and len(bar.label) < 50
    assert bar.full_label == label and chart.rows == ((label, "1"),)


def test_chart_ids_are_safe_for_aria_and_distinct_per_module() -> None:
    first, second = chart_id("orders", "revenue.day"), chart_id("catalog", "revenue.day")
    assert first != second
    assert re.fullmatch(r"[A-Za-z0-9_-]+", first)
    assert re.fullmatch(r"chart-x-+script-[0-9a-f]{8}", chart_id("x", '"><script>'))


def test_values_no_float_can_hold_are_written_and_drawn_as_zero() -> None:
    series = timeseries_chart(_series(float("nan"), 10**400, 5))
    assert series is not None
    assert [v for _, v in series.rows][:2] == ["n/a", f"{10**400:,}"]
    assert [t.text for t in series.y_ticks] == ["0", "1", "2", "3", "4", "5"]
    segments = (BreakdownSegment("lost", float("inf")), BreakdownSegment("cents", 10**30 + 1))
    bars = breakdown_chart(BreakdownWidget("b", "Big", segments, unit="EUR"))
    assert bars is not None
    assert bars.bars[0].width == 0.0
    assert bars.desc.endswith("total EUR 10,000,000,000,000,000,000,000,000,000.01.")
