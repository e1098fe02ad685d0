"""The admin frontend's tenancy pages: platforms, modules, companies, vendors, users,
administrators and menus, through a signed-in browser."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient

from mercato.bootstrap.app import MercatoApp, create_app
from mercato.bootstrap.library import close_container
from mercato.domain.kernel.definition import ModuleDefinition
from mercato.domain.kernel.enums import ModuleKind
from tests.support.app import container_with
from tests.support.flaky.definition import MODULE as FLAKY
from tests.support.probe.definition import MODULE as PROBE
from tests.support.world import PASSWORD, World, csrf_from, sign_in

pytestmark = pytest.mark.e2e

Client = TestClient[MercatoApp]
HTML = {"accept": "text/html"}
CONFIRM = {"confirm": "yes"}  # the answer of the confirmation step


def submit(c: Client, page: str, action: str, data: dict[str, Any] | None = None) -> Any:
    """Post a form of ``page`` to ``action`` with the page's CSRF token; no redirect followed."""
    token = csrf_from(c.get(page, headers=HTML).text)
    return c.post(
        action, data={**(data or {}), "_csrf_token": token}, headers=HTML, follow_redirects=False
    )


def rows(html: str, attribute: str) -> list[str]:
    """The values of ``attribute`` on the page's table rows, in order."""
    return re.findall(rf'<tr {attribute}="([^"]+)"', html)


def row(html: str, attribute: str, value: str) -> str:
    """The HTML of the row whose ``attribute`` is ``value``."""
    return html.split(f'<tr {attribute}="{value}"', 1)[1].split("</tr>", 1)[0]


def follow(c: Client, response: Any) -> str:
    assert response.status_code == 303, response.text
    return str(c.get(response.headers["location"], headers=HTML).text)


def switch_user(c: Client, email: str) -> None:
    """Sign the browser out and in again as ``email`` (one app, one client at a time)."""
    c.cookies.clear()
    assert sign_in(c, email).status_code == 200


# -- permissions ---------------------------------------------------------------------------

ADMIN_PAGES = [
    "/admin/platforms",
    "/admin/platforms/new",
    "/admin/platforms/north",
    "/admin/modules",
    "/admin/companies",
    "/admin/companies/new",
    "/admin/vendors",
    "/admin/vendors/new",
    "/admin/vendors/acme",
    "/admin/users",
    "/admin/users/new",
    "/admin/admins",
    "/admin/menus",
]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_every_admin_page_renders_for_a_super_admin(admin_client: Client, path: str) -> None:
    r = admin_client.get(path, headers=HTML)
    assert r.status_code == 200
    assert 'data-menu-item="vendors"' in r.text


def test_a_vendor_only_user_is_refused_every_admin_page_and_form(
    admin_client: Client, world: World
) -> None:
    switch_user(admin_client, world.email("acme-owner"))
    token = csrf_from(admin_client.get("/auth/login", headers=HTML).text)
    for path in ADMIN_PAGES:
        assert admin_client.get(path, headers=HTML).status_code == 403, path
    posts = {
        "/admin/companies": {"name": "Sneaky Ltd"},
        "/admin/platforms": {"code": "sneaky", "name": "Sneaky"},
        "/admin/vendors/acme/platforms": {"platform": "south"},
        "/admin/admins": {"email": world.email("acme-owner"), "super_admin": "true"},
        "/admin/menus/admin": {"hidden": "companies"},
    }
    for path, data in posts.items():
        r = admin_client.post(path, data={**data, "_csrf_token": token}, headers=HTML)
        assert r.status_code == 403, path


def test_an_anonymous_visitor_is_sent_to_the_sign_in_page(client: Client) -> None:
    r = client.get("/admin/vendors", headers=HTML, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].startswith("/auth/login?next=")


def test_a_form_without_its_csrf_token_is_refused(admin_client: Client) -> None:
    r = admin_client.post("/admin/companies", data={"name": "No Token"}, headers=HTML)
    assert r.status_code == 403
    assert "No Token" not in admin_client.get("/admin/companies", headers=HTML).text


# -- platforms -----------------------------------------------------------------------------


