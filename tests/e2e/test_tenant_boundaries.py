"""Tenant boundaries, each probe of the security review replayed against the app.

A token's scope is a hard boundary, whoever owns it; a platform admin acts only on what
belongs to their platforms; a role is granted only by someone holding every permission it
holds, of every module; refusals say the real reason. The sweep over every route is
``test_boundary_sweep.py``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator

import pytest
from litestar.testing import TestClient

from mercato.bootstrap.app import MercatoApp
from mercato.bootstrap.library import close_container
from tests.support.app import container_with
from tests.support.flaky.definition import MODULE as FLAKY
from tests.support.frontier import Frontier, platform_state, seed_frontier
from tests.support.probe.definition import MODULE as PROBE
from tests.support.world import PASSWORD, World, sign_in

pytestmark = pytest.mark.e2e

Client = TestClient[MercatoApp]
ApiAs = Callable[..., Client]
ADMIN = "/api/v1/admin"
HTML = {"accept": "text/html"}


@pytest.fixture
def front(world: World) -> Frontier:
    return seed_frontier(world)


@pytest.fixture
def south_admin_pages(app: MercatoApp, front: Frontier) -> Iterator[Client]:
    """A browser on south signed in as ops-south, administrator of south only."""
    with TestClient(app, base_url="http://south.test") as c:
        assert sign_in(c, front.world.email("ops-south")).status_code == 200
        yield c


def statuses(api: Client, slug: str) -> dict[str, str]:
    """The vendor's status per platform code, as the every-platform token sees it."""
    body = api.get(f"{ADMIN}/vendors/{slug}").json()
    return {m["platform"]: m["status"] for m in body["platforms"]}


# -- 1: a platform-scoped token is a hard boundary, whoever owns it -----------------------


def test_a_platform_token_cannot_patch_another_platform(api_as: ApiAs, world: World) -> None:
    north_token = api_as("admin@north")
    before = platform_state(world.url, world.platforms["south"])
    r = north_token.patch(f"{ADMIN}/platforms/south", json={"name": "Taken", "domains": []})
    assert r.status_code in (403, 404), r.text
    assert platform_state(world.url, world.platforms["south"]) == before


def test_a_platform_token_cannot_suspend_a_vendor_on_another_platform_through_the_body(
    api: Client, api_as: ApiAs
) -> None:
    r = api_as("admin@north").post(
        f"{ADMIN}/vendors/acme/status", json={"platform": "south", "status": "suspended"}
    )
    assert r.status_code == 403, r.text
    assert r.json()["detail"] == "your API token is scoped to another platform"
    assert statuses(api, "acme") == {"north": "active", "south": "active"}


def test_a_platform_token_cannot_grant_super_admin(
    api: Client, api_as: ApiAs, world: World
) -> None:
    r = api_as("admin@north").post(
        f"{ADMIN}/admins", json={"email": world.email("acme-staff"), "super_admin": True}
    )
    assert r.status_code == 403, r.text
    grants = [g["email"] for g in api.get(f"{ADMIN}/admins").json()["items"]]
    assert world.email("acme-staff") not in grants


def test_a_platform_token_cannot_create_a_platform(api: Client, api_as: ApiAs) -> None:
    r = api_as("admin@north").post(f"{ADMIN}/platforms", json={"code": "east", "name": "East"})
    assert r.status_code == 403, r.text
    assert "east" not in [p["code"] for p in api.get(f"{ADMIN}/platforms").json()["items"]]


def test_a_platform_token_cannot_bring_another_platforms_vendor_onto_its_own(
    api: Client, api_as: ApiAs, front: Frontier
) -> None:
    r = api_as("admin@north").post(f"{ADMIN}/vendors/sol/attach", json={"platform": "north"})
    assert r.status_code == 404, r.text
    assert statuses(api, "sol") == {"south": "active"}


def test_a_vendor_token_made_with_a_platform_token_works_on_that_platform_only(
    api_as: ApiAs,
) -> None:
    made = api_as("admin@north").post("/api/v1/vendors/acme/tokens", json={"name": "minted"})
    assert made.status_code == 201, made.text
    secret = {"Authorization": f"Bearer {made.json()['secret']}"}
    north, south = api_as("admin@north"), api_as("admin@south", "south")
    assert north.get("/api/v1/vendors/acme/members", headers=secret).status_code == 200
    r = south.get("/api/v1/vendors/acme/members", headers=secret)
    assert r.status_code == 403 and "another platform" in r.json()["detail"]


