"""The walking skeleton over HTTP: health, dashboard, menu, schema, module guards."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import TestClient

from mercato.bootstrap.app import MercatoApp
from tests.support.world import World, optional_builtins, sign_in

pytestmark = pytest.mark.e2e


def _get(client: TestClient[Any], path: str, host: str = "north.test") -> Any:
    """GET as the super admin's token of the platform of ``host``."""
    token = client.app.state["test_world"].tokens[f"admin@{host.split('.', maxsplit=1)[0]}"]
    return client.get(path, headers={"host": host, "Authorization": f"Bearer {token}"})


def _post(client: TestClient[Any], path: str, host: str = "north.test") -> Any:
    token = client.app.state["test_world"].tokens[f"admin@{host.split('.', maxsplit=1)[0]}"]
    return client.post(path, headers={"host": host, "Authorization": f"Bearer {token}"})


@pytest.fixture
def client(client: TestClient[MercatoApp], world: World) -> TestClient[MercatoApp]:
    """The anonymous client, which ``_get`` turns into the super admin's token."""
    client.app.state["test_world"] = world
    return client


def test_health_reports_database_and_disabled_redis(client: TestClient[MercatoApp]) -> None:
    r = client.get("/health")
    assert r.status_code == 200
    assert r.json() == {
        "status": "ok",
        "database": "ok",
        "redis": "disabled",
        "broken_modules": {},
    }


def test_dashboard_json_has_a_slot_per_module_with_a_provider(
    client: TestClient[MercatoApp], world: World
) -> None:
    body = _get(client, "/api/v1/admin/dashboard").json()
    assert body["platform"] == "north"
    slots = {s["module"]: s for s in body["metrics"]}
    assert set(slots) == {"tenancy", "customers", "probe", *optional_builtins()}
    tenancy = {m["key"]: m["value"] for m in slots["tenancy"]["metrics"]}
    assert tenancy["tenancy.vendors.active"] == 2  # acme and globex on north
    assert tenancy["tenancy.team_members"] == 3
    assert slots["probe"]["metrics"][0]["value"] == world.platforms["north"]
    widgets = {s["module"]: s for s in body["widgets"]}
    recent = widgets["tenancy"]["widgets"][0]
    assert recent["key"] == "recent_vendors"
    assert {i["subtitle"] for i in recent["items"]} == {"acme", "globex"}
    probe = [w["kind"] for w in widgets["probe"]["widgets"]]
    assert probe == ["list", "breakdown", "timeseries"]
    assert body["unavailable"] == []


def test_platform_is_resolved_from_the_host(client: TestClient[MercatoApp]) -> None:
    south = _get(client, "/api/v1/admin/dashboard", host="south.test").json()
    assert south["platform"] == "south"
    assert {s["module"] for s in south["metrics"]} == {"tenancy", "customers"}
    tenancy = {m["key"]: m["value"] for m in south["metrics"][0]["metrics"]}
    assert tenancy["tenancy.vendors.active"] == 1  # acme only: counted once per platform


def test_menu_lists_enabled_modules_items_for_the_frontend(
    client: TestClient[MercatoApp],
) -> None:
    north = _get(client, "/api/v1/admin/menu?frontend=admin").json()
    ids = [i["id"] for s in north["sections"] for i in s["items"]]
    assert ids[0] == "dashboard"
    assert "probe" in ids and "modules" in ids
    south = _get(client, "/api/v1/admin/menu?frontend=admin", host="south.test").json()
    assert "probe" not in [i["id"] for s in south["sections"] for i in s["items"]]
    vendor = _get(client, "/api/v1/vendors/acme/menu").json()
    assert vendor["sections"][0]["items"][0]["url"] == "/vendor/acme/"


def test_menu_with_an_unknown_frontend_is_a_400_with_a_json_body(
    client: TestClient[MercatoApp],
) -> None:
    r = _get(client, "/api/v1/admin/menu?frontend=spaceship")
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("application/json")
    assert "frontend" in r.text