def test_the_platform_list_searches_sorts_and_pages(admin_client: Client) -> None:
    html = admin_client.get("/admin/platforms", headers=HTML).text
    assert rows(html, "data-platform") == ["north", "south"]
    assert 'href="/admin/platforms/new"' in html
    html = admin_client.get("/admin/platforms?sort=-code", headers=HTML).text
    assert rows(html, "data-platform") == ["south", "north"]
    assert 'aria-sort="descending"' in html
    html = admin_client.get("/admin/platforms?q=BAZ", headers=HTML).text
    assert rows(html, "data-platform") == ["south"]
    html = admin_client.get("/admin/platforms?size=1&page=2", headers=HTML).text
    assert rows(html, "data-platform") == ["south"]
    assert "Page 2 of 2 (2 platforms)" in html and 'rel="prev"' in html
    assert admin_client.get("/admin/platforms?sort=domains", headers=HTML).status_code == 400


def test_creating_a_platform_redirects_to_it_with_a_notice(admin_client: Client) -> None:
    r = submit(
        admin_client,
        "/admin/platforms/new",
        "/admin/platforms",
        {"code": "east", "name": "East Side", "domains": "East.test\nshop.east.test"},
    )
    assert r.headers["location"] == "/admin/platforms/east"
    html = follow(admin_client, r)
    assert "Created East Side." in html
    assert "east.test\nshop.east.test" in html
    listed = admin_client.get("/admin/platforms", headers=HTML).text
    assert rows(listed, "data-platform") == ["east", "north", "south"]


def test_a_refused_platform_shows_the_field_error_and_keeps_the_typed_values(
    admin_client: Client,
) -> None:
    r = submit(
        admin_client,
        "/admin/platforms/new",
        "/admin/platforms",
        {"code": "Bad Code", "name": "Typed Name", "domains": "typed.test"},
    )
    assert r.status_code == 400
    assert 'data-error-for="code"' in r.text
    assert 'value="Bad Code"' in r.text and 'value="Typed Name"' in r.text
    assert ">typed.test</textarea>" in r.text
    r = submit(
        admin_client, "/admin/platforms/new", "/admin/platforms", {"code": "north", "name": "N"}
    )
    assert r.status_code == 409
    assert 'data-error-for="code"' in r.text and "already exists" in r.text
    r = submit(
        admin_client,
        "/admin/platforms/new",
        "/admin/platforms",
        {"code": "west", "name": "West", "domains": "south.test"},
    )
    assert r.status_code == 409
    assert 'data-error-for="domains"' in r.text and "south" in r.text


def test_editing_a_platform_renames_it_and_refuses_another_platforms_domain(
    admin_client: Client,
) -> None:
    page = "/admin/platforms/south"
    r = submit(
        admin_client, page, page, {"name": "South Market", "domains": "south.test, s.example"}
    )
    html = follow(admin_client, r)
    assert "Saved." in html and "South Market" in html and "s.example" in html
    r = submit(admin_client, page, page, {"name": "Renamed", "domains": "north.test"})
    assert r.status_code == 409
    assert 'data-error-for="domains"' in r.text
    assert 'value="Renamed"' in r.text and ">north.test</textarea>" in r.text
    r = submit(admin_client, page, page, {"name": " ", "domains": "south.test"})
    assert r.status_code == 400 and 'data-error-for="name"' in r.text
    assert admin_client.get("/admin/platforms/nowhere", headers=HTML).status_code == 404


NEEDS_PROBE = ModuleDefinition(
    code="needs_probe",
    name="Needs probe",
    kind=ModuleKind.OPTIONAL,
    requires=("probe",),
)


@pytest.fixture
def dependent_admin(world: World) -> Iterator[Client]:
    """A super admin's browser on an app that also installs a module requiring probe."""
    app = create_app(container=container_with(world.url, (PROBE, FLAKY, NEEDS_PROBE)))
    with TestClient(app, base_url="http://north.test") as c:
        assert sign_in(c, world.email("admin")).status_code == 200
        yield c


def test_enabling_and_disabling_modules_explains_the_dependencies(
    dependent_admin: Client,
) -> None:
    c = dependent_admin
    page = "/admin/platforms/south"
    html = c.get(page, headers=HTML).text
    assert 'data-action="enable-needs_probe"' in html
    assert 'data-action="disable-tenancy"' not in html  # core modules have no button
    html = follow(c, submit(c, page, f"{page}/modules/needs_probe/enable"))
    assert "also enabled &#39;probe&#39; (required by &#39;needs_probe&#39;)" in html
    assert 'data-action="disable-probe"' in html
    r = submit(c, page, f"{page}/modules/probe/disable", CONFIRM)
    assert r.status_code == 409
    assert "required by the enabled module(s) needs_probe" in r.text
    html = follow(c, submit(c, page, f"{page}/modules/needs_probe/disable", CONFIRM))
    assert "disabled &#39;needs_probe&#39;" in html
    assert submit(c, page, f"{page}/modules/nothing/enable").status_code == 404
    assert submit(c, page, f"{page}/modules/probe/explode").status_code == 404


