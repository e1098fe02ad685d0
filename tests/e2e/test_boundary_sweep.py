"""The tenant-boundary sweep: every admin and vendor route, from the other side of the line.

The routes come from the app's route table, so a route added later is swept without
touching this file. What a route names is read from it too: its path parameters (``code``
a platform, ``slug`` and ``vendor`` a vendor, ``user_id`` a user), the fields of its JSON
body and its query parameters (``platform``, ``platforms``, ``super_admin``). Principals
scoped to south (the super admin's south token, south's administrator by token and by
session, a south-only vendor's token) name north's objects on every route:

- a route that names a north object answers 403 or 404, and a list answers without any of
  north's data;
- nothing that belongs to north changes, whatever the route (read from the database).

A route with a path parameter or a body field this file does not know fails the sweep
until a value is added below (``value_of`` and ``body_for`` say so).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import msgspec
import pytest
from litestar.handlers import HTTPRouteHandler
from litestar.testing import TestClient

from mercato.bootstrap.app import MercatoApp
from tests.support.app import mount_enabled
from tests.support.frontier import Frontier, platform_state, seed_frontier
from tests.support.world import World, csrf_from, sign_in

pytestmark = pytest.mark.e2e

Client = TestClient[MercatoApp]
PREFIXES = ("/admin", "/api/v1/admin", "/vendor/", "/api/v1/vendors/")
NAMING_PARAMS = {"code", "slug", "vendor", "user_id"}
NAMING_FIELDS = {"platform", "platforms", "super_admin"}
_PARAM = re.compile(r"\{(\w+):\w+\}")
_SKIPPED = {"OPTIONS", "HEAD"}


@dataclass(frozen=True)
class Route:
    """One method of a guarded route, and what it names."""

    method: str
    path: str
    handler: HTTPRouteHandler

    @property
    def params(self) -> list[str]:
        return _PARAM.findall(self.path)

    @property
    def body(self) -> type[msgspec.Struct] | None:
        found = self.handler.parsed_fn_signature.parameters.get("data")
        kind = None if found is None else found.annotation
        return kind if isinstance(kind, type) and issubclass(kind, msgspec.Struct) else None

    @property
    def query(self) -> set[str]:
        dependencies = set(self.handler.resolve_dependencies())
        names = set(self.handler.parsed_fn_signature.parameters) - dependencies
        return (names - {"data", *self.params}) & NAMING_FIELDS

    @property
    def names_something(self) -> bool:
        fields = set(self.body.__struct_fields__) if self.body else set()
        return bool(NAMING_PARAMS & set(self.params) or fields & NAMING_FIELDS or self.query)

    @property
    def is_api(self) -> bool:
        return self.path.startswith("/api/")

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def guarded_routes(client: Client) -> list[Route]:
    """Every admin and vendor route that declares a permission, every enabled module mounted."""
    mount_enabled(client)
    app = client.app
    found = {
        Route(method, route.path, handler)
        for route in app.routes
        if route.path.startswith(PREFIXES)
        for handler in route.route_handlers  # type: ignore[union-attr]
        if isinstance(handler, HTTPRouteHandler) and "permission" in handler.opt
        for method in handler.http_methods - _SKIPPED
    }
    return sorted(found, key=str)


def value_of(front: Frontier, route: Route, name: str) -> str:
    """North's object for path parameter ``name``."""
    world = front.world
    values = {
        "code": "north",
        "slug": "globex",
        "vendor": "globex",
        "user_id": str(world.users["globex-owner"]),
        "module": "probe",
        "action": "disable",
        "frontend": "admin",
        "item_id": "companies",
        **{k: str(v) for k, v in front.ids.items()},
    }
    if route.path.startswith(("/api/v1/admin/admins", "/admin/admins")):
        values["user_id"] = str(world.users["ops-north"])
    assert name in values, f"{route}: add north's value of the path parameter '{name}'"
    return values[name]


def body_for(front: Frontier, route: Route) -> list[dict[str, Any] | None]:
    """Valid JSON bodies naming north's objects (one per way of naming them)."""
    if route.body is None:
        return [None]
    world = front.world
    values: dict[str, Any] = {
        "platform": "north",
        "platforms": ["north"],
        "super_admin": False,
        "status": "suspended",
        "active": False,
        "name": "Hijacked",
        "domains": ["hijacked.example"],
        "code": "hijacked",
        "slug": "hijacked",
        "company_id": 1,
        "email": world.email("acme-staff"),
        "password": "a long enough password",
        "display_name": "Hijacker",
        "registration_number": "",
        "role": "owner",
        "permissions": [],
        "domain": "hijacked.example",
        "hidden": True,
        "sku": "TEE-M",
        "kind": "receipt",
        "quantity": 1,
        "location": "main",
        "low_stock_threshold": 1,
        "allow_backorder": False,
        "phone": "+1 555 0100",
        "addresses": [],
        "marketing_consent": True,
        "notes": "Hijacked",
        "tags": ["hijacked"],
        "title": "Hijacked",
        "handle": "hijacked",
        "description": "",
        "product_type": "",
        "options": [],
        "images": [],
        "variants": [{"sku": "HIJACK", "price": {"amount": 1, "currency": "EUR"}}],
        "ids": [1],
        "customer": {"email": "hijack@example.com"},
        "lines": [{"sku": "GLOBEX-NORTH-SKU", "quantity": 1}],
        "shipping": 0,
        "reset_attempts": True,
    }
    fields = route.body.__struct_fields__
    unknown = [f for f in fields if f not in values]
    assert not unknown, f"{route}: add a value naming north for the body field(s) {unknown}"
    body = {f: values[f] for f in fields}
    if "super_admin" in fields:  # one or the other: a platform's grant, or every platform's
        return [body, {**body, "platform": None, "super_admin": True}]
    return [body]


