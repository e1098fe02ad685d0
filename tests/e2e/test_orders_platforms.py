"""Orders on a platform without inventory, and the dashboards' orders numbers and widgets."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from mercato.adapters.db.migrations import upgrade
from mercato.bootstrap.app import create_app
from tests.conftest import builtin_folders
from tests.support.app import container_with
from tests.support.flaky.definition import MODULE as FLAKY
from tests.support.orders_web import Client, act, as_token, place, product, receive
from tests.support.probe.definition import MODULE as PROBE
from tests.support.world import World, build_world

pytestmark = pytest.mark.e2e


@pytest.fixture
def without_inventory(tmp_path: Path) -> Iterator[Client]:
    """acme's token on north, where catalog and orders are enabled and inventory is not."""
    url = f"sqlite:///{tmp_path / 'bare.db'}"
    upgrade(url, builtin_folders())
    world = build_world(url, {"north": ["catalog", "orders"]})
    app = create_app(container=container_with(url, (PROBE, FLAKY)))
    with TestClient(app, base_url="http://north.test") as c:
        c.headers["Authorization"] = f"Bearer {world.tokens['acme']}"
        yield c


def test_without_inventory_orders_are_placed_with_no_reservation(
    without_inventory: Client,
) -> None:
    c = without_inventory
    product(c, "acme", "Mug", ("MUG", 900))
    assert c.get("/api/v1/vendors/acme/stock").status_code == 404  # inventory is off here
    r = place(c, "acme", ("MUG", 500))  # nothing in stock, nothing checked
    assert r.status_code == 201, r.text
    assert r.json()["total"] == {"amount": 450000, "currency": "EUR"}
    assert act(c, "acme", 1, "fulfil").json()["fulfilment"] == "fulfilled"
    place(c, "acme", ("MUG", 1))
    assert act(c, "acme", 2, "cancel").json()["status"] == "cancelled"


def _metrics(body: dict[str, Any]) -> dict[str, Any]:
    (orders,) = [s["metrics"] for s in body["metrics"] if s["module"] == "orders"]
    return {m["key"]: (m["value"], m.get("unit")) for m in orders}


def _widgets(body: dict[str, Any]) -> dict[str, Any]:
    (orders,) = [s["widgets"] for s in body["widgets"] if s["module"] == "orders"]
    return {w["key"]: w for w in orders}


def test_the_dashboards_count_orders_and_draw_revenue_per_currency(
    api_as: Callable[..., Client], world: World
) -> None:
    acme = api_as("acme")
    board = "/api/v1/vendors/acme/dashboard"
    before = _metrics(acme.get(board).json())
    assert before["orders.today"] == (0, "count") and before["orders.last_30_days"][0] == 0
    assert _widgets(acme.get(board).json())["recent_orders"]["items"] == []
    product(acme, "acme", "Tee", ("TEE", 1000))
    receive(acme, "acme", "TEE", 20)
    place(acme, "acme", ("TEE", 2), shipping=500)
    place(acme, "acme", ("TEE", 1))
    act(acme, "acme", 2, "pay")
    body = acme.get(board).json()
    metrics = _metrics(body)
    assert metrics["orders.today"][0] == 2 and metrics["orders.last_30_days"][0] == 2
    assert metrics["orders.revenue_30_days.eur"] == (3500, "EUR")
    assert metrics["orders.average_order_value.eur"] == (1750, "EUR")
    widgets = _widgets(body)
    recent = widgets["recent_orders"]["items"]
    assert [i["title"] for i in recent] == ["Order 2", "Order 1"]
    assert recent[0]["url"] == "/vendor/acme/orders/2" and recent[0]["badge"] == "open"
    series = widgets["revenue_eur"]
    assert series["kind"] == "timeseries" and series["unit"] == "EUR"
    assert len(series["points"]) == 30 and series["points"][-1]["value"] == 3500
    by_status = {s["label"]: s["value"] for s in widgets["orders_by_status"]["segments"]}
    assert by_status["open"] == 2
    act(acme, "acme", 1, "cancel")
    metrics = _metrics(acme.get(board).json())
    assert metrics["orders.last_30_days"][0] == 1
    assert metrics["orders.revenue_30_days.eur"] == (1000, "EUR")
    with as_token(acme, world.tokens["admin@north"]) as admin:
        platform = admin.get("/api/v1/admin/dashboard").json()
    assert _metrics(platform)["orders.revenue_30_days.eur"] == (1000, "EUR")
    admin_recent = _widgets(platform)["recent_orders"]["items"]
    assert [i["title"] for i in admin_recent] == ["Order 2", "Order 1"]
    assert "Acme" in admin_recent[0]["subtitle"]
    assert admin_recent[0]["url"] == "/admin/orders/acme/2"
    by_status = {s["label"]: s["value"] for s in _widgets(platform)["orders_by_status"]["segments"]}
    assert (by_status["open"], by_status["cancelled"]) == (1, 1)
