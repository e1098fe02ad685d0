"""Dashboard charts as Chromium draws them: a real size, labels inside, nothing fetched."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Request

from mercato.adapters.web.templating import CORE_TEMPLATES, TemplateLoaders, create_environment
from mercato.ports.widgets import (
    BreakdownSegment,
    BreakdownWidget,
    DashboardWidget,
    TimeSeriesPoint,
    TimeSeriesWidget,
)

pytestmark = pytest.mark.browser

CSS = CORE_TEMPLATES.parent / "static" / "mercato.css"
WIDGETS: tuple[DashboardWidget, ...] = (
    TimeSeriesWidget(
        "revenue",
        "Revenue per day",
        tuple(TimeSeriesPoint(f"2026-01-{d:02d}", d * 12_345) for d in range(1, 31)),
        unit="EUR",
    ),
    TimeSeriesWidget(
        "net", "Net", (TimeSeriesPoint("2026-01-01", -5), TimeSeriesPoint("2026-01-02", 9))
    ),
    TimeSeriesWidget("one", "One day", (TimeSeriesPoint("2026-01-01", 7),)),
    BreakdownWidget(
        "states",
        "Orders by state",
        (BreakdownSegment("paid", 1_234_567), BreakdownSegment("x" * 300, 3)),
    ),
)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """The four charts on a dashboard-like page, with the app's stylesheet, at 1000 px."""
    env = create_environment(TemplateLoaders())
    html = env.from_string(
        '<!doctype html><html><head><style>{{ css }}</style></head><body><main class="content">'
        '<section class="widgets">{% from "widgets/macros.html" import render_widget %}'
        '{% for w in widgets %}{{ render_widget(w, "m") }}{% endfor %}'
        "</section></main></body></html>"
    ).render(css=CSS.read_text(encoding="utf-8"), widgets=WIDGETS)
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    requests: list[Request] = []

    def record(request: Request) -> None:
        requests.append(request)

    context.on("request", record)
    tab = context.new_page()
    tab.set_content(html)
    yield tab
    assert requests == []  # no font, image or script was fetched
    context.close()


def test_every_chart_is_drawn_with_a_size_and_its_values_inside_it(page: Page) -> None:
    charts = page.locator("figure.chart svg")
    assert charts.count() == len(WIDGETS)
    for i in range(charts.count()):
        svg = charts.nth(i)
        box = svg.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 50
        for value in svg.locator(".chart-value").all():
            label = value.bounding_box()
            assert label is not None and label["width"] > 0
            assert (
                box["x"] - 1 <= label["x"]
                and label["x"] + label["width"] <= box["x"] + box["width"] + 1
            )


def test_the_numbers_open_as_a_table(page: Page) -> None:
    figure = page.locator("figure.chart").first
    table = figure.locator("table")
    assert not table.is_visible()
    figure.get_by_text("Show the numbers").click()
    assert table.is_visible()
    assert table.locator("tbody tr").count() == 30