def query_for(route: Route) -> list[dict[str, str]]:
    """Query strings naming north (or every platform)."""
    if "super_admin" in route.query:
        return [{"platform": "north"}, {"super_admin": "true"}]
    if "platform" in route.query:
        return [{"platform": "north"}, {"platform": "all"}]
    return [{}]


def form_for(front: Frontier, csrf: str) -> list[dict[str, str]]:
    """Page forms naming north: by platform code, and by platform id."""
    world = front.world
    form = {
        "_csrf_token": csrf,
        "platform": "north",
        "scope": "north",
        "status": "suspended",
        "active": "0",
        "name": "Hijacked",
        "code": "hijacked",
        "slug": "hijacked",
        "company_id": "1",
        "domains": "",
        "email": world.email("acme-staff"),
        "user_id": str(world.users["ops-north"]),
        "role": "owner",
        "domain": "hijacked.example",
        "title": "Hijacked",
        "variants[0].sku": "HIJACK",
        "variants[0].price": "1.00",
        "ids": "1",
        "confirm": "yes",
        "customer.email": "hijack@example.com",
        "lines[0].sku": "GLOBEX-NORTH-SKU",
        "idempotency_key": "hijack",
    }
    return [form, {**form, "platform": str(world.platforms["north"]), "scope": "*"}]


# -- principals on the south side ----------------------------------------------------------


@dataclass
class Principal:
    """A client on ``host`` that is scoped to south, and how it calls."""

    name: str
    client: Client
    headers: dict[str, str]
    pages: bool  # signed in with a session (pages), or a token (the JSON API)
    csrf: str = ""


@pytest.fixture
def front(world: World) -> Frontier:
    return seed_frontier(world)


@pytest.fixture
def south_side(app: MercatoApp, front: Frontier) -> Iterator[list[Principal]]:
    """South's principals, on the south host and on the north host."""
    made: list[Principal] = []
    for host in ("south.test", "north.test"):
        for token in ("admin@south", "ops-south@token", "sol"):
            c = TestClient(app, base_url=f"http://{host}").__enter__()
            made.append(Principal(f"{token} on {host}", c, front.bearer(token), False))
        c = TestClient(app, base_url=f"http://{host}").__enter__()
        assert sign_in(c, front.world.email("ops-south")).status_code == 200
        home = "/admin/vendors" if host == "south.test" else "/auth/login"
        csrf = csrf_from(c.get(home, headers={"accept": "text/html"}).text)
        made.append(
            Principal(f"ops-south session on {host}", c, {"accept": "text/html"}, True, csrf)
        )
    yield made
    for p in reversed(made):
        p.client.__exit__(None, None, None)


def requests_for(front: Frontier, route: Route, p: Principal) -> Iterator[dict[str, Any]]:
    """The requests ``p`` makes on ``route``, each naming north in another way."""
    path = _PARAM.sub(lambda m: value_of(front, route, m.group(1)), route.path)
    for query in query_for(route):
        if route.is_api:
            for body in body_for(front, route):
                yield {"url": path, "params": query, "json": body}
        elif route.method == "GET":
            yield {"url": path, "params": query}
        else:
            for form in form_for(front, p.csrf):
                yield {"url": path, "params": query, "data": form}


def test_the_sweep_finds_every_kind_of_route(client: Client) -> None:
    routes = guarded_routes(client)
    named = [r for r in routes if r.names_something]
    assert len(routes) >= 90 and len(named) >= 55
    assert any(r.path == "/api/v1/admin/admins" and r.method == "POST" for r in named)
    assert any(r.path == "/admin/platforms/{code:str}" and r.method == "POST" for r in named)
    assert any(r.path == "/api/v1/vendors/{vendor:str}/tokens" for r in named)


def test_no_principal_scoped_to_south_reaches_north_on_any_route(
    client: Client, front: Frontier, south_side: list[Principal]
) -> None:
    north = front.world.platforms["north"]
    before = platform_state(front.world.url, north)
    failures: list[str] = []
    for route in guarded_routes(client):
        for p in south_side:
            if p.pages == route.is_api:
                continue  # sessions do not count on the API, tokens do not make pages
            for request in requests_for(front, route, p):
                r = p.client.request(
                    route.method, headers=p.headers, follow_redirects=False, **request
                )
                failures += judge(front, route, p, request, r)
                after = platform_state(front.world.url, north)
                if after != before:
                    failures.append(
                        f"{p.name}: {route} {request} changed north: {diff(before, after)}"
                    )
                    before = after
    assert failures == [], "\n".join(failures)


def judge(
    front: Frontier, route: Route, p: Principal, request: dict[str, Any], r: Any
) -> list[str]:
    """What is wrong with the answer ``r``: a route naming north must refuse, and no answer
    may carry north's data."""
    what = f"{p.name}: {route} {request.get('params') or ''} -> {r.status_code}"
    leaked = [m for m in front.north_only if m in r.text]
    refused = r.status_code in (403, 404)
    # A list may answer (without north's data); a GET may refuse a value it does not take.
    answered = route.method == "GET" and r.status_code in (200, 400)
    if route.names_something and not refused and not answered:
        return [f"{what}: not refused"]
    if leaked and not refused:
        return [f"{what}: leaked {leaked}"]
    return []


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {k: (before[k], after[k]) for k in before if before[k] != after[k]}
