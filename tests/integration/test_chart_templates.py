"""The chart templates: accessible, escaped, self-contained, well-formed, deterministic SVG."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

import pytest

from mercato.adapters.web.templating import TemplateLoaders, create_environment
from mercato.ports.widgets import (
    BreakdownSegment,
    BreakdownWidget,
    DashboardWidget,
    TimeSeriesPoint,
    TimeSeriesWidget,
)

pytestmark = pytest.mark.integration

SCRIPT = "<script>alert(1)</script>"
SVG = "{http://www.w3.org/2000/svg}"


def _render(widgets: Sequence[DashboardWidget], scope: str = "orders") -> str:
    env = create_environment(TemplateLoaders())
    page = env.from_string(
        '{% from "widgets/macros.html" import render_widget %}'
        "{% for w in widgets %}{{ render_widget(w, scope) }}{% endfor %}"
    )
    return page.render(widgets=widgets, scope=scope)


def _svgs(html: str) -> list[ET.Element]:
    fragments = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    return [ET.fromstring(f.replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1)) for f in fragments]


REVENUE = TimeSeriesWidget(
    "revenue",
    "Revenue per day",
    tuple(TimeSeriesPoint(f"2026-03-{d:02d}", d * 1000) for d in range(1, 31)),
    unit="EUR",
)
STATUS = BreakdownWidget(
    "status", "Orders by state", (BreakdownSegment("paid", 12), BreakdownSegment("shipped", 3))
)


def test_a_chart_is_an_image_named_and_described_with_its_numbers_in_a_table() -> None:
    html = _render([REVENUE, STATUS])
    for svg in _svgs(html):
        assert svg.get("role") == "img"
        title_id, desc_id = svg.get("aria-labelledby", "").split()
        assert svg.find(f"{SVG}title").get("id") == title_id  # type: ignore[union-attr]
        assert svg.find(f"{SVG}desc").get("id") == desc_id  # type: ignore[union-attr]
    assert html.count("<figure") == 2 and html.count("<table") == 2
    assert "<summary>Show the numbers</summary>" in html
    assert '<tr><th scope="row">2026-03-12</th><td>EUR 120.00</td></tr>' in html
    assert '<tr><th scope="row">shipped</th><td>3</td></tr>' in html
    assert "highest EUR 300.00 on 2026-03-30" in html
    assert ">EUR 300.00</text>" in html  # the last value is written on the chart
    assert html.count("<circle") == 30  # points are marked, not only coloured


def test_the_markup_fetches_nothing_and_runs_nothing() -> None:
    html = _render([REVENUE, STATUS, TimeSeriesWidget("one", "One", (TimeSeriesPoint("x", 1),))])
    assert len(_svgs(html)) == 3
    assert not re.search(r"<script|href|src=|url\(|@import|\son\w+=", html)


def test_labels_titles_and_dates_are_escaped() -> None:
    widgets = [
        BreakdownWidget("b", SCRIPT, (BreakdownSegment(SCRIPT, 1),)),
        TimeSeriesWidget("t", SCRIPT, (TimeSeriesPoint(SCRIPT, 1), TimeSeriesPoint("x", 2))),
    ]
    html = _render(widgets)
    assert "<script" not in html
    assert "&lt;script&gt;" in html
    assert len(_svgs(html)) == 2  # still well-formed


def test_an_empty_widget_shows_its_empty_text_and_no_chart() -> None:
    html = _render(
        [
            TimeSeriesWidget("t", "Revenue", (), "EUR", empty_text="No sales yet."),
            BreakdownWidget("b", "States", (), empty_text="No orders yet."),
        ]
    )
    assert "No sales yet." in html and "No orders yet." in html
    assert "<svg" not in html


def test_the_same_data_draws_the_same_markup_and_ids_differ_per_module() -> None:
    assert _render([REVENUE, STATUS]) == _render([REVENUE, STATUS])
    ids = set(re.findall(r'id="([^"]+)"', _render([REVENUE]) + _render([REVENUE], "catalog")))
    assert len(ids) == 6  # figure, title and desc, twice


def test_templates_write_any_value_by_the_unit_convention() -> None:
    env = create_environment(TemplateLoaders())
    page = env.from_string("{{ 123450 | amount('EUR') }} / {{ 1234 | amount('count') }}")
    assert page.render() == "EUR 1,234.50 / 1,234"