def test_the_modules_page_toggles_modules_on_the_current_platform(admin_client: Client) -> None:
    html = admin_client.get("/admin/modules", headers=HTML).text
    assert 'data-action="enable-flaky"' in html
    html = follow(
        admin_client, submit(admin_client, "/admin/modules", "/admin/modules/flaky/enable")
    )
    assert "enabled &#39;flaky&#39;" in html
    assert 'data-action="disable-flaky"' in html
    r = submit(admin_client, "/admin/modules", "/admin/modules/core/disable", CONFIRM)
    assert r.status_code == 409
    assert "core module" in r.text


# -- companies -----------------------------------------------------------------------------


def test_companies_are_created_listed_searched_sorted_and_paged(admin_client: Client) -> None:
    for name in ("Zeta Trading", "Alpha Foods", "Mid Corp"):
        r = submit(admin_client, "/admin/companies/new", "/admin/companies", {"name": name})
        assert r.status_code == 303 and r.headers["location"] == "/admin/companies"
    html = admin_client.get("/admin/companies", headers=HTML).text
    names = re.findall(r'<tr data-company="\d+">\s*<td>([^<]+)</td>', html)
    assert names == ["Alpha Foods", "Example Holdings", "Mid Corp", "Zeta Trading"]
    html = admin_client.get("/admin/companies?sort=-name&size=2", headers=HTML).text
    names = re.findall(r'<tr data-company="\d+">\s*<td>([^<]+)</td>', html)
    assert names == ["Zeta Trading", "Mid Corp"]
    assert "Page 1 of 2 (4 companies)" in html
    assert "sort=-name" in html.split('rel="next"')[0].rsplit("<a", 1)[1]
    html = admin_client.get("/admin/companies?q=foo", headers=HTML).text
    assert re.findall(r'<tr data-company="\d+">\s*<td>([^<]+)</td>', html) == ["Alpha Foods"]


def test_a_refused_company_shows_the_field_error_and_keeps_the_typed_values(
    admin_client: Client,
) -> None:
    page = "/admin/companies/new"
    data = {"name": "Example Holdings", "registration_number": "RC-42"}
    r = submit(admin_client, page, "/admin/companies", data)
    assert r.status_code == 409
    assert 'data-error-for="name"' in r.text and "already exists" in r.text
    assert 'value="RC-42"' in r.text and 'value="Example Holdings"' in r.text
    r = submit(admin_client, page, "/admin/companies", {"name": "  ", "registration_number": "X"})
    assert r.status_code == 400 and 'data-error-for="name"' in r.text


# -- vendors -------------------------------------------------------------------------------


def test_the_vendor_list_shows_the_current_platform_unless_all_is_asked(
    admin_client: Client,
) -> None:
    html = admin_client.get("/admin/vendors", headers=HTML).text
    assert rows(html, "data-vendor") == ["acme", "globex"]
    html = admin_client.get("/admin/vendors?sort=-slug", headers=HTML).text
    assert rows(html, "data-vendor") == ["globex", "acme"]
    html = admin_client.get("/admin/vendors?q=glo", headers=HTML).text
    assert rows(html, "data-vendor") == ["globex"]
    html = admin_client.get("/admin/vendors?size=1", headers=HTML).text
    assert rows(html, "data-vendor") == ["acme"] and "Page 1 of 2 (2 vendors)" in html


def test_the_all_filter_lists_each_vendor_once_and_survives_sorting_and_paging(
    admin_client: Client,
) -> None:
    html = admin_client.get("/admin/vendors?all=1&size=1&sort=-slug", headers=HTML).text
    assert rows(html, "data-vendor") == ["globex"]
    assert "Page 1 of 2 (2 vendors)" in html
    next_link = html.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
    assert "all=1" in next_link and "sort=-slug" in next_link
    html = admin_client.get(f"/admin/vendors{next_link.replace('&amp;', '&')}", headers=HTML).text
    assert rows(html, "data-vendor") == ["acme"]


