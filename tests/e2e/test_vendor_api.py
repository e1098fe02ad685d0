"""The vendor JSON API: members, invitations, roles, API tokens and domains."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from litestar.testing import TestClient

from mercato.bootstrap.app import MercatoApp
from tests.support.mailbox import Outbox
from tests.support.world import PASSWORD, World, csrf_from, issue_token

pytestmark = pytest.mark.e2e

Client = TestClient[MercatoApp]
V = "/api/v1/vendors/acme"


@pytest.fixture
def acme(api_as: Callable[[str, str], Client]) -> Client:
    """The JSON API on north with acme's owner token."""
    return api_as("acme", "north")


def as_token(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


# -- members and invitations -------------------------------------------------------------


def test_members_are_listed_by_page_with_their_roles(acme: Client, world: World) -> None:
    body = acme.get(f"{V}/members").json()
    assert body["total"] == 2 and body["pages"] == 1
    roles = {m["email"]: (m["role"], m["role_name"]) for m in body["items"]}
    assert roles == {
        world.email("acme-owner"): ("owner", "Owner"),
        world.email("acme-staff"): ("staff", "Staff"),
    }
    page = acme.get(f"{V}/members", params={"page": 2, "size": 1}).json()
    assert page["total"] == 2 and page["pages"] == 2 and len(page["items"]) == 1
    assert acme.get(f"{V}/members", params={"size": 0}).status_code == 400


def test_an_invitation_is_mailed_to_the_invitee_and_never_returned_to_the_inviter(
    acme: Client, mailbox_dir: Path
) -> None:
    r = acme.post(f"{V}/invitations", json={"email": "Ivy@Example.com", "role": "manager"})
    assert r.status_code == 201
    body = r.json()
    assert set(body) == {"invitation"}
    assert body["invitation"]["email"] == "ivy@example.com"
    assert body["invitation"]["status"] == "open"
    link = Outbox(acme, mailbox_dir).link_to("ivy@example.com")
    assert link.startswith("http://north.test/auth/invitations/")
    token = link.rsplit("/", 1)[1]
    assert token not in r.text
    listed = acme.get(f"{V}/invitations")
    assert listed.json()["total"] == 1
    assert listed.json()["items"][0]["role_name"] == "Manager"
    assert token not in listed.text
    page = acme.get(link.removeprefix("http://north.test"))
    assert page.status_code == 200


def test_adding_a_member_invites_them(acme: Client) -> None:
    r = acme.post(f"{V}/members", json={"email": "max@example.com", "role": "viewer"})
    assert r.status_code == 201
    assert r.json()["invitation"]["role"] == "viewer"
    assert acme.get(f"{V}/members").json()["total"] == 2  # not on the team until accepted
    assert acme.get(f"{V}/invitations").json()["total"] == 1


def test_invitations_refuse_bad_input(acme: Client, world: World) -> None:
    assert acme.post(f"{V}/invitations", json={"email": "nope"}).status_code == 400
    r = acme.post(f"{V}/invitations", json={"email": "a@example.com", "role": "boss"})
    assert r.status_code == 400 and r.json()["extra"]["field"] == "role"
    r = acme.post(f"{V}/invitations", json={"email": "a@example.com", "vendor_id": 2})
    assert r.status_code == 400  # unknown fields are refused, the vendor is never taken
    r = acme.post(f"{V}/invitations", json={"email": world.email("acme-staff")})
    assert r.status_code == 409


def test_revoking_an_invitation(acme: Client, mailbox_dir: Path) -> None:
    created = acme.post(f"{V}/invitations", json={"email": "gone@example.com"}).json()
    link = Outbox(acme, mailbox_dir).link_to("gone@example.com")
    url = link.removeprefix("http://north.test")
    invitation_id = created["invitation"]["id"]
    assert acme.delete(f"{V}/invitations/{invitation_id}").status_code == 204
    assert acme.get(f"{V}/invitations").json()["total"] == 0
    assert acme.get(url).status_code == 404
    assert acme.delete(f"{V}/invitations/{invitation_id}").status_code == 404


def test_changing_roles_and_removing_members(acme: Client, world: World) -> None:
    staff = world.users["acme-staff"]
    r = acme.patch(f"{V}/members/{staff}", json={"role": "manager"})
    assert r.status_code == 200
    assert r.json() == {**r.json(), "user_id": staff, "role": "manager", "role_name": "Manager"}
    assert acme.patch(f"{V}/members/{staff}", json={"role": "custom:999"}).status_code == 400
    assert acme.delete(f"{V}/members/{staff}").status_code == 204
    assert acme.get(f"{V}/members").json()["total"] == 1
    assert acme.delete(f"{V}/members/{staff}").status_code == 404
    assert acme.patch(f"{V}/members/{staff}", json={"role": "staff"}).status_code == 404


def test_the_last_owner_can_be_neither_demoted_nor_removed(acme: Client, world: World) -> None:
    owner = world.users["acme-owner"]
    r = acme.patch(f"{V}/members/{owner}", json={"role": "manager"})
    assert r.status_code == 409
    assert "at least one owner" in r.json()["detail"]
    assert acme.delete(f"{V}/members/{owner}").status_code == 409
    staff = world.users["acme-staff"]
    assert acme.patch(f"{V}/members/{staff}", json={"role": "owner"}).status_code == 200
    assert acme.patch(f"{V}/members/{owner}", json={"role": "manager"}).status_code == 200
    # The caller is a manager now: they may not demote the owner (403), who is also the last.
    assert acme.patch(f"{V}/members/{staff}", json={"role": "viewer"}).status_code == 403


def test_a_staff_token_may_read_the_team_but_not_change_it(acme: Client, world: World) -> None:
    staff = as_token(issue_token(world, "acme-staff", "acme"))
    assert acme.get(f"{V}/members", headers=staff).status_code == 200
    assert acme.get(f"{V}/domains", headers=staff).status_code == 200
    r = acme.post(f"{V}/invitations", json={"email": "x@example.com"}, headers=staff)
    assert r.status_code == 403
    assert acme.get(f"{V}/roles", headers=staff).status_code == 403
    assert acme.get(f"{V}/tokens", headers=staff).status_code == 403
    assert acme.post(f"{V}/domains", json={"domain": "x.example"}, headers=staff).status_code == 403


# -- roles -------------------------------------------------------------------------------


def test_custom_roles_are_created_read_patched_and_deleted(acme: Client, world: World) -> None:
    r = acme.post(f"{V}/roles", json={"name": "Packer", "permissions": ["team.view"]})
    assert r.status_code == 201
    role = r.json()
    assert role["value"] == f"custom:{role['id']}" and role["permissions"] == ["team.view"]
    url = f"{V}/roles/{role['id']}"
    assert acme.get(url).json() == role
    patched = acme.patch(url, json={"permissions": ["team.view", "domains.view"]}).json()
    assert patched["name"] == "Packer"
    assert patched["permissions"] == ["domains.view", "team.view"]
    renamed = acme.patch(url, json={"name": "Picker"}).json()
    assert renamed["permissions"] == ["domains.view", "team.view"]
    assert [r["name"] for r in acme.get(f"{V}/roles").json()] == ["Picker"]
    staff = world.users["acme-staff"]
    held = acme.patch(f"{V}/members/{staff}", json={"role": role["value"]}).json()
    assert held["role_name"] == "Picker"
    r = acme.delete(url)
    assert r.status_code == 409
    acme.patch(f"{V}/members/{staff}", json={"role": "staff"})
    assert acme.delete(url).status_code == 204
    assert acme.get(url).status_code == 404


def test_a_custom_role_grants_exactly_its_permissions(acme: Client, world: World) -> None:
    role = acme.post(f"{V}/roles", json={"name": "Reader", "permissions": ["domains.view"]}).json()
    acme.patch(f"{V}/members/{world.users['acme-staff']}", json={"role": role["value"]})
    staff = as_token(issue_token(world, "acme-staff", "acme"))
    assert acme.get(f"{V}/domains", headers=staff).status_code == 200
    assert acme.get(f"{V}/members", headers=staff).status_code == 403


def test_roles_refuse_bad_input(acme: Client) -> None:
    r = acme.post(f"{V}/roles", json={"name": "X", "permissions": ["no.such"]})
    assert r.status_code == 400 and r.json()["extra"]["field"] == "permissions"
    assert acme.post(f"{V}/roles", json={"name": "Owner"}).status_code == 400
    assert acme.post(f"{V}/roles", json={"name": ""}).status_code == 400
    assert acme.post(f"{V}/roles", json={"name": "Twice"}).status_code == 201
    assert acme.post(f"{V}/roles", json={"name": "Twice"}).status_code == 409


# -- API tokens --------------------------------------------------------------------------


def test_a_new_token_is_shown_once_and_revoking_it_makes_it_answer_401(acme: Client) -> None:
    r = acme.post(f"{V}/tokens", json={"name": "CI"})
    assert r.status_code == 201
    assert r.headers["cache-control"] == "no-store"
    created = r.json()
    secret = created["secret"]
    assert secret.startswith("mrc_") and created["token"]["prefix"] == secret[:12]
    listed = acme.get(f"{V}/tokens")
    assert secret not in listed.text and "token_hash" not in listed.text
    assert {t["name"] for t in listed.json()["items"]} == {"CI", "acme token"}
    assert acme.get(f"{V}/members", headers=as_token(secret)).status_code == 200
    token_id = created["token"]["id"]
    assert acme.delete(f"{V}/tokens/{token_id}").status_code == 204
    revoked = next(t for t in acme.get(f"{V}/tokens").json()["items"] if t["id"] == token_id)
    assert revoked["revoked"] is True and revoked["revoked_at"]
    r = acme.get(f"{V}/members", headers=as_token(secret))
    assert r.status_code == 401
    assert "revoked" in r.json()["detail"]


def test_the_token_list_paginates(acme: Client) -> None:
    for n in range(3):
        acme.post(f"{V}/tokens", json={"name": f"t{n}"})
    page = acme.get(f"{V}/tokens", params={"size": 2, "page": 2}).json()
    assert page["total"] == 4 and page["pages"] == 2 and len(page["items"]) == 2


def test_a_token_needs_a_name(acme: Client) -> None:
    r = acme.post(f"{V}/tokens", json={"name": "  "})
    assert r.status_code == 400 and r.json()["extra"]["field"] == "name"


# -- domains -----------------------------------------------------------------------------


def test_domains_are_added_made_primary_and_removed(acme: Client) -> None:
    first = acme.post(f"{V}/domains", json={"domain": "Shop.Acme.Example."})
    assert first.status_code == 201
    assert first.json()["domain"] == "shop.acme.example"
    assert first.json()["is_primary"] is True and first.json()["verified"] is False
    assert first.json()["verification_token"].startswith("mercato-verify=")
    second = acme.post(f"{V}/domains", json={"domain": "acme.example"}).json()
    assert second["is_primary"] is False
    r = acme.post(f"{V}/domains/{second['id']}/primary")
    assert r.status_code == 200 and r.json()["is_primary"] is True
    listed = acme.get(f"{V}/domains").json()
    assert [(d["domain"], d["is_primary"]) for d in listed] == [
        ("acme.example", True),
        ("shop.acme.example", False),
    ]
    assert acme.delete(f"{V}/domains/{first.json()['id']}").status_code == 204
    assert [d["domain"] for d in acme.get(f"{V}/domains").json()] == ["acme.example"]


def test_a_domain_verified_for_one_vendor_is_refused_to_another(acme: Client, world: World) -> None:
    added = acme.post(f"{V}/domains", json={"domain": "taken.example"})
    assert added.status_code == 201
    admin = as_token(world.tokens["admin@north"])
    verify = f"/api/v1/admin/vendors/acme/domains/{added.json()['id']}/verify"
    assert acme.post(verify, headers=admin).status_code == 200
    globex = as_token(world.tokens["globex"])
    r = acme.post(
        "/api/v1/vendors/globex/domains", json={"domain": "taken.example"}, headers=globex
    )
    assert r.status_code == 409
    assert acme.post(f"{V}/domains", json={"domain": "bad domain"}).status_code == 400


# -- the API is documented ---------------------------------------------------------------


def test_the_vendor_routes_are_in_the_openapi_schema(acme: Client) -> None:
    paths = acme.get("/schema/openapi.json").json()["paths"]
    for path in (
        "/members",
        "/members/{user_id}",
        "/invitations",
        "/invitations/{invitation_id}",
        "/roles",
        "/roles/{role_id}",
        "/tokens",
        "/tokens/{token_id}",
        "/domains",
        "/domains/{domain_id}",
        "/domains/{domain_id}/primary",
    ):
        assert f"/api/v1/vendors/{{vendor}}{path}" in paths, path


def test_the_api_ignores_a_browser_session(client: Client, world: World) -> None:
    """ADR 0007: the API takes bearer tokens only, which is what makes its CSRF exemption safe."""
    page = client.get("/auth/login", headers={"accept": "text/html"})
    signed_in = client.post(
        "/auth/login",
        data={
            "email": world.email("acme-owner"),
            "password": PASSWORD,
            "_csrf_token": csrf_from(page.text),
        },
        headers={"accept": "text/html"},
    )
    assert signed_in.status_code == 200
    assert client.get("/vendor/acme/team", headers={"accept": "text/html"}).status_code == 200
    assert client.get(f"{V}/members").status_code == 401
    r = client.post(f"{V}/invitations", json={"email": "csrf@example.com"})
    assert r.status_code == 401


def test_a_manager_cannot_make_themselves_owner(acme: Client, world: World) -> None:
    staff = world.users["acme-staff"]
    assert acme.patch(f"{V}/members/{staff}", json={"role": "manager"}).status_code == 200
    manager = as_token(issue_token(world, "acme-staff", "acme"))
    r = acme.patch(f"{V}/members/{staff}", json={"role": "owner"}, headers=manager)
    assert r.status_code == 403


def test_a_manager_cannot_demote_or_remove_an_owner(acme: Client, world: World) -> None:
    staff = world.users["acme-staff"]
    owner = world.users["acme-owner"]
    assert acme.patch(f"{V}/members/{staff}", json={"role": "manager"}).status_code == 200
    manager = as_token(issue_token(world, "acme-staff", "acme"))
    demote = acme.patch(f"{V}/members/{owner}", json={"role": "viewer"}, headers=manager)
    assert demote.status_code == 403
    assert "permissions you do not have" in demote.json()["detail"]
    assert acme.delete(f"{V}/members/{owner}", headers=manager).status_code == 403
    members = {m["user_id"]: m["role"] for m in acme.get(f"{V}/members").json()["items"]}
    assert members[owner] == "owner"
