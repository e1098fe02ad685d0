"""Input that used to get in (issue 7, items 10-12): forms and the JSON API refuse alike,
forms report every field at fault, domains are host names owned once, parsing never 500s."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from mercato.bootstrap.app import MercatoApp
from tests.e2e.conftest import Client
from tests.e2e.test_admin_pages import HTML, submit
from tests.e2e.test_vendor_pages import browser
from tests.support.world import World

pytestmark = pytest.mark.e2e

ADMIN = "/api/v1/admin"
ACME = "/api/v1/vendors/acme"


@pytest.fixture
def owner(app: MercatoApp, world: World) -> Iterator[Client]:
    """acme's owner, signed in on north."""
    with browser(app, world, "acme-owner") as c:
        yield c


def errors_of(html: str) -> set[str]:
    """The fields a page marks as at fault."""
    return {part.split('"', 1)[0] for part in html.split('data-error-for="')[1:]}


# -- 10: one input type per operation ------------------------------------------------------


def test_a_5000_character_company_name_is_refused_by_the_form_and_the_api(
    admin_client: Client, api: Client
) -> None:
    long = "C" * 5000
    page = submit(admin_client, "/admin/companies/new", "/admin/companies", {"name": long})
    assert page.status_code == 400 and errors_of(page.text) == {"name"}
    assert "at most 200 characters" in page.text
    r = api.post(f"{ADMIN}/companies", json={"name": long})
    assert r.status_code == 400 and r.json()["extra"]["field"] == "name"
    listed = api.get(f"{ADMIN}/companies", params={"size": 100}).json()["items"]
    assert all(len(c["name"]) <= 200 for c in listed)


def test_3000_character_user_and_platform_names_are_refused_by_the_forms(
    admin_client: Client,
) -> None:
    user = {"email": "long@example.com", "password": "long enough pw", "display_name": "U" * 3000}
    r = submit(admin_client, "/admin/users/new", "/admin/users", user)
    assert r.status_code == 400 and errors_of(r.text) == {"display_name"}
    platform = {"code": "west", "name": "P" * 3000}
    r = submit(admin_client, "/admin/platforms/new", "/admin/platforms", platform)
    assert r.status_code == 400 and errors_of(r.text) == {"name"}
    edit = "/admin/platforms/north"
    r = submit(admin_client, edit, edit, {"name": "P" * 3000, "domains": "north.test"})
    assert r.status_code == 400 and errors_of(r.text) == {"name"}


def test_a_1000_character_role_name_is_refused_by_the_form(owner: Client) -> None:
    r = submit(owner, "/vendor/acme/roles/new", "/vendor/acme/roles", {"name": "R" * 1000})
    assert r.status_code == 400 and errors_of(r.text) == {"name"}


def test_an_empty_vendor_form_reports_every_missing_field(admin_client: Client) -> None:
    r = submit(admin_client, "/admin/vendors/new", "/admin/vendors", {})
    assert r.status_code == 400
    assert errors_of(r.text) == {"slug", "name", "company_id"}


def test_an_empty_user_form_reports_every_missing_field(admin_client: Client) -> None:
    r = submit(admin_client, "/admin/users/new", "/admin/users", {"email": "", "password": ""})
    assert r.status_code == 400
    assert errors_of(r.text) == {"email", "password"}


def test_an_invalid_form_keeps_the_values_typed(admin_client: Client) -> None:
    data = {"code": "Bad Code", "name": ""}
    r = submit(admin_client, "/admin/platforms/new", "/admin/platforms", data)
    assert r.status_code == 400 and errors_of(r.text) == {"code", "name"}
    assert 'value="Bad Code"' in r.text


# -- 11: domains ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "host", ["http://evil.example/path", "localhost", "127.0.0.1", "shop.example:8080"]
)
def test_a_vendor_domain_is_a_host_name_only(
    api_as: Callable[[str, str], Client], host: str
) -> None:
    acme = api_as("acme", "north")
    r = acme.post(f"{ACME}/domains", json={"domain": host})
    assert r.status_code == 400 and r.json()["extra"]["field"] == "domain"
    assert acme.get(f"{ACME}/domains").json() == []


def test_the_domain_form_refuses_an_address_with_a_scheme_and_path(owner: Client) -> None:
    domains = "/vendor/acme/domains"
    page = submit(owner, domains, domains, {"domain": "http://evil.example/path"})
    assert page.status_code == 400 and errors_of(page.text) == {"domain"}
    assert 'data-domain="' not in owner.get(domains, headers=HTML).text


