"""Pages a person uses (issue 7): destructive actions ask first, messages name people not
ids, a page beyond the last says so, cards say what they count, invitations name the vendor
and their link can be copied."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from litestar.testing import TestClient

from mercato.bootstrap.app import MercatoApp, create_app
from tests.e2e.conftest import Client
from tests.e2e.test_admin_pages import HTML, add_domain, row, rows, submit
from tests.e2e.test_vendor_pages import TEAM, browser, invite, mailed_link
from tests.support.app import container_with
from tests.support.frontier import seed_frontier
from tests.support.world import World, sign_in

pytestmark = pytest.mark.e2e

YES = {"confirm": "yes"}


@pytest.fixture
def owner(app: MercatoApp, world: World) -> Iterator[Client]:
    """acme's owner, signed in on north."""
    with browser(app, world, "acme-owner") as c:
        yield c


def asks(r: Any, question: str) -> None:
    """The answer is the confirmation page asking ``question``, with a way back."""
    assert r.status_code == 200, r.text
    assert "data-confirm" in r.text and question in r.text
    assert 'name="confirm" value="yes"' in r.text and ">Cancel</a>" in r.text


# -- destructive actions ask for confirmation -----------------------------------------------


def test_removing_a_member_asks_first_and_acts_once_confirmed(owner: Client, world: World) -> None:
    action = f"{TEAM}/members/{world.users['acme-staff']}/remove"
    asks(submit(owner, TEAM, action), f"Remove {world.email('acme-staff')} from the team?")
    assert world.email("acme-staff") in owner.get(TEAM, headers=HTML).text
    assert submit(owner, TEAM, action, YES).status_code == 303
    assert world.email("acme-staff") not in owner.get(TEAM, headers=HTML).text


def test_revoking_a_token_asks_first(owner: Client) -> None:
    page = "/vendor/acme/tokens"
    token_id = rows(owner.get(page, headers=HTML).text, "data-token")[0]
    action = f"{page}/{token_id}/revoke"
    asks(submit(owner, page, action), "Revoke the token &#39;acme token&#39;?")
    assert "pill on" in row(owner.get(page, headers=HTML).text, "data-token", token_id)
    assert submit(owner, page, action, YES).status_code == 303
    assert "revoked" in row(owner.get(page, headers=HTML).text, "data-token", token_id)


def test_removing_a_domain_asks_first(owner: Client, world: World) -> None:
    add_domain(world, "acme", "shop.acme.example")
    page = "/vendor/acme/domains"
    domain_id = rows(owner.get(page, headers=HTML).text, "data-domain")[0]
    asks(submit(owner, page, f"{page}/{domain_id}/remove"), "Remove the domain shop.acme.example?")
    assert "shop.acme.example" in owner.get(page, headers=HTML).text
    assert submit(owner, page, f"{page}/{domain_id}/remove", YES).status_code == 303
    assert "shop.acme.example" not in owner.get(page, headers=HTML).text


def test_suspending_a_vendor_asks_first_and_reactivating_does_not(admin_client: Client) -> None:
    page = "/admin/vendors/acme"
    action = f"{page}/platforms/south/status"
    asks(submit(admin_client, page, action, {"status": "suspended"}), "Suspend Acme on South")
    assert 'data-status="active"' in row(admin_client.get(page).text, "data-platform", "south")
    assert submit(admin_client, page, action, {"status": "suspended", **YES}).status_code == 303
    assert submit(admin_client, page, action, {"status": "active"}).status_code == 303


def test_deactivating_a_user_asks_first(admin_client: Client, world: World) -> None:
    action = f"/admin/users/{world.users['acme-staff']}/active"
    asks(
        submit(admin_client, "/admin/users", action, {"active": "0"}),
        f"Deactivate {world.email('acme-staff')}?",
    )
    users = admin_client.get("/admin/users", headers=HTML).text
    assert 'data-active="yes"' in row(users, "data-user", world.email("acme-staff"))
    assert submit(admin_client, "/admin/users", action, {"active": "0", **YES}).status_code == 303


