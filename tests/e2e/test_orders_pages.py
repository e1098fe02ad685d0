"""The orders' pages: the place-order form, the list with filters and keyset paging, an
order with its confirmed actions, the operators' read-only list, the dashboard's links."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from litestar.testing import TestClient

from mercato.bootstrap.app import MercatoApp
from tests.support.orders_web import Client, act, member, place, product, receive
from tests.support.world import World, csrf_from, csv_of, href_of, sign_in

pytestmark = pytest.mark.e2e

HTML = {"accept": "text/html"}
PAGES = "/vendor/acme/orders"


class Api:
    """The JSON API with acme's token, through the test's one client (one app, one loop)."""

    def __init__(self, client: Client, token: str) -> None:
        self.client, self.token = client, token

    def __enter__(self) -> Client:
        self.client.headers["Authorization"] = f"Bearer {self.token}"
        return self.client

    def __exit__(self, *_: object) -> None:
        del self.client.headers["Authorization"]


@pytest.fixture
def browser(app: MercatoApp) -> Iterator[Client]:
    """The test's one client on north (pages and API share its loop)."""
    with TestClient(app, base_url="http://north.test") as c:
        yield c


@pytest.fixture
def api(browser: Client, world: World) -> Api:
    """``with api as c``: acme's token; a tee (TEE-S 1990, TEE-M 2190 EUR), 5 of each."""
    made = Api(browser, world.tokens["acme"])
    with made as c:
        product(c, "acme", "Cotton Tee", ("TEE-S", 1990), ("TEE-M", 2190))
        receive(c, "acme", "TEE-S", 5)
        receive(c, "acme", "TEE-M", 5)
    return made


@pytest.fixture
def owner(browser: Client, world: World, api: Api) -> Client:
    assert sign_in(browser, world.email("acme-owner")).status_code == 200
    return browser


def _key(html: str) -> str:
    found = re.search(r'name="idempotency_key" value="([^"]+)"', html)
    assert found is not None, "the form has no idempotency key"
    return found.group(1)


