"""Dashboards offer a widget's link only to a viewer the linked route would let in: the
items stay, as plain text, for a viewer who may not open them (a team member holding only
the exports, say), in the page and in the JSON API alike."""

from __future__ import annotations

import re
from typing import Any

import pytest

from mercato.adapters.web.link_gate import LinkGate
from mercato.ports.permissions import Principal
from tests.support.app import mount_enabled
from tests.support.orders_web import Client, as_token, member, place, product, receive
from tests.support.world import World, sign_in

pytestmark = pytest.mark.e2e

HTML = {"accept": "text/html"}
EXPORTS = ("dashboard.view", "orders.export", "products.export", "stock.view")


@pytest.fixture
def product_id(client: Client, world: World) -> int:
    """acme's tee, 5 in stock, and one order of it."""
    with as_token(client, world.tokens["acme"]) as c:
        made = product(c, "acme", "Linked Tee", ("LINK-S", 1990))
        receive(c, "acme", "LINK-S", 5)
        assert place(c, "acme", ("LINK-S", 1)).status_code == 201
    return int(made["id"])


def _items(board: dict[str, Any], key: str) -> list[dict[str, Any]]:
    for slot in board["widgets"]:
        for widget in slot["widgets"]:
            if widget["key"] == key:
                return list(widget["items"])
    raise AssertionError(f"no widget {key}")


def _links(html: str) -> set[str]:
    return set(re.findall(r'<a href="([^"]+)"', html.split('aria-label="Widgets"', 1)[1]))


def test_an_owner_sees_the_widgets_linked(client: Client, world: World, product_id: int) -> None:
    assert sign_in(client, world.email("acme-owner")).status_code == 200
    links = _links(client.get("/vendor/acme/", headers=HTML).text)
    assert "/vendor/acme/orders/1" in links
    assert f"/vendor/acme/products/{product_id}" in links


def test_a_member_holding_only_exports_sees_the_items_without_links(
    client: Client, world: World, product_id: int
) -> None:
    token = member(world, "acme-exporter", "Exports", holding=EXPORTS)
    assert sign_in(client, world.email("acme-exporter")).status_code == 200
    page = client.get("/vendor/acme/", headers=HTML)
    assert page.status_code == 200
    widgets = page.text.split('aria-label="Widgets"', 1)[1]
    assert 'data-widget="recent_orders"' in widgets and "Order 1" in widgets
    assert 'data-widget="recent_products"' in widgets and "Linked Tee" in widgets
    assert _links(page.text) == set()
    assert client.get("/vendor/acme/orders/1", headers=HTML).status_code == 403
    with as_token(client, token) as c:
        board = c.get("/api/v1/vendors/acme/dashboard").json()
    assert [(i["title"], i["url"]) for i in _items(board, "recent_orders")] == [("Order 1", None)]
    assert [(i["title"], i["url"]) for i in _items(board, "recent_products")] == [
        ("Linked Tee", None)
    ]


def test_the_admin_dashboard_links_recent_orders_to_the_operators_order_page(
    client: Client, world: World, product_id: int
) -> None:
    assert sign_in(client, world.email("admin")).status_code == 200
    board = client.get("/admin/", headers=HTML).text
    assert "/admin/orders/acme/1" in _links(board)
    page = client.get("/admin/orders/acme/1", headers=HTML)
    assert page.status_code == 200 and "Order 1 of Acme" in page.text
    assert "<code>LINK-S</code>" in page.text and "data-read-only" in page.text
    assert '<form method="post"' not in page.text.split("<main", 1)[-1]
    listed = client.get("/admin/orders", headers=HTML).text
    assert '<a href="/admin/orders/acme/1">1</a>' in listed


def test_the_gate_asks_the_routes_guard(client: Client, world: World) -> None:
    """An operator without ``orders.view`` (only exports) is not offered the order; the vendor
    gate offers only its own vendor's pages; no route, no link."""
    mount_enabled(client)
    app = client.app
    registry = app.state["registry"]
    enabled = frozenset(d.code for d in registry)
    everything = frozenset(p for d in registry for p in d.permission_codes()) - {"orders.view"}

    def gate(kind: Any, permissions: frozenset[str]) -> LinkGate:
        principal = Principal("user:1", "Op", permissions)
        return LinkGate(app, registry, enabled, {kind: principal}, "acme")

    no_view = gate("platform", everything)
    assert not no_view.allows("/admin/orders/acme/1")
    assert not no_view.allows("/admin/orders?q=1")
    assert no_view.allows("/admin/catalog?q=tee")
    viewer = gate("platform", frozenset({"orders.view"}))
    assert viewer.allows("/admin/orders/acme/1")
    assert not viewer.allows("/vendor/acme/orders/1")  # no vendor principal on this page
    vendor = gate("vendor", frozenset({"orders.view"}))
    assert vendor.allows("/vendor/acme/orders/1")
    assert not vendor.allows("/vendor/globex/orders/1")
    assert not vendor.allows("/vendor/acme/orders/1/pay")  # a POST route: no GET to open
    assert not vendor.allows("/nowhere/at/all")
    assert not vendor.allows("http://elsewhere.example/vendor/acme/orders/1")
