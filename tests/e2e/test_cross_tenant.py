"""Tenant isolation: vendor A can neither see nor change vendor B's team, roles, tokens, domains.

The vendor routes are discovered by walking the app's routes, so a route added later is
covered without touching this file, except for a new kind of object id, which must be added
to ``B_IDS`` (the test says so).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from litestar.testing import TestClient

from mercato.bootstrap.app import MercatoApp
from tests.support.app import mount_enabled
from tests.support.orders_web import as_token, place, product
from tests.support.world import World, csrf_from, sign_in

pytestmark = pytest.mark.e2e

Client = TestClient[MercatoApp]
API = "/api/v1/vendors/{vendor"
PAGES = "/vendor/{vendor"
_PARAM = re.compile(r"\{(\w+):\w+\}")
_SKIPPED = {"OPTIONS", "HEAD"}


@dataclass
class VendorB:
    """globex's objects, the markers that must never reach acme, and a way to look at them."""

    ids: dict[str, int | str]
    markers: tuple[str, ...]
    token: dict[str, str]


def bearer(secret: str) -> dict[str, str]:
    """The token's header, and an Idempotency-Key (the orders' writes require one)."""
    return {"Authorization": f"Bearer {secret}", "Idempotency-Key": "sweep"}


@pytest.fixture
def b(client: Client, world: World) -> VendorB:
    """globex with an invitation, a custom role, a domain and a second token."""
    token = bearer(world.tokens["globex"])
    base = "/api/v1/vendors/globex"
    invitation = client.post(
        f"{base}/invitations", json={"email": "b-invitee@example.com"}, headers=token
    )
    role = client.post(
        f"{base}/roles", json={"name": "Globex secret role", "permissions": []}, headers=token
    )
    domain = client.post(f"{base}/domains", json={"domain": "globex-shop.example"}, headers=token)
    extra = client.post(f"{base}/tokens", json={"name": "globex extra"}, headers=token)
    customer = client.post(
        f"{base}/customers", json={"email": "b-customer@example.com"}, headers=token
    )
    product = client.post(f"{base}/products", json=PRODUCT, headers=token)
    order = client.post(f"{base}/orders", json=ORDER, headers={**token, "Idempotency-Key": "b-1"})
    for r in (invitation, role, domain, extra, customer, product, order):
        assert r.status_code == 201, r.text
    ids = {
        "user_id": world.users["globex-owner"],
        "invitation_id": invitation.json()["invitation"]["id"],
        "role_id": role.json()["id"],
        "token_id": extra.json()["token"]["id"],
        "domain_id": domain.json()["id"],
        "customer_id": customer.json()["id"],
        "product_id": product.json()["id"],
        "number": order.json()["number"],
        "action": "cancel",
    }
    markers = (
        world.email("globex-owner"),
        "b-invitee@example.com",
        "Globex secret role",
        "globex-shop.example",
        domain.json()["verification_token"],
        "globex extra",
        extra.json()["token"]["prefix"],
        world.tokens["globex"][:12],
        "b-customer@example.com",
        "Globex secret product",
        "GLOBEX-SECRET-SKU",
        "b-buyer@example.com",
    )
    return VendorB(ids, markers, token)


PRODUCT = {
    "title": "Globex secret product",
    "status": "active",
    "variants": [{"sku": "GLOBEX-SECRET-SKU", "price": {"amount": 100, "currency": "EUR"}}],
}
ORDER = {
    "customer": {"email": "b-buyer@example.com"},
    "lines": [{"sku": "GLOBEX-SECRET-SKU", "quantity": 1}],
}


def snapshot(client: Client, b: VendorB) -> dict[str, Any]:
    """Everything globex has, as globex sees it (last-use times left out: reading uses one)."""
    base = "/api/v1/vendors/globex"
    out: dict[str, Any] = {}
    names = ("members", "invitations", "roles", "tokens", "domains", "customers", "products")
    for name in (*names, "orders"):
        r = client.get(
            f"{base}/{name}", params={"size": 200} if name != "roles" else {}, headers=b.token
        )
        assert r.status_code == 200, r.text
        out[name] = r.json()
    for t in out["tokens"]["items"]:
        t.pop("last_used_at")
    return out


