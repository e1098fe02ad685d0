"""The catalog's vendor pages and admin view: list, form with field errors, edit, bulk
status, delete with confirmation, CSV download; what a viewer without rights is offered."""

from __future__ import annotations

import re
from typing import Any

import pytest
from litestar.testing import TestClient

from mercato.bootstrap.app import MercatoApp
from tests.support.world import World, csrf_from, csv_of, href_of, sign_in

pytestmark = pytest.mark.e2e

Client = TestClient[MercatoApp]
HTML = {"accept": "text/html"}
BASE = "/vendor/acme/products"


@pytest.fixture
def owner(app: MercatoApp, world: World) -> Any:
    with TestClient(app, base_url="http://north.test") as c:
        assert sign_in(c, world.email("acme-owner")).status_code == 200
        yield c


def _form(client: Client, path: str, **fields: str) -> Any:
    csrf = csrf_from(client.get(f"{BASE}/new", headers=HTML).text)
    return client.post(
        path, data={**fields, "_csrf_token": csrf}, headers=HTML, follow_redirects=False
    )


def _tee(**extra: str) -> dict[str, str]:
    return {
        "title": "Linen Shirt",
        "status": "active",
        "options": "Size",
        "tags": "summer, linen",
        "variants[0].sku": "LS-M",
        "variants[0].options": "M",
        "variants[0].price": "49.90",
        "variants[0].currency": "EUR",
        **extra,
    }


def test_a_product_made_with_the_form_is_listed_with_its_price_and_currency(
    owner: Client,
) -> None:
    blank_row = {"variants[1].sku": "", "variants[1].currency": "EUR", "variants[1].price": ""}
    r = _form(owner, BASE, **_tee(**blank_row))  # a browser sends the blank rows too
    assert r.status_code == 303, r.text
    page = owner.get(r.headers["location"], headers=HTML)
    assert "Linen Shirt" in page.text and "49.90 EUR" in page.text
    listed = owner.get(BASE, params={"q": "ls-m"}, headers=HTML).text
    assert "Linen Shirt" in listed and "49.90 EUR" in listed
    assert "Linen Shirt" not in owner.get(BASE, params={"tag": "wool"}, headers=HTML).text


def test_a_refused_form_shows_each_error_on_its_field_and_keeps_what_was_typed(
    owner: Client,
) -> None:
    r = _form(
        owner,
        BASE,
        **_tee(
            **{
                "variants[0].price": "4x",
                "variants[2].sku": "LS-L",
                "variants[2].price": "10",
                "variants[2].currency": "EUR",
                "variants[2].barcode": "12345678",
            }
        ),
    )
    assert r.status_code == 400
    errors = dict(re.findall(r'data-error-for="([^"]+)">([^<]+)<', r.text))
    assert "variants[0].price" in errors
    assert 'value="Linen Shirt"' in r.text and 'value="LS-L"' in r.text
    r = _form(owner, BASE, **_tee(**{"variants[1].sku": "LS-L", "variants[1].price": "1"}))
    errors = dict(re.findall(r'data-error-for="([^"]+)">([^<]+)<', r.text))
    assert set(errors) == {"variants[1].options", "variants[1].currency"}


def test_editing_bulk_status_and_deleting_with_confirmation(owner: Client) -> None:
    made = _form(owner, BASE, **_tee()).headers["location"]
    r = _form(owner, made, **_tee(title="Linen Shirt 2"))
    assert r.status_code == 303
    product_id = made.rsplit("/", 1)[1]
    r = _form(owner, f"{BASE}/status", ids=product_id, status="archived")
    assert r.status_code == 303
    assert "archived" in owner.get(made, headers=HTML).text
    asked = _form(owner, f"{made}/delete")
    assert asked.status_code == 200 and "Delete the product Linen Shirt 2" in asked.text
    assert owner.get(made, headers=HTML).status_code == 200
    r = _form(owner, f"{made}/delete", confirm="yes")
    assert r.status_code == 303
    assert owner.get(made, headers=HTML).status_code == 404


def test_the_csv_download_and_the_admin_view(owner: Client, admin_client: Client) -> None:
    _form(owner, BASE, **_tee())
    r = owner.get(f"{BASE}/export")
    assert r.status_code == 200 and "LS-M" in r.text and r.text.startswith("handle,")
    page = admin_client.get("/admin/catalog", headers=HTML)
    assert page.status_code == 200 and "Linen Shirt" in page.text and "acme" in page.text
    assert '<form method="post"' not in page.text.split("<main", 1)[-1].split("Products", 1)[-1]


def test_the_export_link_carries_the_search_and_filters_of_the_list(owner: Client) -> None:
    _form(owner, BASE, **_tee())
    _form(owner, BASE, **_tee(title="Linen Trousers", **{"variants[0].sku": "LT-M"}))
    _form(owner, BASE, **_tee(title="Wool Shirt", tags="winter", **{"variants[0].sku": "WS-M"}))
    owner.get(BASE, headers=HTML)  # shows the notice of the last save once
    query = {"q": "linen", "tag": "summer", "sort": "title", "page": "1", "size": "10"}
    page = owner.get(BASE, params=query, headers=HTML).text
    assert "Linen Shirt" in page and "Linen Trousers" in page and "Wool Shirt" not in page
    href = href_of(page, "data-export")
    assert href == f"{BASE}/export?q=linen&tag=summer"  # relative, without paging or order
    r = owner.get(href)
    assert r.status_code == 200 and sorted(csv_of(r.text, "sku")) == ["LS-M", "LT-M"]
    drafts = owner.get(f"{BASE}/export", params={"q": "linen", "status": "draft"}).text
    assert csv_of(drafts, "sku") == []
    assert href_of(owner.get(BASE, headers=HTML).text, "data-export") == f"{BASE}/export"


def test_a_viewer_is_offered_nothing_to_change(
    app: MercatoApp, world: World, owner: Client
) -> None:
    made = _form(owner, BASE, **_tee()).headers["location"]
    with TestClient(app, base_url="http://north.test") as api:
        r = api.patch(
            f"/api/v1/vendors/acme/members/{world.users['acme-staff']}",
            json={"role": "viewer"},
            headers={"Authorization": f"Bearer {world.tokens['acme']}"},
        )
        assert r.status_code == 200, r.text
    with TestClient(app, base_url="http://north.test") as staff:
        sign_in(staff, world.email("acme-staff"))
        listed = staff.get(BASE, headers=HTML).text
        assert "Linen Shirt" in listed
        assert "New product" not in listed and "Export CSV" not in listed
        detail = staff.get(made, headers=HTML).text
        assert "Delete this product" not in detail and "disabled" in detail
        assert staff.get(f"{BASE}/export").status_code == 403
