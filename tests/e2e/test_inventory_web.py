"""The stock API and pages over HTTP, with the catalog reached through its port (a fake
reader wired into inventory's contract lookup: acme sells ``TEE-M`` (variant 11) and ``MUG``
(13), globex ``GLOBEX-1`` (21))."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar.testing import TestClient

from mercato.bootstrap.app import MercatoApp
from tests.support.inventory_kit import variant, wire_catalog
from tests.support.world import World, csrf_from, sign_in

pytestmark = pytest.mark.e2e

Client = TestClient[MercatoApp]
API = "/api/v1/vendors/acme/stock"
HTML = {"accept": "text/html"}


@pytest.fixture
def catalog(app: MercatoApp, world: World) -> None:
    acme, globex = world.vendors["acme"], world.vendors["globex"]
    wire_catalog(
        app.state["container"],
        [variant(acme, 11, "TEE-M"), variant(acme, 13, "MUG"), variant(globex, 21, "GLOBEX-1")],
    )


@pytest.fixture
def acme(app: MercatoApp, world: World, catalog: None) -> Iterator[Client]:
    with TestClient(app, base_url="http://north.test") as c:
        c.headers["Authorization"] = f"Bearer {world.tokens['acme']}"
        yield c


def test_receipts_and_adjustments_move_the_levels_and_fill_the_ledger(acme: Client) -> None:
    r = acme.post(f"{API}/movements", json={"sku": "TEE-M", "kind": "receipt", "quantity": 8})
    assert r.status_code == 201, r.text
    assert r.json()["on_hand"] == 8 and r.json()["location"] == "main"
    r = acme.post(
        f"{API}/movements",
        json={"sku": "TEE-M", "kind": "adjustment", "quantity": -3, "location": "main"},
    )
    assert r.json()["available"] == 5
    acme.post(
        f"{API}/movements",
        json={"sku": "TEE-M", "kind": "receipt", "quantity": 2, "location": "backroom"},
    )
    levels = acme.get(API, params={"sku": "TEE-M"}).json()["items"]
    assert {(lv["location"], lv["on_hand"]) for lv in levels} == {("main", 5), ("backroom", 2)}
    assert acme.get(API).json()["total"] == 2
    first = acme.get(f"{API}/movements", params={"size": 2}).json()
    assert [m["quantity"] for m in first["items"]] == [2, -3]
    rest = acme.get(f"{API}/movements", params={"size": 2, "before": first["next_before"]})
    assert [m["quantity"] for m in rest.json()["items"]] == [8]
    assert rest.json()["next_before"] is None


def test_refusals_say_why(acme: Client) -> None:
    r = acme.post(f"{API}/movements", json={"sku": "TEE-M", "kind": "adjustment", "quantity": -1})
    assert r.status_code == 409 and "cannot change by -1" in r.json()["detail"]
    r = acme.post(f"{API}/movements", json={"sku": "GLOBEX-1", "kind": "receipt", "quantity": 1})
    assert r.status_code == 404 and "GLOBEX-1" in r.json()["detail"]
    r = acme.post(f"{API}/movements", json={"sku": "MUG", "kind": "sale", "quantity": 1})
    assert r.status_code == 400
    assert acme.get(API, params={"sku": "NOPE"}).status_code == 404


def test_thresholds_mark_the_levels_below_them(acme: Client) -> None:
    acme.post(f"{API}/movements", json={"sku": "MUG", "kind": "receipt", "quantity": 3})
    acme.post(f"{API}/movements", json={"sku": "TEE-M", "kind": "receipt", "quantity": 9})
    r = acme.put(f"{API}/settings", json={"sku": "MUG", "low_stock_threshold": 5})
    assert r.status_code == 200 and r.json()[0]["below_threshold"] is True
    below = acme.get(API, params={"below_threshold": "true"}).json()["items"]
    assert [lv["sku"] for lv in below] == ["MUG"]
    board = acme.get("/api/v1/vendors/acme/dashboard").json()
    assert "inventory.below_threshold" in str(board) and "MUG" in str(board)


def test_the_pages_list_record_and_show_field_errors(
    app: MercatoApp, world: World, catalog: None
) -> None:
    with TestClient(app, base_url="http://north.test") as c:
        assert sign_in(c, world.email("acme-owner")).status_code == 200
        page = c.get("/vendor/acme/stock", headers=HTML)
        assert page.status_code == 200 and 'data-form="movement"' in page.text
        csrf = csrf_from(page.text)
        form = {"_csrf_token": csrf, "sku": "MUG", "kind": "receipt", "quantity": "many"}
        r = c.post("/vendor/acme/stock/movements", data=form, headers=HTML)
        assert r.status_code == 400
        assert 'data-error-for="quantity"' in r.text and 'value="MUG"' in r.text
        form["quantity"] = "4"
        r = c.post("/vendor/acme/stock/movements", data=form, headers=HTML, follow_redirects=False)
        assert r.status_code == 303
        listed = c.get("/vendor/acme/stock", headers=HTML).text
        assert 'data-sku="MUG"' in listed and "4 on hand" in listed
        assert 'data-kind="receipt"' in c.get("/vendor/acme/stock/movements", headers=HTML).text
        form = {"_csrf_token": csrf, "sku": "MUG", "low_stock_threshold": "-2"}
        r = c.post("/vendor/acme/stock/settings", data=form, headers=HTML)
        assert r.status_code == 400 and 'data-error-for="low_stock_threshold"' in r.text


def test_operators_see_every_vendors_stock_of_the_platform(
    acme: Client, admin_client: Client
) -> None:
    acme.post(f"{API}/movements", json={"sku": "MUG", "kind": "receipt", "quantity": 2})
    page = admin_client.get("/admin/stock", headers=HTML)
    assert page.status_code == 200
    assert 'data-vendor="acme"' in page.text and 'data-sku="MUG"' in page.text
    assert '<form method="post"' not in page.text.split("<main", 1)[-1]
