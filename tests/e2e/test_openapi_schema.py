"""The schema serves generated clients: short unique operation ids, one error body, and the
error JSON the app really answers is the one the schema documents (ADR 0020).

The schema walked is the one served with every installed module enabled, so the routes of a
module added later are walked too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from jsonschema_rs import Draft202012Validator
from litestar.testing import TestClient

from mercato.bootstrap.app import MercatoApp
from tests.support.schema import ERROR_BODY_REF, operations, served_schema
from tests.support.world import World

pytestmark = pytest.mark.e2e

Client = TestClient[MercatoApp]
OPERATION_ID = re.compile(r"^[a-z][a-zA-Z0-9]*$")
ROLES = "/api/v1/vendors/acme/roles"
MODULES = "/api/v1/admin/modules"


def _words(operation_id: str) -> list[str]:
    """``getApiV1Thing`` as ``["get", "api", "v1", "thing"]``."""
    return [w.lower() for w in re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", operation_id)]


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return served_schema()


def test_every_operation_has_a_short_unique_camel_case_id(schema: dict[str, Any]) -> None:
    ids = [(op.get("operationId", ""), f"{m} {p}") for m, p, op in operations(schema)]
    assert len(ids) > 40  # the built-in modules' API at least
    malformed = [f"{where}: {i!r}" for i, where in ids if not OPERATION_ID.match(i)]
    assert not malformed, "operation ids not in camelCase:\n" + "\n".join(malformed)
    wordy = [f"{where}: {i!r}" for i, where in ids if "V1" in i or "api" in _words(i)]
    assert not wordy, "operation ids named after their path:\n" + "\n".join(wordy)
    twice = [i for i, n in Counter(i for i, _ in ids).items() if n > 1]
    assert not twice, f"operation ids used twice: {twice}"


def test_every_error_response_is_the_one_error_body(schema: dict[str, Any]) -> None:
    other = [
        f"{method} {path} {status}: {response}"
        for method, path, op in operations(schema)
        for status, response in op["responses"].items()
        if status.startswith("4")
        and response.get("content", {}).get("application/json", {}).get("schema") != ERROR_BODY_REF
    ]
    assert not other, "error responses that are not ErrorBody:\n" + "\n".join(other)
    body = schema["components"]["schemas"]["ErrorBody"]
    assert body["required"] == ["detail", "status_code"]
    assert body["properties"]["extra"] == {"type": "object", "additionalProperties": {}}
    field = schema["components"]["schemas"]["FieldError"]
    assert set(field["required"]) == {"field", "message"}


def test_every_schema_has_a_name_of_its_own(schema: dict[str, Any]) -> None:
    # Two structs of one name come out as ``<module>_<Name>`` with one title each: a client
    # generator names its models by title and drops all but one.
    components = schema["components"]["schemas"]
    titles = Counter(c.get("title", name) for name, c in components.items())
    assert not [t for t, n in titles.items() if n > 1], "rename one of the structs named so"
    renamed = [name for name, c in components.items() if c.get("title", name) != name]
    assert not renamed, f"structs whose name another struct has too: {renamed}"


def _error_body_validator(client: Client) -> Draft202012Validator:
    components = client.get("/schema/openapi.json").json()["components"]
    return Draft202012Validator({**ERROR_BODY_REF, "components": components})


def _documented(client: Client, method: str, path: str, status: int) -> Any:
    op = client.get("/schema/openapi.json").json()["paths"][path][method.lower()]
    return op["responses"].get(str(status), {}).get("content", {}).get("application/json")


@pytest.fixture
def acme(api_as: Callable[[str, str], Client]) -> Client:
    return api_as("acme", "north")


def test_the_errors_the_api_answers_are_the_documented_error_body(
    client: Client, api: Client, acme: Client, world: World
) -> None:
    validator = _error_body_validator(client)
    owner = world.users["acme-owner"]
    cases = [
        # (client, method, url, documented path, status)
        (api, "PATCH", "/api/v1/admin/platforms/north", "/api/v1/admin/platforms/{code}", 400),
        (api, "GET", "/api/v1/admin/menu?frontend=vendor", "/api/v1/admin/menu", 400),
        (client, "GET", "/api/v1/admin/vendors", "/api/v1/admin/vendors", 401),
        (acme, "GET", "/api/v1/vendors/globex/members", "/api/v1/vendors/{vendor}/members", 403),
        (acme, "DELETE", f"{ROLES}/{2**31 - 1}", "/api/v1/vendors/{vendor}/roles/{role_id}", 404),
        (api, "POST", f"{MODULES}/core/disable", f"{MODULES}/{{module}}/disable", 409),
        (
            acme,
            "DELETE",
            f"/api/v1/vendors/acme/members/{owner}",
            "/api/v1/vendors/{vendor}/members/{user_id}",
            409,
        ),
    ]
    for who, method, url, path, status in cases:
        body = {"domains": "north.example"} if method == "PATCH" else None
        r = who.request(method, url, json=body)
        assert r.status_code == status, (method, url, r.text)
        assert _documented(client, method, path, status) == {"schema": ERROR_BODY_REF}, url
        errors = [e.message for e in validator.iter_errors(r.json())]
        assert not errors, f"{method} {url}: {r.json()} breaks ErrorBody: {errors}"
        assert set(r.json()) == {"status_code", "detail", "errors", "extra"}, url
        assert r.json()["status_code"] == status


def test_invalid_fields_are_listed_as_field_and_message(api: Client) -> None:
    r = api.patch("/api/v1/admin/platforms/north", json={"domains": ["north.example", 7]})
    assert r.status_code == 400
    assert r.json()["errors"] == [{"field": "domains[1]", "message": "Expected `str`, got `int`"}]
    assert r.json()["extra"]["field"] == "domains"  # as before: the first field at fault
    r = api.get("/api/v1/admin/menu?frontend=vendor")
    assert r.json()["errors"] == [{"field": "frontend", "message": r.json()["detail"]}]
    r = api.post("/api/v1/admin/modules/core/disable")
    assert r.status_code == 409 and r.json()["errors"] == [] and r.json()["extra"] == {}