def vendor_routes(client: Client, prefix: str) -> list[tuple[str, str]]:
    """(method, path template) of every route under ``prefix``, every enabled module mounted."""
    mount_enabled(client)
    app = client.app
    found = {
        (method, route.path)
        for route in app.routes
        if route.path.startswith(prefix)
        for handler in route.route_handlers  # type: ignore[union-attr]
        for method in handler.http_methods - _SKIPPED
    }
    return sorted(found)


def fill(path: str, vendor: str, ids: dict[str, int]) -> str:
    """The template with ``vendor`` and B's ids; fails on an id kind this test does not know."""

    def value(m: re.Match[str]) -> str:
        name = m.group(1)
        if name == "vendor":
            return vendor
        assert name in ids, f"{path}: add an id of vendor B for '{name}' to the fixture"
        return str(ids[name])

    return _PARAM.sub(value, path)


def api_body(method: str, path: str) -> dict[str, Any] | None:
    """A valid body, so that a refusal comes from isolation and not from validation."""
    if method == "PATCH" and "/members/" in path:
        return {"role": "viewer"}
    if method == "PATCH" and "/roles/" in path:
        return {"name": "Hijacked", "permissions": []}
    if method == "POST" and path.endswith(("/members", "/invitations")):
        return {"email": "intruder@example.com", "role": "owner"}
    if method == "POST" and path.endswith(("/roles", "/tokens")):
        return {"name": "Intruder"}
    if method == "POST" and path.endswith("/domains"):
        return {"domain": "intruder.example"}
    if method == "POST" and path.endswith("/customers"):
        return {"email": "intruder@example.com"}
    if method == "PATCH" and "/customers/" in path:
        return {"name": "Hijacked"}
    if method in ("POST", "PATCH") and "/products" in path and not path.endswith("/status"):
        return {"title": "Hijacked", "variants": [{"sku": "HIJACK", "price": HIJACK_PRICE}]}
    if method == "POST" and path.endswith("/products/status"):
        return {"ids": [1, 2, 3], "status": "archived"}
    return None


HIJACK_PRICE = {"amount": 1, "currency": "EUR"}


FORM = {
    "title": "Hijacked",
    "variants[0].sku": "HIJACK",
    "variants[0].price": "1.00",
    "variants[0].currency": "EUR",
    "ids": "1\n2\n3",
    "status": "archived",
    "confirm": "yes",
    "name": "Hijacked",
    "role": "viewer",
    "email": "intruder@example.com",
    "domain": "x.example",
}


def assert_no_b_data(text: str, b: VendorB, what: str) -> None:
    leaked = [m for m in b.markers if m in text]
    assert leaked == [], f"{what} leaked {leaked}"


def test_the_vendor_api_routes_are_all_found(client: Client) -> None:
    routes = vendor_routes(client, API)
    assert len(routes) >= 21
    assert ("DELETE", "/api/v1/vendors/{vendor:str}/tokens/{token_id:int}") in routes
    assert ("PATCH", "/api/v1/vendors/{vendor:str}/members/{user_id:int}") in routes


def test_vendor_a_token_gets_nothing_from_any_route_of_vendor_b(
    client: Client, world: World, b: VendorB
) -> None:
    before = snapshot(client, b)
    a = bearer(world.tokens["acme"])
    for method, template in vendor_routes(client, API):
        path = fill(template, "globex", b.ids)
        r = client.request(method, path, json=api_body(method, template), headers=a)
        assert r.status_code in (403, 404), f"{method} {path} -> {r.status_code}"
        assert_no_b_data(r.text, b, f"{method} {path}")
    assert snapshot(client, b) == before


def test_vendor_a_token_with_vendor_b_ids_answers_404_and_changes_nothing(
    client: Client, world: World, b: VendorB
) -> None:
    before = snapshot(client, b)
    a = bearer(world.tokens["acme"])
    tried = 0
    for method, template in vendor_routes(client, API):
        if len(_PARAM.findall(template)) == 1:
            continue  # no object id: acme's own lists and forms (see the next tests)
        path = fill(template, "acme", b.ids)
        r = client.request(method, path, json=api_body(method, template), headers=a)
        assert r.status_code == 404, f"{method} {path} -> {r.status_code}: {r.text}"
        assert_no_b_data(r.text, b, f"{method} {path}")
        tried += 1
    assert tried >= 9
    assert snapshot(client, b) == before


