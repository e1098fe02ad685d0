"""Every operation of the app's own OpenAPI schema, fuzzed in-process by schemathesis.

Signed in with an API token, no answer is a 5xx, every 4xx carries the app's JSON error
body, and no answer contradicts the schema (status code, content type, body). Path
parameters are often drawn from the seeded world (vendors ``acme`` and ``globex``, the
platforms, modules, small ids) so that examples get past the 404 of an unknown vendor.

``MERCATO_FUZZ_EXAMPLES`` sets the examples per operation: a few in ``make test``, many in
``make fuzz``. Every example starts from the freshly seeded database.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from litestar.testing import TestClient
from schemathesis import Case, CheckContext, HookContext, Response
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.fuzz.conftest import HOST, FuzzedApp, examples_per_operation, own_openapi_schema
from tests.support.world import optional_builtins

pytestmark = pytest.mark.fuzz

VENDOR_API = r"^/api/v1/vendors/"
SLUGS = ("acme", "globex")
# Values of the seeded world a path parameter is drawn from, part of the time.
WORLD_VALUES: dict[str, tuple[str, ...]] = {
    "vendor": SLUGS,
    "slug": SLUGS,
    "frontend": ("admin", "vendor"),
    "item_id": ("dashboard", "users", "probe", "team", "roles"),
}
PLATFORM_CODES = ("north", "south")
MODULE_CODES = ("probe", "flaky", "core", "tenancy", "customers")
SMALL_IDS = st.integers(min_value=1, max_value=6)


@schemathesis.check
def client_errors_are_json(ctx: CheckContext, response: Response, case: Case) -> None:
    """A 4xx answers the ErrorBody ``{"status_code", "detail", "errors", "extra"}`` as JSON,
    with its own status."""
    if not 400 <= response.status_code < 500:
        return
    content_type = next(
        (v[0] for k, v in response.headers.items() if k.lower() == "content-type"), ""
    )
    assert content_type.startswith("application/json"), f"a {content_type!r} 4xx body"
    body = response.json()
    assert isinstance(body, dict), f"a 4xx body that is not an object: {body!r}"
    assert body.get("status_code") == response.status_code, f"status_code of {body!r}"
    assert isinstance(body.get("detail"), str), f"detail of {body!r}"
    assert set(body) <= {"status_code", "detail", "errors", "extra"}, f"fields of {body!r}"
    assert isinstance(body.get("extra", {}), dict), f"extra of {body!r}"
    for error in body.get("errors", []):
        assert set(error) == {"field", "message"}, f"errors of {body!r}"


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    client_errors_are_json,
]

# Each operation gets schemathesis' three phases: the schema's examples, a fixed set of
# boundary and invalid values (coverage), and ``max-examples`` random cases (fuzzing).
schema = schemathesis.openapi.from_dict(
    own_openapi_schema(),
    config=SchemathesisConfig.from_dict(
        {
            "generation": {
                "max-examples": examples_per_operation(),
                # The token is the test's: no generated Authorization header.
                "with-security-parameters": False,
            },
        }
    ),
)


def _world_values(path: str, name: str) -> tuple[str, ...] | None:
    if name == "code":
        return PLATFORM_CODES if "/platforms/" in path else MODULE_CODES
    return WORLD_VALUES.get(name)


@schema.hook("flatmap_path_parameters")
def seeded_path_parameters(ctx: HookContext, parameters: dict[str, Any] | None) -> Any:
    """Each path parameter: a value of the seeded world, or the one schemathesis drew."""
    if not parameters or ctx.operation is None:
        return st.just(parameters)
    drawn: dict[str, st.SearchStrategy[Any]] = {}
    for name, value in parameters.items():
        known = _world_values(ctx.operation.path, name)
        if known is not None:
            drawn[name] = st.one_of(st.sampled_from(known), st.just(value))
        elif (name.endswith("_id") or name == "number") and isinstance(value, int):
            drawn[name] = st.one_of(SMALL_IDS, st.just(value))
        else:
            drawn[name] = st.just(value)
    return st.fixed_dictionaries(drawn)


def _call(case: Case, fuzzed: FuzzedApp, token: str) -> None:
    fuzzed.reset()
    case.call_and_validate(
        base_url=f"http://{HOST}",
        headers={"Authorization": f"Bearer {fuzzed.world.tokens[token]}"},
        checks=CHECKS,
        app=fuzzed.app,
    )


# The app fixture is per test; each example resets its database itself.
_ONE_APP_PER_TEST = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@schema.parametrize()
@_ONE_APP_PER_TEST
def test_every_operation_answers_the_super_admin_by_its_schema(
    case: Case, fuzzed_app: FuzzedApp
) -> None:
    _call(case, fuzzed_app, "admin@north")


@schema.include(path_regex=VENDOR_API).parametrize()
@_ONE_APP_PER_TEST
def test_every_vendor_operation_answers_the_acme_owner_by_its_schema(
    case: Case, fuzzed_app: FuzzedApp
) -> None:
    _call(case, fuzzed_app, "acme")


def test_the_seeded_world_has_an_order_to_fuzz(fuzzed_app: FuzzedApp) -> None:
    """Order 1 of acme (a customer, a product with stock): the order routes are fuzzed with a
    real number (``number`` is drawn from the small ids), not only with numbers that 404."""
    if "orders" not in optional_builtins():
        pytest.skip("the orders module is not installed")
    with TestClient(fuzzed_app.app, base_url=f"http://{HOST}") as client:
        token = {"Authorization": f"Bearer {fuzzed_app.world.tokens['acme']}"}
        order = client.get("/api/v1/vendors/acme/orders/1", headers=token)
        assert order.status_code == 200, order.text
        assert order.json()["customer_email"] == "cleo@example.com"
        assert [line["sku"] for line in order.json()["lines"]] == ["FZ-1"]
        if "inventory" in optional_builtins():
            stock = client.get("/api/v1/vendors/acme/stock", params={"sku": "FZ-1"}, headers=token)
            assert stock.status_code == 200, stock.text
            assert '"available":48' in stock.text.replace(" ", "")