def create_vendor(c: Client, world: World, **fields: Any) -> Any:
    data = {
        "slug": "initech",
        "name": "Initech",
        "company_id": "",
        "platforms": ["north"],
        **fields,
    }
    return submit(c, "/admin/vendors/new", "/admin/vendors", data)


def company_id(c: Client) -> str:
    html = c.get("/admin/vendors/new", headers=HTML).text
    found = re.search(r'<option value="(\d+)">Example Holdings</option>', html)
    assert found
    return found.group(1)


def test_creating_a_vendor_joins_the_platforms_ticked(admin_client: Client, world: World) -> None:
    r = create_vendor(
        admin_client, world, company_id=company_id(admin_client), platforms=["north", "south"]
    )
    assert r.headers["location"] == "/admin/vendors/initech"
    html = follow(admin_client, r)
    assert "Created Initech." in html and "Example Holdings" in html
    assert rows(html, "data-platform") == ["north", "south"]
    assert html.count('data-status="active"') == 2


def test_a_refused_vendor_shows_the_field_error_and_keeps_the_typed_values(
    admin_client: Client, world: World
) -> None:
    company = company_id(admin_client)
    r = create_vendor(admin_client, world, slug="Bad Slug", company_id=company, platforms=["south"])
    assert r.status_code == 400
    assert 'data-error-for="slug"' in r.text
    assert 'value="Bad Slug"' in r.text and 'value="Initech"' in r.text
    assert f'<option value="{company}" selected>' in r.text
    assert 'value="south" checked' in r.text
    assert 'value="north" checked' not in r.text
    r = create_vendor(admin_client, world, slug="acme", company_id=company)
    assert r.status_code == 409 and 'data-error-for="slug"' in r.text
    r = create_vendor(admin_client, world, company_id="")
    assert r.status_code == 400 and 'data-error-for="company_id"' in r.text


def test_a_vendor_is_attached_to_a_second_platform_and_suspended_on_one_only(
    admin_client: Client,
) -> None:
    page = "/admin/vendors/globex"
    html = admin_client.get(page, headers=HTML).text
    assert rows(html, "data-platform") == ["north"]
    html = follow(
        admin_client, submit(admin_client, page, f"{page}/platforms", {"platform": "south"})
    )
    assert "Globex joined south." in html
    assert rows(html, "data-platform") == ["north", "south"]
    r = submit(
        admin_client, page, f"{page}/platforms/south/status", {"status": "suspended", **CONFIRM}
    )
    html = follow(admin_client, r)
    assert "is suspended on South Bazaar" in html
    assert 'data-status="suspended"' in row(html, "data-platform", "south")
    assert 'data-status="active"' in row(html, "data-platform", "north")
    north = admin_client.get("/admin/vendors", headers=HTML).text
    everywhere = admin_client.get("/admin/vendors?all=1", headers=HTML).text
    assert rows(north, "data-vendor") == ["acme", "globex"]
    assert rows(everywhere, "data-vendor") == ["acme", "globex"]  # once, not once per platform
    r = submit(admin_client, page, f"{page}/platforms/south/status", {"status": "active"})
    assert 'data-status="active"' in row(follow(admin_client, r), "data-platform", "south")
    r = submit(admin_client, page, f"{page}/platforms/south/status", {"status": "gone"})
    assert r.status_code == 400


def test_a_vendor_not_on_a_platform_cannot_be_suspended_there(admin_client: Client) -> None:
    page = "/admin/vendors/globex"
    r = submit(
        admin_client, page, f"{page}/platforms/south/status", {"status": "suspended", **CONFIRM}
    )
    assert r.status_code == 404
    assert admin_client.get("/admin/vendors/nobody", headers=HTML).status_code == 404


def add_domain(world: World, vendor: str, domain: str) -> None:
    """Give the vendor an unverified domain, as its owner would."""

    async def go() -> None:
        c = container_with(world.url, (PROBE, FLAKY))
        try:
            await c.components().container("tenancy").domains().add(world.vendors[vendor], domain)
        finally:
            await close_container(c)

    asyncio.run(go())