def test_a_platform_cannot_take_another_platforms_or_a_vendors_verified_domain(
    api: Client, api_as: Callable[[str, str], Client]
) -> None:
    claim = api_as("acme", "north").post(f"{ACME}/domains", json={"domain": "acme.example"})
    verify = f"{ADMIN}/vendors/acme/domains/{claim.json()['id']}/verify"
    assert api.post(verify).status_code == 200
    for taken in ("acme.example", "south.test", "localhost", "127.0.0.1"):
        r = api.patch(f"{ADMIN}/platforms/north", json={"domains": ["north.test", taken]})
        assert r.status_code in (400, 409) and r.json()["extra"]["field"] == "domains", taken
    assert api.get(f"{ADMIN}/platforms").json()["items"][0]["domains"] == ["north.test"]


def test_an_unverified_claim_never_blocks_the_verified_owner(
    api: Client, api_as: Callable[[str, str], Client]
) -> None:
    squat = api_as("globex", "north").post(
        "/api/v1/vendors/globex/domains", json={"domain": "acme.example"}
    )
    assert squat.status_code == 201
    real = api_as("acme", "north").post(f"{ACME}/domains", json={"domain": "acme.example"})
    assert real.status_code == 201
    assert api.post(f"{ADMIN}/vendors/acme/domains/{real.json()['id']}/verify").status_code == 200
    loser = api.post(f"{ADMIN}/vendors/globex/domains/{squat.json()['id']}/verify")
    assert loser.status_code == 409
    globex = api.get(f"{ADMIN}/vendors/globex").json()["domains"]
    assert [(d["domain"], d["verified"]) for d in globex] == [("acme.example", False)]


# -- 12: parsing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", ["custom:03", "custom:\uff12", "custom:99999999999999999999", "owner\n"]
)
def test_a_role_reference_in_another_spelling_is_a_400(
    api_as: Callable[[str, str], Client], role: str
) -> None:
    acme = api_as("acme", "north")
    for n in ("A", "B", "C"):
        assert acme.post(f"{ACME}/roles", json={"name": n}).status_code == 201
    r = acme.post(f"{ACME}/invitations", json={"email": "bo@example.com", "role": role})
    assert r.status_code == 400 and r.json()["extra"]["field"] == "role"


def test_a_100000_deep_json_body_is_a_400(api: Client) -> None:
    body = '{"name": ' + "[" * 100_000 + "]" * 100_000 + "}"
    r = api.post(f"{ADMIN}/companies", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 400 and "nested too deeply" in r.json()["detail"]


def test_a_slug_or_code_with_a_trailing_newline_is_refused(api: Client) -> None:
    company = api.get(f"{ADMIN}/companies").json()["items"][0]["id"]
    vendor = {"slug": "atlas-books\n", "name": "Atlas", "company_id": company}
    assert api.post(f"{ADMIN}/vendors", json=vendor).status_code == 400
    platform = {"code": "west\n", "name": "West"}
    assert api.post(f"{ADMIN}/platforms", json=platform).status_code == 400


SCRIPT = "<script>alert(1)</script>@x.com"


def test_an_invitation_to_a_script_address_is_refused(
    api_as: Callable[[str, str], Client],
) -> None:
    r = api_as("acme", "north").post(f"{ACME}/invitations", json={"email": SCRIPT})
    assert r.status_code == 400 and r.json()["extra"]["field"] == "email"


def test_the_invitation_form_refuses_a_script_address(owner: Client) -> None:
    team = "/vendor/acme/team"
    page = submit(owner, team, f"{team}/invitations", {"email": SCRIPT, "role": "staff"})
    assert page.status_code == 400 and errors_of(page.text) == {"email"}


def test_one_address_cannot_hold_two_open_invitations(
    api_as: Callable[[str, str], Client],
) -> None:
    acme = api_as("acme", "north")
    first = acme.post(f"{ACME}/invitations", json={"email": "bo@example.com"})
    assert first.status_code == 201
    again = acme.post(f"{ACME}/invitations", json={"email": "BO@example.com", "role": "viewer"})
    assert again.status_code == 409 and again.json()["extra"]["field"] == "email"
    assert acme.get(f"{ACME}/invitations").json()["total"] == 1
