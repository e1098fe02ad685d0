"""A dashboard keeps every widget and item, and drops the links the viewer may not follow."""

from __future__ import annotations

import pytest

from mercato.domain.core.aggregators import Dashboard
from mercato.domain.core.isolation import Slot
from mercato.ports.scope import Scope
from mercato.ports.widgets import BreakdownSegment, BreakdownWidget, ListWidget, ListWidgetItem

pytestmark = pytest.mark.unit


def test_links_the_viewer_may_not_open_become_plain_items() -> None:
    orders = ListWidget(
        "recent_orders",
        "Recent orders",
        (
            ListWidgetItem("Order 2", "b", url="/closed/2", badge="open"),
            ListWidgetItem("Order 1", "a", url="/open/1"),
            ListWidgetItem("Draft", "c"),
        ),
    )
    chart = BreakdownWidget("by_status", "By status", (BreakdownSegment("open", 2),))
    board = Dashboard(
        Scope(1, "north"),
        (),
        (
            Slot("orders", "Orders", "ok", (orders, chart)),
            Slot("broken", "Broken", "unavailable", (), "boom"),
        ),
    )
    shown = board.with_links(lambda url: url.startswith("/open/"))
    kept, same_chart = shown.widgets[0].items
    assert isinstance(kept, ListWidget)
    assert [(i.title, i.url, i.badge) for i in kept.items] == [
        ("Order 2", None, "open"),
        ("Order 1", "/open/1", None),
        ("Draft", None, None),
    ]
    assert same_chart is chart
    assert shown.widgets[1] == board.widgets[1]
    assert board.widgets[0].items[0] is orders  # the original is unchanged