def test_a_vendor_domain_is_marked_verified(admin_client: Client, world: World) -> None:
    add_domain(world, "acme", "shop.acme.test")
    page = "/admin/vendors/acme"
    html = admin_client.get(page, headers=HTML).text
    assert 'data-verified="no"' in row(html, "data-domain", "shop.acme.test")
    action = re.search(r'action="(/admin/vendors/acme/domains/\d+/verify)"', html)
    assert action
    html = follow(admin_client, submit(admin_client, page, action.group(1)))
    assert "shop.acme.test is verified." in html
    assert 'data-verified="yes"' in row(html, "data-domain", "shop.acme.test")
    bad = submit(admin_client, page, "/admin/vendors/globex/domains/999999/verify")
    assert bad.status_code == 404


# -- users ---------------------------------------------------------------------------------


def create_user(c: Client, email: str, password: str = PASSWORD, name: str = "") -> Any:
    data = {"email": email, "password": password, "display_name": name}
    return submit(c, "/admin/users/new", "/admin/users", data)


def test_users_are_created_listed_searched_sorted_and_paged(
    admin_client: Client, world: World
) -> None:
    r = create_user(admin_client, "Zed@Example.com", name="Zed Zimmer")
    assert r.headers["location"] == "/admin/users"
    assert "Created zed@example.com." in follow(admin_client, r)
    html = admin_client.get("/admin/users", headers=HTML).text
    emails = rows(html, "data-user")
    assert emails == sorted(emails) and "zed@example.com" in emails
    assert "argon2" not in html
    html = admin_client.get("/admin/users?sort=-email&size=2", headers=HTML).text
    assert rows(html, "data-user") == ["zed@example.com", world.email("globex-owner")]
    assert "Page 1 of 3 (5 users)" in html
    html = admin_client.get("/admin/users?q=zimmer", headers=HTML).text
    assert rows(html, "data-user") == ["zed@example.com"]


def test_a_refused_user_shows_the_field_error_and_keeps_all_but_the_password(
    admin_client: Client, world: World
) -> None:
    r = create_user(admin_client, "new@example.com", "short", "New Person")
    assert r.status_code == 400
    assert 'data-error-for="password"' in r.text
    assert 'value="new@example.com"' in r.text and 'value="New Person"' in r.text
    assert "short" not in r.text
    r = create_user(admin_client, world.email("acme-owner"))
    assert r.status_code == 409 and 'data-error-for="email"' in r.text
    r = create_user(admin_client, "not-an-address")
    assert r.status_code == 400 and 'data-error-for="email"' in r.text


def test_a_deactivated_user_cannot_sign_in_until_activated(
    admin_client: Client, world: World
) -> None:
    user_id = world.users["acme-staff"]
    page = "/admin/users"
    r = submit(admin_client, page, f"/admin/users/{user_id}/active", {"active": "0", **CONFIRM})
    html = follow(admin_client, r)
    assert "is deactivated." in html
    assert 'data-active="no"' in row(html, "data-user", world.email("acme-staff"))
    r = submit(admin_client, page, f"/admin/users/{user_id}/active", {"active": "1"})
    assert 'data-active="yes"' in row(
        follow(admin_client, r), "data-user", world.email("acme-staff")
    )
    me = world.users["admin"]
    assert (
        submit(
            admin_client, page, f"/admin/users/{me}/active", {"active": "0", **CONFIRM}
        ).status_code
        == 403
    )


# -- administrators ------------------------------------------------------------------------


def grant(c: Client, email: str, scope: str) -> Any:
    field = {"super_admin": "true"} if scope == "*" else {"platform": scope}
    return submit(c, "/admin/admins", "/admin/admins", {"email": email, **field})


def test_granting_and_revoking_platform_administrators(admin_client: Client, world: World) -> None:
    html = admin_client.get("/admin/admins", headers=HTML).text
    assert rows(html, "data-admin") == [world.email("admin")]
    html = follow(admin_client, grant(admin_client, world.email("globex-owner"), "north"))
    assert "is now an administrator" in html
    assert 'data-scope="north"' in row(html, "data-admin", world.email("globex-owner"))
    follow(admin_client, grant(admin_client, world.email("acme-owner"), "*"))
    html = admin_client.get("/admin/admins?sort=-email", headers=HTML).text
    assert rows(html, "data-admin") == [
        world.email("globex-owner"),
        world.email("admin"),
        world.email("acme-owner"),
    ]
    html = admin_client.get("/admin/admins?q=globex&size=1", headers=HTML).text
    assert rows(html, "data-admin") == [world.email("globex-owner")]
    assert "Page 1 of 1 (1 grants)" in html
    r = submit(
        admin_client,
        "/admin/admins",
        "/admin/admins/revoke",
        {"user_id": world.users["globex-owner"], "scope": "north"},
    )
    assert world.email("globex-owner") not in rows(follow(admin_client, r), "data-admin")


