"""Optional modules are mounted when a request first needs them, not at start-up (ADR 0021)."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient

from mercato.bootstrap.app import MercatoApp
from tests.support.world import World, optional_builtins

pytestmark = pytest.mark.e2e


def test_start_up_mounts_the_core_modules_only(app: MercatoApp) -> None:
    with TestClient(app, base_url="http://north.test") as client:
        assert client.get("/health").status_code == 200
        assert set(app.mounter.mounted) == {"core", "tenancy", "customers"}
        assert not {"catalog", "orders"} & set(app.mounter.mounted)


def test_the_first_request_to_an_optional_module_mounts_it_and_is_served(
    app: MercatoApp, world: World
) -> None:
    with TestClient(app, base_url="http://north.test") as client:
        client.headers["Authorization"] = f"Bearer {world.tokens['acme']}"
        assert "catalog" not in app.mounter.mounted

        first = client.get("/api/v1/vendors/acme/products")

        assert first.status_code == 200, first.text
        assert first.json()["items"] == []
        assert set(optional_builtins()) <= set(app.mounter.mounted)
        assert client.get("/api/v1/vendors/acme/orders").status_code == 200


def test_the_schema_lists_the_optional_modules_without_a_request_before_it(
    app: MercatoApp,
) -> None:
    with TestClient(app, base_url="http://north.test") as client:
        schema = client.get("/schema/openapi.json")

    assert schema.status_code == 200
    ids = {op["operationId"] for item in schema.json()["paths"].values() for op in item.values()}
    assert {"listProducts", "listOrders", "listStockLevels", "listCustomers"} <= ids


def test_a_path_no_module_has_is_still_not_found_after_mounting(app: MercatoApp) -> None:
    with TestClient(app, base_url="http://north.test") as client:
        assert client.get("/no/such/page").status_code == 404
        assert set(optional_builtins()) <= set(app.mounter.mounted)
        assert client.get("/no/such/page").status_code == 404
