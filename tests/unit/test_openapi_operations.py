"""Operation ids and error responses of routes written the way modules write them.

The routes are new ones, in a bare Litestar app configured as Mercato's: what a module
added tomorrow gets from ``adapters.web.openapi`` without doing anything.
"""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from litestar import Litestar, get, post, route
from litestar.di import NamedDependency, Provide
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, FromQuery, JSONBody

from mercato.adapters.web.errors import ConflictException
from mercato.adapters.web.guards import requires, with_guard_errors
from mercato.adapters.web.openapi import camel_case, operation_id, with_error_body

pytestmark = pytest.mark.unit

ERROR_BODY = {"$ref": "#/components/schemas/ErrorBody"}


class OrderIn(msgspec.Struct):
    sku: str
    quantity: int


class OrderOut(msgspec.Struct):
    id: int


@get("/api/v1/vendors/{vendor:str}/customers", opt=requires("customers.view", "vendor"))
async def list_customers(
    vendor: FromPath[str], customers: NamedDependency[Any], page: FromQuery[int] = 1
) -> list[str]:
    return []


@post("/api/v1/vendors/{vendor:str}/orders", raises=[ConflictException])
async def create_order(vendor: FromPath[str], data: JSONBody[OrderIn]) -> OrderOut:
    return OrderOut(1)


@get("/api/v1/catalog/products/{product_id:int}", operation_id="fetchProduct")
async def get_product(product_id: FromPath[int]) -> OrderOut:
    return OrderOut(product_id)


@get("/api/v1/catalog/summary")
async def catalog_summary(catalog: NamedDependency[Any]) -> dict[str, int]:
    return {}


@route("/api/v1/catalog/settings", http_method=["GET", "PUT"])
async def catalog_settings() -> dict[str, int]:
    return {}


def _customers() -> None:
    return None


def _catalog() -> None:
    return None


def _schema() -> dict[str, Any]:
    handlers = [list_customers, create_order, get_product, catalog_summary, catalog_settings]
    provided = {
        "customers": Provide(_customers, sync_to_thread=False),
        "catalog": Provide(_catalog, sync_to_thread=False),
    }
    app = Litestar(
        [with_error_body(with_guard_errors(h), provided) for h in handlers],
        dependencies=provided,
        openapi_config=OpenAPIConfig(
            title="t", version="1", operation_id_creator=operation_id, create_examples=False
        ),
    )
    return app.openapi_schema.to_schema()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("list_customers", "listCustomers"),
        ("create_order", "createOrder"),
        ("get_product", "getProduct"),
        ("ping", "ping"),
        ("_private_name", "privateName"),
        ("set_SKU_price", "setSKUPrice"),
    ],
)
def test_a_handler_name_becomes_a_camel_case_id(name: str, expected: str) -> None:
    assert camel_case(name) == expected


def test_a_name_without_words_is_refused() -> None:
    with pytest.raises(ValueError, match="no words"):
        camel_case("__")


def test_operation_ids_are_the_handler_names_and_an_explicit_id_wins() -> None:
    paths = _schema()["paths"]
    assert paths["/api/v1/vendors/{vendor}/customers"]["get"]["operationId"] == "listCustomers"
    assert paths["/api/v1/vendors/{vendor}/orders"]["post"]["operationId"] == "createOrder"
    assert paths["/api/v1/catalog/products/{product_id}"]["get"]["operationId"] == "fetchProduct"
    assert paths["/api/v1/catalog/summary"]["get"]["operationId"] == "catalogSummary"
    settings = paths["/api/v1/catalog/settings"]
    assert (settings["get"]["operationId"], settings["put"]["operationId"]) == (
        "getCatalogSettings",
        "putCatalogSettings",
    )


def test_every_error_a_route_documents_is_the_error_body() -> None:
    schema = _schema()
    paths = schema["paths"]

    def errors(path: str, method: str) -> dict[str, Any]:
        responses = paths[path][method]["responses"]
        return {s: r["content"]["application/json"]["schema"] for s, r in responses.items()}

    # Guarded, with a path and a query parameter: the guards' answers and invalid input.
    listed = errors("/api/v1/vendors/{vendor}/customers", "get")
    guarded = dict.fromkeys(("400", "401", "403", "404"), ERROR_BODY)
    assert listed == {"200": listed["200"], **guarded}
    # Public, with a body, raising a conflict.
    created = errors("/api/v1/vendors/{vendor}/orders", "post")
    assert created == {"201": created["201"], "400": ERROR_BODY, "409": ERROR_BODY}
    # No input (the app provides ``catalog``): nothing to be invalid, no error.
    assert list(errors("/api/v1/catalog/summary", "get")) == ["200"]
    body = schema["components"]["schemas"]["ErrorBody"]
    assert set(body["properties"]) == {"status_code", "detail", "errors", "extra"}
    assert body["properties"]["extra"]["type"] == "object"
    assert body["properties"]["errors"]["items"] == {"$ref": "#/components/schemas/FieldError"}


def test_responses_a_route_declares_itself_win() -> None:
    @get("/api/v1/odd/{thing:str}", responses={404: ResponseSpec(OrderOut, description="x")})
    async def odd_thing(thing: FromPath[str]) -> None:
        return None

    documented = with_error_body(odd_thing)
    assert documented.responses[404].data_container is OrderOut
    assert documented.responses[400].description.startswith("The input is invalid")
    assert odd_thing.responses == {404: documented.responses[404]}  # the original is untouched