def test_disabling_a_module_asks_first_and_enabling_does_not(admin_client: Client) -> None:
    asks(submit(admin_client, "/admin/modules", "/admin/modules/probe/disable"), "Disable Probe")
    assert (
        submit(admin_client, "/admin/modules", "/admin/modules/probe/disable", YES).status_code
        == 303
    )
    assert submit(admin_client, "/admin/modules", "/admin/modules/probe/enable").status_code == 303


# -- what pages say --------------------------------------------------------------------------


def test_a_refusal_names_the_person_not_their_id(admin_client: Client, world: World) -> None:
    grant = {"email": world.email("acme-owner"), "platform": "north"}
    assert submit(admin_client, "/admin/admins", "/admin/admins", grant).status_code == 303
    again = submit(admin_client, "/admin/admins", "/admin/admins", grant)
    assert again.status_code == 409
    assert f"user {world.users['acme-owner']}" not in again.text
    assert "already holds this administrator grant" in again.text


def test_a_page_beyond_the_last_says_so_and_links_to_the_last(admin_client: Client) -> None:
    html = admin_client.get("/admin/users?page=999", headers=HTML).text
    assert "Page 999 of 1" not in html
    assert "There is no page 999" in html
    assert re.search(r'href="\?page=1[^"]*" rel="last"', html)


def test_the_users_card_says_what_it_counts(admin_client: Client) -> None:
    html = admin_client.get("/admin/", headers=HTML).text
    card = html.split('data-metric="tenancy.users"', 1)[1].split("</div>\n      </div>", 1)[0]
    assert "Users on this platform" in card
    assert "the Users page lists every account" in card


def test_the_invitation_pages_name_the_vendor(owner: Client, mailbox_dir: Path) -> None:
    sent = invite(owner, "newcomer@example.com", "viewer")
    assert "<strong data-invited-vendor>Acme</strong>" in sent.text
    link = mailed_link(mailbox_dir, "newcomer@example.com")
    owner.cookies.clear()
    accept = owner.get(urlsplit(link).path, headers=HTML)
    assert "Join the team of <span data-invited-vendor>Acme</span>" in accept.text
    assert "as <strong>Viewer</strong>" in accept.text


def test_the_mailed_invitation_link_has_a_copy_button_in_the_mailbox(
    mailbox_dir: Path, world: World
) -> None:
    container = container_with(
        world.url, mailbox_dir=str(mailbox_dir), public_url="http://mercato.test", development=True
    )
    with TestClient(create_app(container=container), base_url="http://north.test") as c:
        assert sign_in(c, world.email("admin")).status_code == 200
        team = "/vendor/acme/team"
        assert submit(c, team, f"{team}/invitations", {"email": "copy@example.com"}).is_success
        link = mailed_link(mailbox_dir, "copy@example.com")
        html = c.get("/admin/mailbox", headers=HTML).text
        script = c.get("/static/copy.js")
    field = re.search(r'value="([^"]+)" class="secret" id="(link-[0-9-]+)"', html)
    assert field is not None and field.group(1) == link
    assert f'data-copy="{field.group(2)}"' in html and 'src="/static/copy.js"' in html
    assert script.status_code == 200 and "clipboard" in script.text


def test_an_operator_out_of_reach_is_refused_before_any_confirmation(
    app: MercatoApp, world: World
) -> None:
    seed_frontier(world)  # ops-south administers south only
    with TestClient(app, base_url="http://south.test") as c:
        assert sign_in(c, world.email("ops-south")).status_code == 200
        deactivate = f"/admin/users/{world.users['acme-owner']}/active"
        r = submit(c, "/admin/users", deactivate, {"active": "0"})
        assert r.status_code == 403 and "data-confirm" not in r.text
        suspend = "/admin/vendors/acme/platforms/north/status"
        r = submit(c, "/admin/vendors/acme", suspend, {"status": "suspended"})
        assert r.status_code in (403, 404) and "data-confirm" not in r.text