def test_the_place_order_form_reports_each_field_and_keeps_what_was_typed(
    owner: Client,
) -> None:
    page = owner.get(f"{PAGES}/new", headers=HTML)
    assert page.status_code == 200 and 'data-form="place-order"' in page.text
    form = {
        "_csrf_token": csrf_from(page.text),
        "idempotency_key": _key(page.text),
        "customer.email": "ann@example.com",
        "customer.name": "Ann",
        "lines[0].sku": "",
        "lines[0].quantity": "",
        "lines[1].sku": "TEE-S",
        "lines[1].quantity": "many",
        "lines[2].sku": "NOPE",
        "lines[2].quantity": "1",
        "shipping": "4.50",
    }
    r = owner.post(PAGES, data=form, headers=HTML)
    assert r.status_code == 400
    assert 'data-error-for="lines[1].quantity"' in r.text
    assert 'data-error-for="shipping"' in r.text
    assert 'value="NOPE"' in r.text and 'value="ann@example.com"' in r.text
    assert _key(r.text) == form["idempotency_key"]
    form.update({"lines[1].quantity": "2", "shipping": "450"})
    r = owner.post(PAGES, data=form, headers=HTML)
    assert r.status_code == 400 and 'data-error-for="lines[2].sku"' in r.text
    form.update({"lines[2].sku": "TEE-M", "lines[2].quantity": "6"})
    r = owner.post(PAGES, data=form, headers=HTML)
    assert r.status_code == 409 and 'data-error-for="lines[2].quantity"' in r.text
    assert "TEE-M" in r.text
    form["lines[2].quantity"] = "1"
    r = owner.post(PAGES, data=form, headers=HTML, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"{PAGES}/1"
    again = owner.post(PAGES, data=form, headers=HTML, follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"] == f"{PAGES}/1"
    shown = owner.get(f"{PAGES}/1", headers=HTML).text
    assert "Order 1 placed." in shown
    assert "<code>TEE-S</code>" in shown and "19.90 EUR" in shown
    assert "<td data-total>66.20 EUR</td>" in shown  # 2 x 19.90 + 21.90 + 4.50
    listed = owner.get(PAGES, headers=HTML).text
    assert listed.count("<tr data-order=") == 1
    changed = owner.post(PAGES, data={**form, "lines[2].quantity": "2"}, headers=HTML)
    assert changed.status_code == 409 and "already used" in changed.text
    assert _key(changed.text) != form["idempotency_key"]  # sent again, it places a new order


def test_add_a_line_draws_the_form_again_with_one_row_more_and_places_nothing(
    owner: Client, api: Api
) -> None:
    page = owner.get(f"{PAGES}/new", headers=HTML).text
    assert page.count("<tr data-line-row=") == 3 and 'data-action="add-line"' in page
    form = {
        "_csrf_token": csrf_from(page),
        "idempotency_key": _key(page),
        "customer.email": "ann@example.com",
        "lines[0].sku": "TEE-S",
        "lines[0].quantity": "2",
        **{f"lines[{i}].{f}": "" for i in (1, 2) for f in ("sku", "quantity")},
        "shipping": "0",
    }
    more = owner.post(PAGES, data={**form, "add_line": "1"}, headers=HTML)
    assert more.status_code == 200 and more.text.count("<tr data-line-row=") == 4
    assert 'name="lines[3].sku" value=""' in more.text
    assert 'value="TEE-S"' in more.text and 'value="ann@example.com"' in more.text
    assert _key(more.text) == form["idempotency_key"] and "data-error-for" not in more.text
    with api as c:
        assert c.get("/api/v1/vendors/acme/orders").json()["items"] == []
    again = owner.post(PAGES, data={**form, "add_line": "1", "lines[3].sku": ""}, headers=HTML)
    assert again.text.count("<tr data-line-row=") == 5
    form.update({"lines[3].sku": "TEE-M", "lines[3].quantity": "1"})  # rows 1, 2 left empty
    placed = owner.post(PAGES, data=form, headers=HTML, follow_redirects=False)
    assert placed.status_code == 303 and placed.headers["location"] == f"{PAGES}/1"
    with api as c:
        lines = c.get("/api/v1/vendors/acme/orders/1").json()["lines"]
    assert [(line["sku"], line["quantity"]) for line in lines] == [("TEE-S", 2), ("TEE-M", 1)]


def test_an_action_asks_first_then_acts_once(owner: Client, api: Api) -> None:
    with api as c:
        place(c, "acme", ("TEE-S", 2))
    page = owner.get(f"{PAGES}/1", headers=HTML).text
    shown = re.findall(r'data-action="(\w+)"', page)
    assert shown == ["pay", "fulfil", "cancel"]
    form = {"_csrf_token": csrf_from(page), "idempotency_key": _key(page)}
    asked = owner.post(f"{PAGES}/1/fulfil", data=form, headers=HTML)
    assert asked.status_code == 200 and "Fulfil order 1?" in asked.text
    with api as c:
        assert c.get("/api/v1/vendors/acme/orders/1").json()["fulfilment"] == "unfulfilled"
    done = owner.post(
        f"{PAGES}/1/fulfil", data={**form, "confirm": "yes"}, headers=HTML, follow_redirects=False
    )
    assert done.status_code == 303
    again = owner.post(
        f"{PAGES}/1/fulfil", data={**form, "confirm": "yes"}, headers=HTML, follow_redirects=False
    )
    assert again.status_code == 303  # the same key: the same result, nothing more
    with api as c:
        (level,) = c.get("/api/v1/vendors/acme/stock", params={"sku": "TEE-S"}).json()["items"]
    assert (level["on_hand"], level["reserved"]) == (3, 0)
    page = owner.get(f"{PAGES}/1", headers=HTML).text
    assert re.findall(r'data-action="(\w+)"', page) == ["pay", "deliver"]
    refused = owner.post(
        f"{PAGES}/1/cancel",
        data={**form, "idempotency_key": "other", "confirm": "yes"},
        headers=HTML,
    )
    assert refused.status_code == 409 and "allowed now: pay, deliver" in refused.text


def test_a_viewer_sees_orders_and_no_action(browser: Client, world: World, api: Api) -> None:
    with api as c:
        place(c, "acme", ("TEE-S", 1))
    member(world, "acme-viewer", "viewer")
    sign_in(browser, world.email("acme-viewer"))
    listed = browser.get(PAGES, headers=HTML)
    assert listed.status_code == 200 and 'data-order="1"' in listed.text
    assert 'data-action="place"' not in listed.text
    assert 'data-action="export"' not in listed.text
    assert browser.get(f"{PAGES}/export").status_code == 403
    page = browser.get(f"{PAGES}/1", headers=HTML).text
    assert "data-actions" not in page
    assert '<form method="post"' not in page.split("<main", 1)[-1]
    assert browser.get(f"{PAGES}/new", headers=HTML).status_code == 403
    form = {"_csrf_token": csrf_from(listed.text), "confirm": "yes", "idempotency_key": "v"}
    assert browser.post(f"{PAGES}/1/pay", data=form, headers=HTML).status_code == 403
    with api as c:
        assert c.get("/api/v1/vendors/acme/orders/1").json()["payment"] == "pending"


def test_the_list_filters_searches_and_pages_by_keyset(owner: Client, api: Api) -> None:
    with api as c:
        receive(c, "acme", "TEE-S", 30)
        for i in range(27):
            place(c, "acme", ("TEE-S", 1), email=f"buyer{i}@example.com")
        act(c, "acme", 3, "pay")
    first = owner.get(PAGES, headers=HTML).text
    numbers = [int(n) for n in re.findall(r'<tr data-order="(\d+)"', first)]
    assert numbers == list(range(27, 2, -1))
    older = re.search(r'<a rel="next" href="([^"]+)"', first)
    assert older is not None
    rest = owner.get(PAGES + older.group(1).replace("&amp;", "&"), headers=HTML).text
    assert re.findall(r'<tr data-order="(\d+)"', rest) == ["2", "1"]
    assert 'rel="next"' not in rest
    paid = owner.get(PAGES, params={"payment": "paid"}, headers=HTML).text
    assert re.findall(r'<tr data-order="(\d+)"', paid) == ["3"]
    assert '<option value="paid" selected>' in paid
    found = owner.get(PAGES, params={"q": "buyer12@"}, headers=HTML).text
    assert re.findall(r'<tr data-order="(\d+)"', found) == ["13"]


def test_the_export_link_carries_the_filters_and_search_of_the_list(
    owner: Client, api: Api
) -> None:
    with api as c:
        for i in range(4):
            place(c, "acme", ("TEE-S", 1), email=f"buyer{i}@example.com")
        act(c, "acme", 2, "pay")
        act(c, "acme", 3, "pay")
    query = {"payment": "paid", "q": "buyer", "status": "bogus"}  # the list ignores "bogus"
    page = owner.get(PAGES, params=query, headers=HTML).text
    assert re.findall(r'<tr data-order="(\d+)"', page) == ["3", "2"]
    href = href_of(page, 'data-action="export"')
    assert href == f"{PAGES}/export?payment=paid&q=buyer"  # relative, what the list understood
    r = owner.get(href)
    assert r.status_code == 200 and csv_of(r.text, "number") == ["3", "2"]
    plain = owner.get(PAGES, headers=HTML).text
    assert href_of(plain, 'data-action="export"') == f"{PAGES}/export"


def test_operators_see_every_vendors_orders_by_vendor_name_read_only(
    browser: Client, world: World, api: Api
) -> None:
    with api as c:
        place(c, "acme", ("TEE-S", 1), email="ann@example.com")
    sign_in(browser, world.email("admin"))
    page = browser.get("/admin/orders", headers=HTML)
    assert page.status_code == 200
    assert '<td data-vendor="acme">Acme</td>' in page.text and "ann@example.com" in page.text
    assert '<form method="post"' not in page.text.split("<main", 1)[-1]


def test_the_dashboard_links_recent_orders_to_their_pages(owner: Client, api: Api) -> None:
    with api as c:
        place(c, "acme", ("TEE-M", 1))
    board = owner.get("/vendor/acme/", headers=HTML).text
    assert f'<a href="{PAGES}/1">Order 1</a>' in board
