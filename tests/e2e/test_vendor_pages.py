"""The vendor frontend's team pages: team and invitations, roles, API tokens, domains."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar.testing import TestClient

from mercato.bootstrap.app import MercatoApp
from tests.support.mailbox import Outbox
from tests.support.world import PASSWORD, World, csrf_from, sign_in

pytestmark = pytest.mark.e2e

Client = TestClient[MercatoApp]
HTML = {"accept": "text/html"}
TEAM = "/vendor/acme/team"
CONFIRM = {"confirm": "yes"}  # the answer of the confirmation step


@contextmanager
def browser(app: MercatoApp, world: World, who: str) -> Iterator[Client]:
    """A browser on north signed in as ``who`` through the sign-in form."""
    with TestClient(app, base_url="http://north.test") as c:
        assert sign_in(c, world.email(who)).status_code == 200
        yield c


@pytest.fixture
def owner(app: MercatoApp, world: World) -> Iterator[Client]:
    """acme's owner, signed in."""
    with browser(app, world, "acme-owner") as c:
        yield c


@pytest.fixture
def staff(app: MercatoApp, world: World) -> Iterator[Client]:
    """acme's staff member (team.view, domains.view), signed in."""
    with browser(app, world, "acme-staff") as c:
        yield c


def submit(c: Client, page: str, action: str, data: dict[str, Any] | None = None) -> Any:
    """Post a form of ``page`` to ``action`` with the page's CSRF token; no redirect followed."""
    token = csrf_from(c.get(page, headers=HTML).text)
    return c.post(
        action,
        data={**(data or {}), "_csrf_token": token},
        headers=HTML,
        follow_redirects=False,
    )


def invite(c: Client, email: str, role: str = "staff") -> Any:
    return submit(c, TEAM, f"{TEAM}/invitations", {"email": email, "role": role})


def mailed_link(mailbox_dir: Path, email: str) -> str:
    """The invitation link mailed to ``email`` (by the in-process worker)."""
    return Outbox(None, mailbox_dir).link_to(email)


# -- team -------------------------------------------------------------------------------


def test_the_team_page_lists_members_with_their_roles_and_the_vendor_menu(
    owner: Client, world: World
) -> None:
    r = owner.get(TEAM, headers=HTML)
    assert r.status_code == 200
    html = r.text
    assert 'data-vendor="acme"' in html
    for item in ("team", "roles", "tokens", "domains"):
        assert f'data-menu-item="{item}"' in html
    assert world.email("acme-owner") in html and world.email("acme-staff") in html
    assert world.email("globex-owner") not in html
    row = html.split(f'data-member="{world.users["acme-staff"]}"')[1].split("</tr>")[0]
    assert '<option value="staff" selected>' in row
    assert 'data-form="invite"' in html


def test_a_member_who_may_only_view_sees_no_management_forms_and_cannot_post(
    staff: Client, world: World
) -> None:
    html = staff.get(TEAM, headers=HTML).text
    assert world.email("acme-owner") in html
    assert 'data-form="invite"' not in html and "/remove" not in html
    assert 'data-menu-item="roles"' not in html and 'data-menu-item="tokens"' not in html
    r = invite(staff, "sneaky@example.com")
    assert r.status_code == 403
    assert staff.get("/vendor/acme/roles", headers=HTML).status_code == 403
    assert staff.get("/vendor/acme/tokens", headers=HTML).status_code == 403


def test_inviting_mails_the_link_to_the_invitee_only_and_lists_the_invitation(
    owner: Client, mailbox_dir: Path
) -> None:
    r = invite(owner, "New.Person@Example.com", "manager")
    assert r.status_code == 200
    assert "/auth/invitations/" not in r.text  # the inviter never sees the link
    assert "data-development-mode" not in r.text
    link = mailed_link(mailbox_dir, "new.person@example.com")
    assert link.startswith("http://north.test/auth/invitations/")
    assert "new.person@example.com" in r.text and "Manager" in r.text
    team = owner.get(TEAM, headers=HTML).text
    row = team.split("data-invitation=")[1].split("</tr>")[0]
    assert "new.person@example.com" in row and "Manager" in row and ">open<" in row
    assert link.rsplit("/", 1)[1] not in team