# -- 2: a platform admin acts only on vendors already on their platforms -------------------


def test_a_platform_admin_cannot_attach_another_platforms_vendor(
    api: Client, api_as: ApiAs, front: Frontier
) -> None:
    ops = api_as("ops-south@token", "south")
    r = ops.post(f"{ADMIN}/vendors/globex/attach", json={"platform": "south"})
    assert r.status_code == 404, r.text
    assert statuses(api, "globex") == {"north": "active"}
    r = ops.post("/api/v1/vendors/globex/invitations", json={"email": "x@example.com"})
    assert r.status_code == 404  # and so cannot reach its team from south either


def test_a_super_admin_attaches_any_vendor(api: Client, front: Frontier) -> None:
    r = api.post(f"{ADMIN}/vendors/globex/attach", json={"platform": "south"})
    assert r.status_code == 200, r.text
    assert statuses(api, "globex") == {"north": "active", "south": "active"}


# -- 3: platform admins see and change only what belongs to their platforms ---------------


def test_a_platform_admin_cannot_deactivate_a_user_of_another_platform(
    api_as: ApiAs, front: Frontier
) -> None:
    world = front.world
    before = platform_state(world.url, world.platforms["north"])
    ops = api_as("ops-south@token", "south")
    for who in ("globex-owner", "acme-owner"):  # north only; north and south
        r = ops.patch(f"{ADMIN}/users/{world.users[who]}", json={"active": False})
        assert r.status_code == 403, r.text
    assert platform_state(world.url, world.platforms["north"]) == before
    r = ops.patch(f"{ADMIN}/users/{world.users['sol-owner']}", json={"active": True})
    assert r.status_code == 200, r.text  # south's own people remain theirs


def test_a_platform_admin_lists_only_their_platforms_vendors_users_grants_and_platforms(
    api_as: ApiAs, front: Frontier
) -> None:
    world = front.world
    ops = api_as("ops-south@token", "south")
    vendors = ops.get(f"{ADMIN}/vendors", params={"platform": "all"}).json()["items"]
    assert sorted(v["slug"] for v in vendors) == ["acme", "sol"]  # not globex, not fjord
    users = {u["email"] for u in ops.get(f"{ADMIN}/users", params={"size": 100}).json()["items"]}
    assert world.email("sol-owner") in users and world.email("acme-owner") in users
    assert not users & {world.email(w) for w in ("globex-owner", "ops-north", "admin")}
    grants = ops.get(f"{ADMIN}/admins").json()["items"]
    assert [(g["email"], g["platform"]) for g in grants] == [(world.email("ops-south"), "south")]
    platforms = ops.get(f"{ADMIN}/platforms").json()["items"]
    assert [p["code"] for p in platforms] == ["south"]
    companies = [c["name"] for c in ops.get(f"{ADMIN}/companies").json()["items"]]
    assert companies == ["Example Holdings", "Sol Holdings"]  # not north's "North Holdings"
    assert ops.get(f"{ADMIN}/vendors/globex").status_code == 404


def test_a_platform_admins_pages_offer_only_what_they_may_do(
    south_admin_pages: Client, front: Frontier
) -> None:
    world, c = front.world, south_admin_pages
    platforms = c.get("/admin/platforms", headers=HTML).text
    assert "/admin/platforms/new" not in platforms and 'data-platform="north"' not in platforms
    assert c.get("/admin/platforms/new", headers=HTML).status_code == 403
    assert c.get("/admin/platforms/north", headers=HTML).status_code == 404
    admins = c.get("/admin/admins", headers=HTML).text
    assert 'value="north"' not in admins and 'value="*"' not in admins
    assert 'value="south"' in admins
    users = c.get("/admin/users", headers=HTML).text
    assert world.email("admin") not in users
    acme_owner = users.split(f'data-user="{world.email("acme-owner")}"')[1].split("</tr>")[0]
    assert "Deactivate" not in acme_owner  # also on north's acme: not south's alone to change
    sol_owner = users.split(f'data-user="{world.email("sol-owner")}"')[1].split("</tr>")[0]
    assert "Deactivate" in sol_owner
    acme = c.get("/admin/vendors/acme", headers=HTML).text
    assert "/platforms/north/status" not in acme and "/platforms/south/status" in acme
    assert 'data-platform="north"' not in acme


