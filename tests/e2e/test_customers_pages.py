"""The customers pages: list, forms with field errors, detail, delete with confirmation, the
CSV download, and the administrators' read-only view."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar.testing import TestClient

from mercato.bootstrap.app import MercatoApp
from tests.support.world import World, csrf_from, csv_of, href_of, sign_in

pytestmark = pytest.mark.e2e

Client = TestClient[MercatoApp]
HTML = {"accept": "text/html"}
PAGES = "/vendor/acme/customers"


@pytest.fixture
def owner(app: MercatoApp, world: World) -> Iterator[Client]:
    with TestClient(app, base_url="http://north.test") as c:
        assert sign_in(c, world.email("acme-owner")).status_code == 200
        yield c


def _csrf(c: Client) -> str:
    return csrf_from(c.get(f"{PAGES}/new", headers=HTML).text)


def test_a_form_with_errors_shows_each_on_its_field_and_keeps_the_values(owner: Client) -> None:
    form = {
        "_csrf_token": _csrf(owner),
        "email": "",
        "name": "Kept Name",
        "phone": "call me",
        "address-0-line1": "Storgatan 1",
        "address-0-city": "",
        "address-0-country": "Sweden",
    }
    r = owner.post(PAGES, data=form, headers=HTML)
    assert r.status_code == 400
    for field in ("email", "address-0-city", "address-0-country"):
        assert f'data-error-for="{field}"' in r.text, field
    assert 'value="Kept Name"' in r.text and 'value="Storgatan 1"' in r.text


def test_a_customer_is_recorded_edited_and_deleted_through_the_pages(owner: Client) -> None:
    form = {
        "_csrf_token": _csrf(owner),
        "email": "Ana@Example.com",
        "name": "Ana Lima",
        "marketing_consent": ["false", "true"],
        "tags": "vip, Wholesale",
        "address-0-line1": "Storgatan 1",
        "address-0-city": "Malmö",
        "address-0-country": "se",
        "address-1-line1": "",
    }
    r = owner.post(PAGES, data=form, headers=HTML, follow_redirects=False)
    assert r.status_code == 303, r.text
    detail = r.headers["location"]
    page = owner.get(detail, headers=HTML).text
    assert "ana@example.com" in page and "Given on" in page and "Malmö" in page
    assert "vip, wholesale" in page
    again = owner.post(PAGES, data={**form, "email": "ANA@example.com"}, headers=HTML)
    assert again.status_code == 409 and 'data-error-for="email"' in again.text
    edit = {**form, "marketing_consent": "false", "tags": "", "address-0-line1": ""}
    edit["address-0-city"] = edit["address-0-country"] = ""
    r = owner.post(detail, data=edit, headers=HTML, follow_redirects=False)
    assert r.status_code == 303, r.text
    page = owner.get(detail, headers=HTML).text
    assert "Not given" in page and "No address." in page
    listing = owner.get(PAGES, params={"q": "lima"}, headers=HTML).text
    assert "ana@example.com" in listing
    asked = owner.post(f"{detail}/delete", data={"_csrf_token": form["_csrf_token"]}, headers=HTML)
    assert asked.status_code == 200 and "Delete the customer ana@example.com?" in asked.text
    assert owner.get(detail, headers=HTML).status_code == 200  # not yet
    done = owner.post(
        f"{detail}/delete",
        data={"_csrf_token": form["_csrf_token"], "confirm": "yes"},
        headers=HTML,
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert owner.get(detail, headers=HTML).status_code == 404


def test_the_list_filters_and_offers_the_download(owner: Client, world: World) -> None:
    api = {"Authorization": f"Bearer {world.tokens['acme']}"}
    for email, tags in (("a@example.com", ["vip"]), ("b@example.com", [])):
        owner.post(
            "/api/v1/vendors/acme/customers", json={"email": email, "tags": tags}, headers=api
        )
    page = owner.get(PAGES, params={"tag": "vip"}, headers=HTML).text
    assert "a@example.com" in page and "b@example.com" not in page
    assert "data-export" in page and "New customer" in page
    r = owner.get(f"{PAGES}/export", params={"tag": "vip"})
    assert r.status_code == 200 and r.text.splitlines()[1].split(",")[1] == "a@example.com"
    assert owner.get(PAGES, params={"sort": "phone"}, headers=HTML).status_code == 400


def test_the_download_link_carries_the_search_and_filters_of_the_list(
    owner: Client, world: World
) -> None:
    api = {"Authorization": f"Bearer {world.tokens['acme']}"}
    for email, name, tags in (
        ("a@example.com", "Ana Lima", ["vip"]),
        ("b@example.com", "Bo Lima", []),
        ("c@example.com", "Cy Berg", ["vip"]),
    ):
        body = {"email": email, "name": name, "tags": tags}
        owner.post("/api/v1/vendors/acme/customers", json=body, headers=api)
    query = {"q": "lima", "tag": "vip", "sort": "email", "page": "1", "size": "10"}
    href = href_of(owner.get(PAGES, params=query, headers=HTML).text, "data-export")
    assert href == f"{PAGES}/export?q=lima&tag=vip"  # relative, without paging or order
    r = owner.get(href)
    assert r.status_code == 200 and csv_of(r.text, "email") == ["a@example.com"]
    assert href_of(owner.get(PAGES, headers=HTML).text, "data-export") == f"{PAGES}/export"


def test_staff_are_not_offered_the_download(app: MercatoApp, world: World) -> None:
    with TestClient(app, base_url="http://north.test") as staff:
        assert sign_in(staff, world.email("acme-staff")).status_code == 200
        page = staff.get(PAGES, headers=HTML)
        assert page.status_code == 200
        assert "data-export" not in page.text and "New customer" in page.text
        assert staff.get(f"{PAGES}/export").status_code == 403


def test_administrators_read_the_customers_of_the_platforms_vendors(
    admin_client: Client, world: World
) -> None:
    for vendor, email in (("acme", "a@example.com"), ("globex", "g@example.com")):
        admin_client.post(
            f"/api/v1/vendors/{vendor}/customers",
            json={"email": email},
            headers={"Authorization": f"Bearer {world.tokens[vendor]}"},
        )
    page = admin_client.get("/admin/customers", headers=HTML)
    assert page.status_code == 200
    assert "a@example.com" in page.text and "g@example.com" in page.text
    only = admin_client.get("/admin/customers", params={"vendor": "globex"}, headers=HTML).text
    assert "g@example.com" in only and "a@example.com" not in only
    assert '<form method="post"' not in only.split("<main", 1)[-1].split("</main>")[0]
    missing = admin_client.get("/admin/customers", params={"vendor": "nope"}, headers=HTML)
    assert missing.status_code == 404
    south = TestClient(admin_client.app, base_url="http://south.test")
    with south:
        assert sign_in(south, world.email("admin")).status_code == 200
        r = south.get("/admin/customers", params={"vendor": "globex"}, headers=HTML)
        assert r.status_code == 404  # globex is not on south
        assert "g@example.com" not in south.get("/admin/customers", headers=HTML).text
