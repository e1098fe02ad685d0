"""What fuzzing the OpenAPI schema found (tests/fuzz), each pinned down by one example."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from mercato.adapters.db.engine import create_engine
from mercato.adapters.web.health import HealthProbe
from mercato.bootstrap.app import MercatoApp
from tests.support.world import World, csrf_from

pytestmark = pytest.mark.e2e

Client = TestClient[MercatoApp]
HTML = {"accept": "text/html"}
BEYOND_SQLITE = 2**70  # SQLite cannot bind it: the query used to fail with a 500
BEYOND_POSTGRES = 2**31  # a PostgreSQL INTEGER key cannot hold it


def schema_of(client: Client) -> dict[str, Any]:
    r = client.get("/schema/openapi.json")
    assert r.status_code == 200
    body: dict[str, Any] = r.json()
    return body


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, op)
        for path, item in schema["paths"].items()
        for method, op in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]


@pytest.fixture
def acme(api_as: Callable[[str, str], Client]) -> Client:
    """The JSON API on north with acme's owner token."""
    return api_as("acme", "north")


def test_an_invalid_field_named_like_a_dependency_is_the_clients_400(api: Client) -> None:
    # Litestar took a bad "domains" or "platforms" (also a dependency's name) for a failing
    # dependency and answered 500.
    r = api.patch("/api/v1/admin/platforms/north", json={"domains": "north.example"})
    assert r.status_code == 400
    assert r.json()["extra"]["errors"] == [
        {"message": "Expected `array | null`, got `str`", "key": "domains", "source": "body"}
    ]
    body = {"slug": "initech", "name": "Initech", "company_id": 1, "platforms": "north"}
    r = api.post("/api/v1/admin/vendors", json=body)
    assert r.status_code == 400 and r.json()["extra"]["errors"][0]["key"] == "platforms"
    r = api.patch("/api/v1/admin/platforms/north", json={"domains": ["north.example", 7]})
    assert r.status_code == 400 and r.json()["extra"]["errors"][0]["key"] == "domains[1]"


@pytest.mark.parametrize("too_big", [BEYOND_SQLITE, BEYOND_POSTGRES])
def test_a_row_id_beyond_the_database_range_is_refused_as_invalid(
    api: Client, acme: Client, too_big: int
) -> None:
    assert acme.delete(f"/api/v1/vendors/acme/roles/{too_big}").status_code == 400
    assert acme.delete(f"/api/v1/vendors/acme/tokens/{too_big}").status_code == 400
    r = api.patch(f"/api/v1/admin/users/{too_big}", json={"active": True})
    assert r.status_code == 400 and r.json()["extra"]["errors"][0]["key"] == "user_id"
    body = {"slug": "initech", "name": "Initech", "company_id": too_big}
    assert api.post("/api/v1/admin/vendors", json=body).status_code == 400


def test_the_largest_row_id_is_looked_up_and_not_found(api: Client, acme: Client) -> None:
    assert acme.delete(f"/api/v1/vendors/acme/roles/{BEYOND_POSTGRES - 1}").status_code == 404
    r = api.patch(f"/api/v1/admin/users/{BEYOND_POSTGRES - 1}", json={"active": True})
    assert r.status_code == 404


def test_an_admin_page_number_beyond_the_limit_is_refused_as_invalid(api: Client) -> None:
    for listing in ("platforms", "companies", "vendors", "users", "admins"):
        r = api.get(f"/api/v1/admin/{listing}", params={"page": 10**30})
        assert r.status_code == 400, listing
    assert api.get("/api/v1/admin/platforms", params={"page": 10**6}).status_code == 200


def test_a_row_id_beyond_the_range_in_a_page_or_a_form_is_refused_as_invalid(
    admin_client: Client, world: World
) -> None:
    r = admin_client.get(f"/vendor/acme/roles/{BEYOND_SQLITE}", headers=HTML)
    assert r.status_code == 400 and "text/html" in r.headers["content-type"]
    token = csrf_from(admin_client.get("/admin/vendors/new", headers=HTML).text)
    form = {"slug": "initech", "name": "Initech", "company_id": str(BEYOND_SQLITE)}
    r = admin_client.post("/admin/vendors", data={**form, "_csrf_token": token}, headers=HTML)
    assert r.status_code == 400 and 'data-error-for="company_id"' in r.text


def test_dashboard_numbers_are_documented_as_json_numbers(client: Client, api: Client) -> None:
    # ``float | int`` was documented as a oneOf that every integer matches twice.
    components = schema_of(client)["components"]["schemas"]
    for name in ("MetricOut", "SegmentOut", "PointOut"):
        assert components[name]["properties"]["value"] == {"type": "number"}, name
    metrics = api.get("/api/v1/admin/dashboard").json()["metrics"]
    assert any(isinstance(m["value"], int) for slot in metrics for m in slot["metrics"])


def test_the_schema_documents_the_api_and_not_the_documentation_routes(client: Client) -> None:
    paths = schema_of(client)["paths"]
    assert "/api/v1/admin/dashboard" in paths
    assert not [p for p in paths if p.startswith("/schema")]


def test_every_guarded_operation_documents_what_the_guards_answer(client: Client) -> None:
    schema = schema_of(client)
    for method, path, op in operations(schema):
        if path in ("/health", "/api/v1/storefront"):
            continue
        for status in ("401", "403", "404"):
            declared = op["responses"].get(status)
            assert declared is not None, f"{method} {path} does not document {status}"
            ref = declared["content"]["application/json"]["schema"]["$ref"]
            body = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
            assert set(body["required"]) == {"status_code", "detail"}, f"{method} {path}"


def test_refusals_raised_by_handlers_are_documented(
    client: Client, api: Client, acme: Client, world: World
) -> None:
    paths = schema_of(client)["paths"]
    assert "404" in paths["/api/v1/storefront"]["get"]["responses"]
    assert api.get("/api/v1/storefront").status_code == 404  # north.test serves no vendor
    assert "409" in paths["/api/v1/admin/modules/{module}/disable"]["post"]["responses"]
    assert api.post("/api/v1/admin/modules/core/disable").status_code == 409
    assert "409" in paths["/api/v1/vendors/{vendor}/members/{user_id}"]["delete"]["responses"]
    owner = world.users["acme-owner"]
    assert acme.delete(f"/api/v1/vendors/acme/members/{owner}").status_code == 409  # last owner


def test_health_documents_the_503_it_answers_when_the_database_is_down(
    app: MercatoApp, client: Client, tmp_path: Path
) -> None:
    assert "503" in schema_of(client)["paths"]["/health"]["get"]["responses"]
    app.state["health_probe"] = HealthProbe(create_engine(f"sqlite:///{tmp_path}"), None)
    r = client.get("/health")  # a folder is no database
    assert r.status_code == 503 and r.json()["status"] == "degraded"