def test_the_last_active_owner_of_a_vendor_cannot_be_deactivated(api: Client, world: World) -> None:
    r = api.patch(f"{ADMIN}/users/{world.users['globex-owner']}", json={"active": False})
    assert r.status_code == 409, r.text
    assert "last active owner of globex" in r.json()["detail"]
    users = api.get(f"{ADMIN}/users", params={"q": "globex-owner"}).json()["items"]
    assert [u["is_active"] for u in users] == [True]


# -- 4: a role grant compares every permission the role holds -----------------------------


async def _lead_and_roles(world: World) -> tuple[str, int]:
    """acme-lead (custom role: team.view, team.manage) with a token, and a role holding
    probe.view, a permission of a module enabled on north only."""
    c = container_with(world.url, (PROBE, FLAKY))
    try:
        t = c.components().container("tenancy")
        acme = world.vendors["acme"]
        lead_role = await t.teams().create_role(acme, "Team lead", ["team.view", "team.manage"])
        probe_role = await t.teams().create_role(acme, "Probe watchers", ["probe.view"])
        lead = await t.identity().create_user(world.email("acme-lead"), PASSWORD)
        await t.teams().add_member(acme, lead.id, f"custom:{lead_role.id}")
        _, secret = await t.tokens().issue(lead.id, "lead", vendor_id=acme)
        return str(secret), probe_role.id
    finally:
        await close_container(c)


def test_a_role_with_a_module_disabled_here_is_not_granted_by_someone_lacking_it(
    api_as: ApiAs, world: World
) -> None:
    secret, probe_role = asyncio.run(_lead_and_roles(world))
    world.tokens["acme-lead"] = secret
    for platform in ("south", "north"):  # probe is enabled on north only
        lead = api_as("acme-lead", platform)
        role = f"custom:{probe_role}"
        r = lead.post("/api/v1/vendors/acme/invitations", json={"email": "p@x.com", "role": role})
        assert r.status_code == 403, (platform, r.text)
        assert "probe.view" in r.json()["detail"]
        staff = world.users["acme-staff"]
        r = lead.patch(f"/api/v1/vendors/acme/members/{staff}", json={"role": role})
        assert r.status_code == 403, (platform, r.text)
    members = api_as("acme").get("/api/v1/vendors/acme/members").json()["items"]
    assert {m["role"] for m in members} == {"owner", "staff", f"custom:{probe_role - 1}"}


# -- 19: refusals say the real reason ------------------------------------------------------


def test_a_vendor_token_on_another_vendors_route_is_told_it_is_not_on_that_team(
    api_as: ApiAs,
) -> None:
    r = api_as("acme").get("/api/v1/vendors/globex/members")
    assert r.status_code == 403
    detail = r.json()["detail"]
    assert "not on the team of Globex" in detail and "permission" not in detail


def test_a_signed_in_stranger_is_told_they_are_not_on_the_team(
    app: MercatoApp, world: World
) -> None:
    with TestClient(app, base_url="http://north.test") as c:
        assert sign_in(c, world.email("acme-owner")).status_code == 200
        page = c.get("/vendor/globex/team", headers=HTML)
    assert page.status_code == 403
    assert "not on the team of Globex" in page.text and "permission" not in page.text


def test_an_error_page_under_a_vendor_links_back_to_that_vendors_dashboard(
    app: MercatoApp, world: World
) -> None:
    with TestClient(app, base_url="http://north.test") as c:
        assert sign_in(c, world.email("acme-owner")).status_code == 200
        missing = c.get("/vendor/acme/roles/999999", headers=HTML)
        refused = c.get("/vendor/globex/team", headers=HTML)
        admin_refusal = c.get("/admin/users", headers=HTML)
    assert missing.status_code == 404 and refused.status_code == 403
    assert '<a href="/vendor/acme/">Back to the dashboard</a>' in missing.text
    assert '<a href="/vendor/globex/">Back to the dashboard</a>' in refused.text
    assert '<a href="/admin/">Back to the dashboard</a>' in admin_refusal.text
