"""The admin JSON API of tenancy: companies, vendors, users, administrators, platforms, menus."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from litestar.testing import TestClient

from mercato.bootstrap.app import MercatoApp
from mercato.bootstrap.library import close_container
from tests.support.app import container_with
from tests.support.flaky.definition import MODULE as FLAKY
from tests.support.probe.definition import MODULE as PROBE
from tests.support.world import PASSWORD, World

pytestmark = pytest.mark.e2e

Client = TestClient[MercatoApp]
API = "/api/v1/admin"
SOUTH = "http://south.test"


def refused(r: Any, status: int, field: str | None = None) -> dict[str, Any]:
    """Assert a JSON refusal with a detail (naming ``field`` when given); return the body."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = r.json()
    assert body["detail"]
    if field is not None:
        assert body["extra"]["field"] == field, body
    return body


def bearer(token: str) -> dict[str, str]:
    """Headers presenting ``token`` (one client per app: other callers differ by header)."""
    return {"Authorization": f"Bearer {token}"}


def vendor_counts(api: Client, host: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    """The dashboard's count of the platform's vendors by status."""
    board = api.get(f"{host}/api/v1/admin/dashboard", headers=headers).json()
    slot = next(s for s in board["metrics"] if s["module"] == "tenancy")
    prefix = "tenancy.vendors."
    return {
        m["key"].removeprefix(prefix): m["value"]
        for m in slot["metrics"]
        if m["key"] in (f"{prefix}active", f"{prefix}suspended")
    }


def slugs(r: Any) -> list[str]:
    assert r.status_code == 200, r.text
    return [v["slug"] for v in r.json()["items"]]


def issue_platform_token(world: World, who: str, platform: str) -> str:
    """A platform-scoped API token for user ``who`` (issued as the CLI would)."""

    async def go() -> str:
        c = container_with(world.url, (PROBE, FLAKY))
        try:
            tokens = c.components().container("tenancy").tokens()
            pid = world.platforms[platform]
            _, secret = await tokens.issue(world.users[who], f"{who} {platform}", platform_id=pid)
            return str(secret)
        finally:
            await close_container(c)

    return asyncio.run(go())


# -- permissions ---------------------------------------------------------------------------

ROUTES = [
    ("GET", f"{API}/companies", None),
    ("POST", f"{API}/companies", {"name": "Sneaky"}),
    ("GET", f"{API}/vendors", None),
    ("POST", f"{API}/vendors", {"slug": "sneaky", "name": "S", "company_id": 1}),
    ("GET", f"{API}/vendors/acme", None),
    ("POST", f"{API}/vendors/acme/attach", {"platform": "south"}),
    ("POST", f"{API}/vendors/acme/status", {"platform": "north", "status": "suspended"}),
    ("GET", f"{API}/users", None),
    ("POST", f"{API}/users", {"email": "x@example.com", "password": "long enough 1"}),
    ("PATCH", f"{API}/users/1", {"active": False}),
    ("GET", f"{API}/admins", None),
    ("POST", f"{API}/admins", {"email": "acme-owner@example.com", "super_admin": True}),
    ("DELETE", f"{API}/admins/1?super_admin=true", None),
    ("POST", f"{API}/platforms", {"code": "sneaky", "name": "Sneaky"}),
    ("PATCH", f"{API}/platforms/north", {"name": "Mine"}),
    ("GET", f"{API}/menus/admin", None),
    ("PUT", f"{API}/menus/admin/companies", {"hidden": True}),
]


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
def test_a_vendor_token_is_refused_every_admin_route(
    api_as: Callable[..., Client], method: str, path: str, body: Any
) -> None:
    vendor = api_as("acme", "north")
    r = vendor.request(method, path, json=body)
    refused(r, 403)


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
def test_an_anonymous_caller_is_asked_to_authenticate(
    client: Client, method: str, path: str, body: Any
) -> None:
    refused(client.request(method, path, json=body), 401)


def test_the_admin_routes_are_in_the_openapi_schema_without_password_hashes(api: Client) -> None:
    schema = api.get("/schema/openapi.json").json()
    for path in ("/api/v1/admin/vendors", "/api/v1/admin/vendors/{slug}", "/api/v1/admin/admins"):
        assert path in schema["paths"], path
    assert "password_hash" not in str(schema)


# -- companies -----------------------------------------------------------------------------


def test_companies_are_created_listed_searched_sorted_and_paged(api: Client) -> None:
    for name in ("Zeta Trading", "Alpha Foods"):
        r = api.post(f"{API}/companies", json={"name": name, "registration_number": "R1"})
        assert r.status_code == 201
        assert r.json()["name"] == name and r.json()["registration_number"] == "R1"
    body = api.get(f"{API}/companies").json()
    assert [c["name"] for c in body["items"]] == ["Alpha Foods", "Example Holdings", "Zeta Trading"]
    assert (body["total"], body["page"], body["size"], body["pages"]) == (3, 1, 25, 1)
    body = api.get(f"{API}/companies", params={"sort": "-name", "size": 2, "page": 2}).json()
    assert [c["name"] for c in body["items"]] == ["Alpha Foods"]
    assert (body["total"], body["pages"]) == (3, 2)
    body = api.get(f"{API}/companies", params={"q": "ZETA"}).json()
    assert [c["name"] for c in body["items"]] == ["Zeta Trading"]
    refused(api.get(f"{API}/companies", params={"sort": "secret"}), 400, "sort")
    refused(api.get(f"{API}/companies", params={"size": 0}), 400)


def test_a_refused_company_answers_with_the_field(api: Client) -> None:
    body = refused(api.post(f"{API}/companies", json={"name": "Example Holdings"}), 409, "name")
    assert "already exists" in body["detail"]
    refused(api.post(f"{API}/companies", json={"name": "  "}), 400, "name")
    refused(api.post(f"{API}/companies", json={"name": "X", "owner": "me"}), 400)
    refused(api.post(f"{API}/companies", json={}), 400)


# -- vendors -------------------------------------------------------------------------------


def test_the_vendor_list_is_of_the_current_platform_unless_all_is_asked(
    api: Client, world: World
) -> None:
    assert slugs(api.get(f"{API}/vendors")) == ["acme", "globex"]
    assert slugs(api.get(f"{API}/vendors", params={"sort": "-slug"})) == ["globex", "acme"]
    assert slugs(api.get(f"{API}/vendors", params={"q": "GLOB"})) == ["globex"]
    page = api.get(f"{API}/vendors", params={"size": 1, "page": 2}).json()
    assert [v["slug"] for v in page["items"]] == ["globex"] and page["pages"] == 2
    south = bearer(world.tokens["admin@south"])
    assert slugs(api.get(f"{SOUTH}{API}/vendors", headers=south)) == ["acme"]
    everywhere = api.get(f"{SOUTH}{API}/vendors", params={"platform": "all"}, headers=south)
    assert slugs(everywhere) == ["acme"]  # the super admin's token reaches south only
    refused(api.get(f"{API}/vendors", params={"platform": "mars"}), 400)


def test_creating_a_vendor_joins_the_platforms_named(api: Client) -> None:
    company = api.get(f"{API}/companies").json()["items"][0]["id"]
    data = {"slug": "initech", "name": "Initech", "company_id": company}
    r = api.post(f"{API}/vendors", json={**data, "platforms": ["north", "south"]})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["slug"] == "initech" and body["company_id"] == company
    assert [(p["platform"], p["status"]) for p in body["platforms"]] == [
        ("north", "active"),
        ("south", "active"),
    ]
    assert body["domains"] == []
    assert api.get(f"{API}/vendors/initech").json() == body


def test_a_refused_vendor_answers_with_the_field(api: Client) -> None:
    company = api.get(f"{API}/companies").json()["items"][0]["id"]
    ok = {"slug": "initech", "name": "Initech", "company_id": company}
    refused(api.post(f"{API}/vendors", json={**ok, "slug": "acme"}), 409, "slug")
    refused(api.post(f"{API}/vendors", json={**ok, "slug": "Not A Slug"}), 400, "slug")
    refused(api.post(f"{API}/vendors", json={**ok, "name": " "}), 400, "name")
    refused(api.post(f"{API}/vendors", json={**ok, "company_id": 9999}), 400, "company_id")
    refused(api.post(f"{API}/vendors", json={**ok, "platforms": ["mars"]}), 400, "platforms")
    refused(api.get(f"{API}/vendors/nobody"), 404)
    assert slugs(api.get(f"{API}/vendors", params={"platform": "all"})) == ["acme", "globex"]


def test_a_vendor_is_attached_to_a_second_platform_and_suspended_on_one_only(
    api: Client, world: World
) -> None:
    r = api.post(f"{API}/vendors/globex/attach", json={"platform": "south"})
    assert r.status_code == 200
    assert (r.json()["platform"], r.json()["status"]) == ("south", "active")
    again = api.post(f"{API}/vendors/globex/attach", json={"platform": "south"})
    assert again.json()["status"] == "active"
    r = api.post(f"{API}/vendors/globex/status", json={"platform": "south", "status": "suspended"})
    assert r.status_code == 200 and r.json()["status"] == "suspended"
    detail = api.get(f"{API}/vendors/globex").json()
    assert {p["platform"]: p["status"] for p in detail["platforms"]} == {
        "north": "active",
        "south": "suspended",
    }
    south = bearer(world.tokens["admin@south"])
    on_south = api.get(f"{SOUTH}{API}/vendors", headers=south).json()
    assert [v["slug"] for v in on_south["items"]] == ["acme", "globex"] and on_south["total"] == 2
    assert api.get(f"{API}/vendors").json()["total"] == 2
    everywhere = api.get(f"{API}/vendors", params={"platform": "all"}).json()
    assert everywhere["total"] == 2  # once each, not once per platform
    assert vendor_counts(api, "") == {"active": 2, "suspended": 0}
    assert vendor_counts(api, SOUTH, south) == {"active": 1, "suspended": 1}
    r = api.post(f"{API}/vendors/globex/attach", json={"platform": "south"})
    assert r.json()["status"] == "suspended"  # attaching again does not reactivate
    bad = {"platform": "south", "status": "banished"}
    refused(api.post(f"{API}/vendors/globex/status", json=bad), 400)


def test_a_vendor_cannot_be_suspended_where_it_is_not(api: Client) -> None:
    body = {"platform": "south", "status": "suspended"}
    refused(api.post(f"{API}/vendors/globex/status", json=body), 404)
    refused(api.post(f"{API}/vendors/globex/attach", json={"platform": "mars"}), 400, "platform")


def test_a_vendor_domain_is_marked_verified(api: Client, world: World) -> None:
    async def go() -> int:
        c = container_with(world.url, (PROBE, FLAKY))
        try:
            domains = c.components().container("tenancy").domains()
            return int((await domains.add(world.vendors["acme"], "shop.acme.test")).id)
        finally:
            await close_container(c)

    domain_id = asyncio.run(go())
    assert api.get(f"{API}/vendors/acme").json()["domains"][0]["verified"] is False
    r = api.post(f"{API}/vendors/acme/domains/{domain_id}/verify")
    assert r.status_code == 200
    assert r.json() == {
        "id": domain_id,
        "domain": "shop.acme.test",
        "verified": True,
        "primary": True,
    }
    refused(api.post(f"{API}/vendors/globex/domains/{domain_id}/verify"), 404)


# -- users ---------------------------------------------------------------------------------


def test_users_are_created_listed_searched_sorted_and_paged_without_hashes(
    api: Client, world: World
) -> None:
    r = api.post(
        f"{API}/users",
        json={"email": "Zed@Example.com", "password": "long enough pass", "display_name": "Zed"},
    )
    assert r.status_code == 201
    assert r.json()["email"] == "zed@example.com" and r.json()["is_active"] is True
    assert "password" not in r.text and "argon2" not in r.text
    body = api.get(f"{API}/users").json()
    emails = [u["email"] for u in body["items"]]
    assert emails == sorted(emails) and body["total"] == 5
    assert all(
        set(u) == {"id", "email", "display_name", "is_active", "created_at"} for u in body["items"]
    )
    body = api.get(f"{API}/users", params={"sort": "-email", "size": 2}).json()
    assert [u["email"] for u in body["items"]] == ["zed@example.com", world.email("globex-owner")]
    assert body["pages"] == 3
    body = api.get(f"{API}/users", params={"q": "acme"}).json()
    assert [u["email"] for u in body["items"]] == [
        world.email("acme-owner"),
        world.email("acme-staff"),
    ]


def test_a_refused_user_answers_with_the_field(api: Client, world: World) -> None:
    ok = {"email": "new@example.com", "password": "long enough pass"}
    refused(api.post(f"{API}/users", json={**ok, "password": "short"}), 400, "password")
    refused(api.post(f"{API}/users", json={**ok, "email": "nope"}), 400, "email")
    body = {**ok, "email": world.email("acme-owner")}
    refused(api.post(f"{API}/users", json=body), 409, "email")


def test_a_user_is_deactivated_and_activated(api: Client, world: World) -> None:
    user = world.users["acme-staff"]
    r = api.patch(f"{API}/users/{user}", json={"active": False})
    assert r.status_code == 200 and r.json()["is_active"] is False
    r = api.patch(f"{API}/users/{user}", json={"active": True})
    assert r.json()["is_active"] is True
    refused(api.patch(f"{API}/users/999999", json={"active": False}), 404)
    refused(api.patch(f"{API}/users/{world.users['admin']}", json={"active": False}), 403)


# -- administrators ------------------------------------------------------------------------


def test_administrators_are_granted_listed_and_revoked(api: Client, world: World) -> None:
    body = api.get(f"{API}/admins").json()
    assert [(g["email"], g["super_admin"]) for g in body["items"]] == [(world.email("admin"), True)]
    r = api.post(f"{API}/admins", json={"email": world.email("globex-owner"), "platform": "north"})
    assert r.status_code == 201
    assert r.json() == {
        "user_id": world.users["globex-owner"],
        "email": world.email("globex-owner"),
        "display_name": "globex-owner",
        "platform": "north",
        "super_admin": False,
    }
    r = api.post(f"{API}/admins", json={"email": world.email("acme-owner"), "super_admin": True})
    assert r.status_code == 201 and r.json()["platform"] is None
    body = api.get(f"{API}/admins", params={"sort": "-scope"}).json()
    assert [g["platform"] for g in body["items"]] == ["north", None, None]
    body = api.get(f"{API}/admins", params={"q": "globex"}).json()
    assert body["total"] == 1
    user = world.users["globex-owner"]
    assert api.delete(f"{API}/admins/{user}", params={"platform": "north"}).status_code == 204
    assert api.get(f"{API}/admins", params={"q": "globex"}).json()["total"] == 0
    refused(api.delete(f"{API}/admins/{user}", params={"platform": "north"}), 404)


def test_a_refused_grant_answers_with_the_field(api: Client, world: World) -> None:
    email = world.email("acme-owner")
    refused(
        api.post(f"{API}/admins", json={"email": "nobody@example.com", "platform": "north"}),
        400,
        "email",
    )
    refused(api.post(f"{API}/admins", json={"email": email}), 400, "platform")
    both = {"email": email, "platform": "north", "super_admin": True}
    refused(api.post(f"{API}/admins", json=both), 400, "platform")
    refused(api.post(f"{API}/admins", json={"email": email, "platform": "mars"}), 400, "platform")
    refused(
        api.post(f"{API}/admins", json={"email": world.email("admin"), "super_admin": True}), 409
    )
    me = world.users["admin"]
    refused(api.delete(f"{API}/admins/{me}", params={"super_admin": "true"}), 403)
    refused(api.delete(f"{API}/admins/{world.users['acme-owner']}"), 400, "platform")


def test_a_platform_administrator_acts_on_their_platform_only(api: Client, world: World) -> None:
    grant = {"email": world.email("globex-owner"), "platform": "north"}
    assert api.post(f"{API}/admins", json=grant).status_code == 201
    api.headers.update(bearer(issue_platform_token(world, "globex-owner", "north")))
    op = api  # the same client, now with a token of north's (not a super) administrator
    assert slugs(op.get(f"{API}/vendors")) == ["acme", "globex"]
    refused(op.post(f"{API}/vendors/globex/attach", json={"platform": "south"}), 403, "platform")
    status = {"platform": "south", "status": "suspended"}
    refused(op.post(f"{API}/vendors/acme/status", json=status), 403)
    grant = {"email": world.email("acme-owner")}
    refused(op.post(f"{API}/admins", json={**grant, "super_admin": True}), 403)
    refused(op.post(f"{API}/admins", json={**grant, "platform": "south"}), 403)
    refused(op.post(f"{API}/platforms", json={"code": "mine", "name": "Mine"}), 403)
    refused(op.patch(f"{API}/platforms/south", json={"name": "Mine"}), 403)
    refused(op.patch(f"{API}/users/{world.users['admin']}", json={"active": False}), 403)
    r = op.post(f"{API}/vendors/acme/status", json={"platform": "north", "status": "suspended"})
    assert r.status_code == 200
    assert op.post(f"{API}/admins", json={**grant, "platform": "north"}).status_code == 201


# -- platforms -----------------------------------------------------------------------------


def test_a_platform_is_created_and_updated(api: Client) -> None:
    r = api.post(
        f"{API}/platforms", json={"code": "east", "name": "East", "domains": ["East.test"]}
    )
    assert r.status_code == 201
    assert {k: r.json()[k] for k in ("code", "name", "domains")} == {
        "code": "east",
        "name": "East",
        "domains": ["east.test"],
    }
    r = api.patch(f"{API}/platforms/east", json={"name": "East Side"})
    assert r.status_code == 200 and r.json()["domains"] == ["east.test"]
    r = api.patch(f"{API}/platforms/east", json={"domains": ["east.test", "e.example"]})
    assert r.json()["name"] == "East Side" and r.json()["domains"] == ["e.example", "east.test"]
    listed = api.get(f"{API}/platforms", params={"sort": "-code"}).json()
    assert [p["code"] for p in listed["items"]] == ["south", "north", "east"]


def test_a_refused_platform_answers_with_the_field(api: Client) -> None:
    refused(api.post(f"{API}/platforms", json={"code": "north", "name": "N"}), 409, "code")
    refused(api.post(f"{API}/platforms", json={"code": "Bad Code", "name": "N"}), 400, "code")
    refused(api.post(f"{API}/platforms", json={"code": "west", "name": ""}), 400, "name")
    bad = {"code": "west", "name": "W", "domains": ["not a domain"]}
    refused(api.post(f"{API}/platforms", json=bad), 400, "domains")
    refused(api.patch(f"{API}/platforms/south", json={"domains": ["north.test"]}), 409, "domains")
    refused(api.patch(f"{API}/platforms/mars", json={"name": "Mars"}), 404)


# -- menus ---------------------------------------------------------------------------------


def test_menu_items_are_hidden_and_shown_per_frontend(api: Client) -> None:
    items = {i["id"]: i for i in api.get(f"{API}/menus/admin").json()}
    assert items["companies"]["hidden"] is False and items["modules"]["mandatory"] is True
    assert "probe" in items and items["probe"]["module"] == "probe"
    r = api.put(f"{API}/menus/admin/companies", json={"hidden": True})
    assert r.status_code == 200 and r.json()["hidden"] is True
    assert {i["id"]: i["hidden"] for i in api.get(f"{API}/menus/admin").json()}["companies"]
    vendor = {i["id"]: i["hidden"] for i in api.get(f"{API}/menus/vendor").json()}
    assert vendor["team"] is False
    r = api.put(f"{API}/menus/admin/companies", json={"hidden": False})
    assert r.json()["hidden"] is False


def test_a_mandatory_or_unknown_menu_item_cannot_be_hidden(api: Client) -> None:
    body = refused(api.put(f"{API}/menus/admin/modules", json={"hidden": True}), 400, "hidden")
    assert "mandatory" in body["detail"]
    assert api.put(f"{API}/menus/admin/modules", json={"hidden": False}).status_code == 200
    refused(api.put(f"{API}/menus/admin/nothing", json={"hidden": True}), 404)
    refused(api.get(f"{API}/menus/storefront"), 400, "frontend")


def test_a_platform_admin_verifies_domains_only_of_vendors_on_their_platforms(
    api: Client, world: World
) -> None:
    async def go() -> tuple[int, int]:
        c = container_with(world.url, (PROBE, FLAKY))
        try:
            t = c.components().container("tenancy")
            ops = await t.identity().create_user("ops-south@example.com", PASSWORD)
            await t.identity().grant_admin(ops.id, world.platforms["south"])
            world.users["ops-south"] = ops.id
            acme = await t.domains().add(world.vendors["acme"], "shop.acme.example")
            globex = await t.domains().add(world.vendors["globex"], "shop.globex.example")
            return int(acme.id), int(globex.id)
        finally:
            await close_container(c)

    acme_domain, globex_domain = asyncio.run(go())
    south = {"host": "south.test", **bearer(issue_platform_token(world, "ops-south", "south"))}
    # globex is only on north: south's administrator may not vouch for its domain
    r = api.post(f"{API}/vendors/globex/domains/{globex_domain}/verify", headers=south)
    refused(r, 404)  # a vendor outside the caller's platforms is not even confirmed
    assert api.get(f"{API}/vendors/globex").json()["domains"][0]["verified"] is False
    # acme is on south too: allowed
    ok = api.post(f"{API}/vendors/acme/domains/{acme_domain}/verify", headers=south)
    assert ok.status_code == 200 and ok.json()["verified"] is True