def test_a_refused_grant_shows_the_field_error_and_keeps_the_typed_values(
    admin_client: Client, world: World
) -> None:
    r = grant(admin_client, "nobody@example.com", "south")
    assert r.status_code == 400
    assert 'data-error-for="email"' in r.text and 'value="nobody@example.com"' in r.text
    assert '<option value="south" selected>' in r.text
    r = grant(admin_client, world.email("acme-owner"), "atlantis")
    assert r.status_code == 400 and 'data-error-for="platform"' in r.text
    r = grant(admin_client, world.email("admin"), "*")
    assert r.status_code == 409
    r = submit(
        admin_client,
        "/admin/admins",
        "/admin/admins/revoke",
        {"user_id": world.users["admin"], "scope": "*"},
    )
    assert r.status_code == 403  # nobody revokes their own grant


def test_a_platform_admin_acts_on_their_platform_only(admin_client: Client, world: World) -> None:
    follow(admin_client, grant(admin_client, world.email("globex-owner"), "north"))
    switch_user(admin_client, world.email("globex-owner"))
    assert admin_client.get("/admin/vendors", headers=HTML).status_code == 200
    assert grant(admin_client, world.email("acme-owner"), "*").status_code == 403
    assert grant(admin_client, world.email("acme-owner"), "south").status_code == 403
    page = "/admin/vendors/globex"
    r = submit(admin_client, page, f"{page}/platforms", {"platform": "south"})
    assert r.status_code == 403
    assert admin_client.get("/admin/platforms/south", headers=HTML).status_code == 404
    r = submit(admin_client, page, "/admin/platforms/south", {"name": "Mine"})
    assert r.status_code == 404  # another platform's page is not offered, nor confirmed
    new = {"code": "mine", "name": "Mine"}
    assert submit(admin_client, "/admin/platforms", "/admin/platforms", new).status_code == 403
    admin = world.users["admin"]
    r = submit(
        admin_client, "/admin/users", f"/admin/users/{admin}/active", {"active": "0", **CONFIRM}
    )
    assert r.status_code == 403  # only a super admin deactivates an administrator
    r = submit(
        admin_client, page, f"{page}/platforms/north/status", {"status": "suspended", **CONFIRM}
    )
    assert r.status_code == 303


# -- menus ---------------------------------------------------------------------------------


def test_hiding_a_menu_item_removes_it_from_the_menu_and_showing_brings_it_back(
    admin_client: Client,
) -> None:
    html = admin_client.get("/admin/menus", headers=HTML).text
    admin_menu = html.split('data-frontend="admin"')[1].split("</section>")[0]
    assert 'data-item="companies"' in admin_menu and 'data-item="probe"' in admin_menu
    assert 'name="hidden" value="modules"' not in admin_menu  # mandatory: no checkbox
    vendor_menu = html.split('data-frontend="vendor"')[1]
    assert 'data-item="team"' in vendor_menu
    r = submit(
        admin_client, "/admin/menus", "/admin/menus/admin", {"hidden": ["companies", "probe"]}
    )
    html = follow(admin_client, r)
    assert "Saved the admin menu." in html
    assert 'data-menu-item="companies"' not in html and 'data-menu-item="vendors"' in html
    assert 'data-hidden="yes"' in row(html, "data-item", "companies")
    html = follow(admin_client, submit(admin_client, "/admin/menus", "/admin/menus/admin", {}))
    assert 'data-menu-item="companies"' in html
    assert 'data-hidden="no"' in row(html, "data-item", "companies")


def test_a_mandatory_menu_item_cannot_be_hidden(admin_client: Client) -> None:
    r = submit(admin_client, "/admin/menus", "/admin/menus/admin", {"hidden": ["modules", "users"]})
    assert r.status_code == 400
    assert "cannot be hidden" in r.text
    assert 'data-menu-item="users"' in r.text  # refused as a whole: nothing was hidden
    assert submit(admin_client, "/admin/menus", "/admin/menus/storefront").status_code == 400