def test_the_invite_form_shows_field_errors_and_keeps_the_typed_values(owner: Client) -> None:
    r = invite(owner, "not-an-address", "viewer")
    assert r.status_code == 400
    assert 'data-error-for="email"' in r.text
    assert 'value="not-an-address"' in r.text
    assert '<option value="viewer" selected>' in r.text.split('data-form="invite"')[1]
    r = invite(owner, "someone@example.com", "custom:999")
    assert r.status_code == 400
    assert 'data-error-for="role"' in r.text


def test_inviting_someone_already_on_the_team_is_a_conflict(owner: Client, world: World) -> None:
    r = invite(owner, world.email("acme-staff"))
    assert r.status_code == 409
    assert "already on the team" in r.text


def test_an_invitation_is_accepted_through_the_pages_into_the_vendor_dashboard(
    owner: Client, mailbox_dir: Path
) -> None:
    invite(owner, "newcomer@example.com", "viewer")
    link = mailed_link(mailbox_dir, "newcomer@example.com")
    path = link.removeprefix("http://north.test")
    signed_in = httpx.Cookies(owner.cookies)
    owner.cookies.clear()  # the same browser, signed out: one app, one client at a time
    form = owner.get(path, headers=HTML)
    assert form.status_code == 200 and "newcomer@example.com" in form.text
    r = owner.post(
        path,
        data={"name": "Nia Newcomer", "password": PASSWORD, "_csrf_token": csrf_from(form.text)},
        headers=HTML,
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert r.headers["location"] == "/vendor/acme/"
    landing = owner.get("/vendor/acme/", headers=HTML)
    assert landing.status_code == 200
    assert 'data-vendor="acme"' in landing.text and "Nia Newcomer" in landing.text
    assert owner.get(TEAM, headers=HTML).status_code == 200  # a viewer sees the team
    assert 'data-form="invite"' not in owner.get(TEAM, headers=HTML).text
    assert owner.get(path, headers=HTML).status_code == 404  # the link works once
    owner.cookies = signed_in
    team = owner.get(TEAM, headers=HTML).text
    row = team.split("newcomer@example.com</td>")[0].rsplit("<tr", 1)[1]
    assert "data-member=" in row
    assert ">accepted<" in team


def test_revoking_an_invitation_closes_its_link(owner: Client, mailbox_dir: Path) -> None:
    invite(owner, "later@example.com")
    link = mailed_link(mailbox_dir, "later@example.com")
    team = owner.get(TEAM, headers=HTML).text
    invitation_id = re.search(r'data-invitation="(\d+)"', team)
    assert invitation_id
    action = f"{TEAM}/invitations/{invitation_id.group(1)}/revoke"
    r = submit(owner, TEAM, action)
    assert r.status_code == 303
    assert r.headers["location"] == TEAM
    assert "later@example.com" not in owner.get(TEAM, headers=HTML).text
    assert owner.get(link.removeprefix("http://north.test"), headers=HTML).status_code == 404


def test_changing_a_role_and_removing_a_member(owner: Client, world: World) -> None:
    staff_id = world.users["acme-staff"]
    r = submit(owner, TEAM, f"{TEAM}/members/{staff_id}/role", {"role": "viewer"})
    assert r.status_code == 303
    page = owner.get(r.headers["location"], headers=HTML).text
    assert "Role changed." in page
    row = page.split(f'data-member="{staff_id}"')[1].split("</tr>")[0]
    assert '<option value="viewer" selected>' in row
    r = submit(owner, TEAM, f"{TEAM}/members/{staff_id}/remove", CONFIRM)
    assert r.status_code == 303
    assert world.email("acme-staff") not in owner.get(TEAM, headers=HTML).text


def test_the_last_owner_can_be_neither_demoted_nor_removed_on_the_page(
    owner: Client, world: World
) -> None:
    me = world.users["acme-owner"]
    r = submit(owner, TEAM, f"{TEAM}/members/{me}/role", {"role": "manager"})
    assert r.status_code == 409
    assert "at least one owner" in r.text
    r = submit(owner, TEAM, f"{TEAM}/members/{me}/remove", CONFIRM)
    assert r.status_code == 409
    row = owner.get(TEAM, headers=HTML).text.split(f'data-member="{me}"')[1].split("</tr>")[0]
    assert '<option value="owner" selected>' in row


def test_the_team_and_invitation_lists_paginate(owner: Client) -> None:
    for n in range(3):
        assert invite(owner, f"guest{n}@example.com").status_code == 200
    page = owner.get(f"{TEAM}?size=1", headers=HTML).text
    assert "Page 1 of 2 (2 members)" in page
    assert "Page 1 of 3 (3 invitations)" in page
    second = owner.get(f"{TEAM}?size=1&invitations_page=2", headers=HTML).text
    assert "Page 2 of 3 (3 invitations)" in second
    assert second.count("data-invitation=") == 1
    found = owner.get(f"{TEAM}?q=staff", headers=HTML).text
    assert "(1 members)" in found


# -- roles ------------------------------------------------------------------------------


def test_custom_roles_are_built_from_the_enabled_modules_catalogue(owner: Client) -> None:
    form = owner.get("/vendor/acme/roles/new", headers=HTML)
    assert form.status_code == 200
    html = form.text
    for module in ("core", "tenancy", "probe"):
        assert f'data-module="{module}"' in html
    assert 'value="team.manage"' in html and 'value="probe.view"' in html
    assert 'value="platforms.manage"' not in html  # not a vendor permission
    on_south = owner.get("/vendor/acme/roles/new", headers={**HTML, "host": "south.test"})
    assert on_south.status_code == 200  # acme is on south too, where probe is not enabled
    assert 'data-module="tenancy"' in on_south.text
    assert 'data-module="probe"' not in on_south.text


def test_a_custom_role_is_created_edited_held_and_deleted(owner: Client, world: World) -> None:
    r = submit(
        owner,
        "/vendor/acme/roles/new",
        "/vendor/acme/roles",
        {"name": "Packer", "permissions": ["team.view", "dashboard.view"]},
    )
    assert r.status_code == 303
    roles = owner.get("/vendor/acme/roles", headers=HTML).text
    found = re.search(r'data-role="(\d+)"', roles)
    assert found and "Packer" in roles
    role_id = found.group(1)
    edit = owner.get(f"/vendor/acme/roles/{role_id}", headers=HTML).text
    assert 'value="team.view" checked' in edit and 'value="team.manage">' in edit
    r = submit(
        owner,
        f"/vendor/acme/roles/{role_id}",
        f"/vendor/acme/roles/{role_id}",
        {"name": "Senior packer", "permissions": ["team.view", "domains.view"]},
    )
    assert r.status_code == 303
    edit = owner.get(f"/vendor/acme/roles/{role_id}", headers=HTML).text
    assert 'value="Senior packer"' in edit and 'value="domains.view" checked' in edit
    staff_id = world.users["acme-staff"]
    assert (
        submit(owner, TEAM, f"{TEAM}/members/{staff_id}/role", {"role": f"custom:{role_id}"})
    ).status_code == 303
    assert "Senior packer" in owner.get(TEAM, headers=HTML).text
    delete = f"/vendor/acme/roles/{role_id}/delete"
    r = submit(owner, "/vendor/acme/roles", delete)
    assert r.status_code == 409
    assert "still hold this role" in r.text
    submit(owner, TEAM, f"{TEAM}/members/{staff_id}/role", {"role": "staff"})
    assert submit(owner, "/vendor/acme/roles", delete).status_code == 303
    assert "Senior packer" not in owner.get("/vendor/acme/roles", headers=HTML).text


def test_the_role_form_keeps_the_ticked_permissions_when_refused(owner: Client) -> None:
    r = submit(
        owner,
        "/vendor/acme/roles/new",
        "/vendor/acme/roles",
        {"name": "  ", "permissions": ["team.manage"]},
    )
    assert r.status_code == 400
    assert 'data-error-for="name"' in r.text
    assert 'value="team.manage" checked' in r.text
    r = submit(owner, "/vendor/acme/roles/new", "/vendor/acme/roles", {"name": "owner"})
    assert r.status_code == 400 and "preset" in r.text


# -- API tokens --------------------------------------------------------------------------


def test_a_token_is_shown_once_works_and_stops_working_once_revoked(owner: Client) -> None:
    r = submit(owner, "/vendor/acme/tokens", "/vendor/acme/tokens", {"name": "Warehouse sync"})
    assert r.status_code == 201
    assert r.headers["cache-control"] == "no-store"
    found = re.search(r'value="(mrc_[^"]+)"', r.text)
    assert found
    secret = found.group(1)
    listing = owner.get("/vendor/acme/tokens", headers=HTML).text
    assert "Warehouse sync" in listing and secret[:12] in listing and secret not in listing
    headers = {"Authorization": f"Bearer {secret}"}
    assert owner.get("/api/v1/vendors/acme/members", headers=headers).status_code == 200
    listing = owner.get("/vendor/acme/tokens", headers=HTML).text
    row = listing.split("Warehouse sync")[1].split("</tr>")[0]
    assert "never" not in row  # last used is recorded
    token_id = listing.split("Warehouse sync")[0].rsplit('data-token="', 1)[1].split('"')[0]
    r = submit(owner, "/vendor/acme/tokens", f"/vendor/acme/tokens/{token_id}/revoke", CONFIRM)
    assert r.status_code == 303
    assert "revoked" in owner.get("/vendor/acme/tokens", headers=HTML).text
    assert owner.get("/api/v1/vendors/acme/members", headers=headers).status_code == 401


def test_a_token_needs_a_name(owner: Client) -> None:
    r = submit(owner, "/vendor/acme/tokens", "/vendor/acme/tokens", {"name": " "})
    assert r.status_code == 400
    assert 'data-error-for="name"' in r.text


# -- domains -----------------------------------------------------------------------------


def test_domains_are_added_made_primary_and_removed(owner: Client) -> None:
    page = "/vendor/acme/domains"
    assert submit(owner, page, page, {"domain": "Shop.Acme.Example"}).status_code == 303
    assert submit(owner, page, page, {"domain": "acme.example"}).status_code == 303
    html = owner.get(page, headers=HTML).text
    assert "shop.acme.example" in html and "mercato-verify=" in html and ">pending<" in html
    ids = re.findall(r'data-domain="(\d+)"', html)
    assert len(ids) == 2
    first_row = html.split(f'data-domain="{ids[0]}"')[1].split("</tr>")[0]
    assert "shop.acme.example" in first_row and "primary" in first_row  # the first is primary
    assert submit(owner, page, f"{page}/{ids[1]}/primary").status_code == 303
    html = owner.get(page, headers=HTML).text
    row = html.split("<td>acme.example</td>")[1].split("</tr>")[0]
    assert "<td>primary</td>" in row
    assert submit(owner, page, f"{page}/{ids[0]}/remove", CONFIRM).status_code == 303
    assert "shop.acme.example" not in owner.get(page, headers=HTML).text


def test_the_domain_form_shows_errors_and_keeps_the_value(owner: Client) -> None:
    page = "/vendor/acme/domains"
    r = submit(owner, page, page, {"domain": "not a domain!"})
    assert r.status_code == 400
    assert 'data-error-for="domain"' in r.text and 'value="not a domain!"' in r.text


def test_staff_see_domains_but_cannot_change_them(staff: Client) -> None:
    page = "/vendor/acme/domains"
    html = staff.get(page, headers=HTML)
    assert html.status_code == 200
    assert 'data-form="domain"' not in html.text
    assert submit(staff, page, page, {"domain": "staff.example"}).status_code == 403