def test_a_module_disabled_on_the_platform_answers_404_on_its_routes(
    client: TestClient[MercatoApp],
) -> None:
    assert _get(client, "/api/v1/probe/ping").json() == {"probe": "pong"}
    r = _get(client, "/api/v1/probe/ping", host="south.test")
    assert r.status_code == 404
    assert r.json()["status_code"] == 404


def test_dashboard_page_renders_metrics_widgets_and_module_context(
    client: TestClient[MercatoApp],
) -> None:
    sign_in(client, "admin@example.com")
    r = client.get("/admin/", headers={"host": "north.test", "accept": "text/html"})
    assert r.status_code == 200
    html = r.text
    assert 'data-metric="tenancy.vendors.active"' in html
    assert 'data-widget="recent_vendors"' in html
    for key in ("probe_list", "probe_breakdown", "probe_series"):
        assert f'data-widget="{key}"' in html
    assert 'data-menu-item="probe"' in html
    assert "North Market" in html


def test_unknown_html_page_is_a_404_page(client: TestClient[MercatoApp]) -> None:
    r = client.get("/admin/nowhere", headers={"accept": "text/html"})
    assert r.status_code == 404
    assert "<h1>404</h1>" in r.text


def test_openapi_schema_lists_the_api_of_enabled_modules(client: TestClient[MercatoApp]) -> None:
    paths = client.get("/schema/openapi.json").json()["paths"]
    assert "/api/v1/vendors/{vendor}/dashboard" in paths
    for path in (
        "/health",
        "/api/v1/admin/dashboard",
        "/api/v1/admin/menu",
        "/api/v1/admin/platforms",
        "/api/v1/admin/modules",
        "/api/v1/probe/ping",
    ):
        assert path in paths


def test_enabling_through_the_api_explains_and_is_seen_by_the_next_request(
    client: TestClient[MercatoApp],
) -> None:
    r = _post(client, "/api/v1/admin/modules/probe/enable", host="south.test")
    assert r.status_code == 200
    assert r.json()["changed"] == ["probe"]
    assert _get(client, "/api/v1/probe/ping", host="south.test").status_code == 200
    r = _post(client, "/api/v1/admin/modules/probe/disable", host="south.test")
    assert r.json()["message"] == "disabled 'probe'"
    assert _get(client, "/api/v1/probe/ping", host="south.test").status_code == 404


def test_disabling_a_core_module_through_the_api_is_a_409_naming_it(
    client: TestClient[MercatoApp],
) -> None:
    r = _post(client, "/api/v1/admin/modules/core/disable")
    assert r.status_code == 409
    assert "'core' is a core module" in r.json()["detail"]


def test_platform_list_is_paginated_and_searchable(client: TestClient[MercatoApp]) -> None:
    every = client.app.state["test_world"].tokens["admin@*"]  # a north token lists north only
    headers = {"host": "north.test", "Authorization": f"Bearer {every}"}
    page = client.get("/api/v1/admin/platforms?size=1&page=2", headers=headers).json()
    assert (page["total"], page["pages"], [p["code"] for p in page["items"]]) == (2, 2, ["south"])
    found = client.get("/api/v1/admin/platforms?q=bazaar", headers=headers).json()
    assert [p["code"] for p in found["items"]] == ["south"]
    assert _get(client, "/api/v1/admin/platforms?q=bazaar").json()["items"] == []
    assert _get(client, "/api/v1/admin/platforms?size=0").status_code == 400


def test_a_host_no_platform_answers_on_is_a_404_that_says_what_to_do(
    client: TestClient[MercatoApp],
) -> None:
    r = client.get("/api/v1/admin/dashboard", headers={"host": "unknown.test"})
    assert r.status_code == 404
    assert "no platform answers on host 'unknown.test'" in r.json()["detail"]
    assert "MERCATO_DEFAULT_PLATFORM" in r.json()["detail"]


def test_the_admin_menu_api_refuses_the_vendor_frontend_and_names_the_right_one(
    client: TestClient[MercatoApp],
) -> None:
    r = _get(client, "/api/v1/admin/menu?frontend=vendor")
    assert r.status_code == 400
    assert "/api/v1/vendors/{vendor}/menu" in r.json()["detail"]
    assert r.json()["extra"] == {"field": "frontend"}