def test_a_vendor_not_on_the_platform_is_not_found(client: Client, world: World) -> None:
    south = {"host": "south.test"}
    for token in ("acme", "globex"):
        r = client.get(
            "/api/v1/vendors/globex/members", headers={**south, **bearer(world.tokens[token])}
        )
        assert r.status_code == 404, token
    r = client.get(
        "/api/v1/vendors/acme/members", headers={**south, **bearer(world.tokens["acme"])}
    )
    assert r.status_code == 200  # acme is on south as well


def test_vendor_a_pages_refuse_vendor_b_and_its_ids(
    client: Client, world: World, b: VendorB
) -> None:
    before = snapshot(client, b)
    assert sign_in(client, world.email("acme-owner")).status_code == 200
    html = {"accept": "text/html"}
    csrf = csrf_from(client.get("/vendor/acme/team", headers=html).text)
    routes = vendor_routes(client, PAGES)
    assert len(routes) >= 18
    for method, template in routes:
        form = {**FORM, "_csrf_token": csrf} if method == "POST" else None
        for vendor, expected in (("globex", 403), ("acme", 404)):
            if vendor == "acme" and len(_PARAM.findall(template)) == 1:
                continue  # acme's own pages: nothing of B's to ask for
            path = fill(template, vendor, b.ids)
            r = client.request(method, path, data=form, headers=html, follow_redirects=False)
            assert r.status_code == expected, f"{method} {path} -> {r.status_code}"
            assert_no_b_data(r.text, b, f"{method} {path}")
    for page in ("team", "roles", "tokens", "domains"):
        assert_no_b_data(client.get(f"/vendor/acme/{page}", headers=html).text, b, page)
    assert snapshot(client, b) == before


def test_vendor_a_lists_hold_only_vendor_a_data(client: Client, world: World, b: VendorB) -> None:
    a = bearer(world.tokens["acme"])
    for method, template in vendor_routes(client, API):
        if method != "GET" or len(_PARAM.findall(template)) > 1:
            continue
        r = client.get(fill(template, "acme", b.ids), headers=a)
        assert r.status_code == 200, template
        assert_no_b_data(r.text, b, template)


def test_admin_pages_naming_a_vendor_open_only_to_the_platforms_operators(
    app: MercatoApp, client: Client, world: World, b: VendorB
) -> None:
    """Every admin page naming a vendor's object (the operators' read-only order): a vendor's
    owner is refused, and an operator reads it only on the platform the vendor is on and the
    object belongs to (globex is on north only)."""
    html = {"accept": "text/html"}
    routes = [(m, t) for m, t in vendor_routes(client, "/admin/") if "{vendor:" in t and m == "GET"]
    assert ("GET", "/admin/orders/{vendor:str}/{number:int}") in routes
    assert sign_in(client, world.email("acme-owner")).status_code == 200
    for _, template in routes:
        r = client.get(fill(template, "globex", b.ids), headers=html, follow_redirects=False)
        assert r.status_code == 403, f"{template} -> {r.status_code}"
        assert_no_b_data(r.text, b, template)
    with as_token(client, world.tokens["acme"]):  # acme is on north and south
        product(client, "acme", "Acme north mug", ("ACME-NORTH", 700))
        assert place(client, "acme", ("ACME-NORTH", 1)).status_code == 201
    acme = dict(b.ids, number=1)
    assert sign_in(client, world.email("admin")).status_code == 200
    for _, template in routes:
        for vendor, ids in (("globex", b.ids), ("acme", acme)):
            r = client.get(fill(template, vendor, ids), headers=html)
            assert r.status_code == 200, f"north {template} -> {r.status_code}"
    with TestClient(app, base_url="http://south.test") as south:
        assert sign_in(south, world.email("admin")).status_code == 200
        for _, template in routes:  # globex is not on south; acme's order was placed on north
            for vendor, ids in (("globex", b.ids), ("acme", acme)):
                r = south.get(fill(template, vendor, ids), headers=html)
                assert r.status_code == 404, f"south {vendor} {template} -> {r.status_code}"
                assert_no_b_data(r.text, b, f"south {template}")
                assert "ACME-NORTH" not in r.text
