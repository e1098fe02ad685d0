"""The customers JSON API: CRUD, field errors, duplicates, permissions and the CSV export."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from litestar.testing import TestClient

from mercato.bootstrap.app import MercatoApp
from tests.support.world import World, issue_token

pytestmark = pytest.mark.e2e

Client = TestClient[MercatoApp]
ApiAs = Callable[..., Client]
BASE = "/api/v1/vendors/acme/customers"
ANA = {
    "email": "Ana.Lima@Example.com",
    "name": "Ana Lima",
    "phone": "+46 70 123 45 67",
    "addresses": [{"line1": "Storgatan 1", "city": "Malmö", "country": "se", "label": "Home"}],
    "marketing_consent": True,
    "notes": "Prefers e-mail",
    "tags": ["VIP", "wholesale"],
}


def test_a_customer_is_recorded_read_changed_and_deleted(api_as: ApiAs) -> None:
    acme = api_as("acme")
    r = acme.post(BASE, json=ANA)
    assert r.status_code == 201, r.text
    ana = r.json()
    assert ana["email"] == "ana.lima@example.com" and ana["tags"] == ["vip", "wholesale"]
    assert ana["addresses"][0]["country"] == "SE" and ana["consent_at"] is not None
    assert acme.get(f"{BASE}/{ana['id']}").json() == ana
    listed = acme.get(BASE, params={"q": "lima"}).json()
    assert [c["id"] for c in listed["items"]] == [ana["id"]] and listed["total"] == 1
    r = acme.patch(f"{BASE}/{ana['id']}", json={"marketing_consent": False, "tags": []})
    assert r.status_code == 200, r.text
    changed = r.json()
    assert (changed["marketing_consent"], changed["consent_at"], changed["tags"]) == (
        False,
        None,
        [],
    )
    assert changed["name"] == "Ana Lima"  # left out: kept
    assert acme.delete(f"{BASE}/{ana['id']}").status_code == 204
    assert acme.get(f"{BASE}/{ana['id']}").status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "", "name": "No e-mail"}, "email"),
        ({"email": "not-an-address"}, "email"),
        ({"email": "a@example.com", "phone": "call me"}, "phone"),
        ({"email": "a@example.com", "tags": ["-bad"]}, "tags"),
        (
            {
                "email": "a@example.com",
                "addresses": [{"line1": "x", "city": "y", "country": "SWE"}],
            },
            "addresses",
        ),
        (
            {"email": "a@example.com", "addresses": [{"line1": " ", "city": "y", "country": "SE"}]},
            "addresses",
        ),
    ],
)
def test_an_invalid_customer_is_refused_naming_its_field(
    api_as: ApiAs, body: dict[str, object], field: str
) -> None:
    r = api_as("acme").post(BASE, json=body)
    assert r.status_code == 400, r.text
    assert r.json()["extra"]["field"] == field


def test_a_customer_without_an_email_is_refused_saying_so(api_as: ApiAs) -> None:
    r = api_as("acme").post(BASE, json={"name": "No e-mail"})
    assert r.status_code == 400 and "email" in r.json()["extra"]["errors"][0]["message"]
    r = api_as("acme").post(BASE, json={"email": "a@example.com", "nickname": "typo"})
    assert r.status_code == 400 and "nickname" in r.json()["extra"]["errors"][0]["message"]


def test_an_email_the_vendor_has_in_another_case_is_a_conflict(api_as: ApiAs) -> None:
    acme, globex = api_as("acme"), api_as("globex")
    assert acme.post(BASE, json={"email": "bo@example.com"}).status_code == 201
    r = acme.post(BASE, json={"email": "BO@Example.com"})
    assert r.status_code == 409 and r.json()["extra"]["field"] == "email"
    other = acme.post(BASE, json={"email": "cy@example.com"}).json()
    r = acme.patch(f"{BASE}/{other['id']}", json={"email": "Bo@example.com"})
    assert r.status_code == 409
    # another vendor may have the same customer
    r = globex.post("/api/v1/vendors/globex/customers", json={"email": "bo@example.com"})
    assert r.status_code == 201


def test_the_list_filters_by_tag_and_consent_and_pages(api_as: ApiAs) -> None:
    acme = api_as("acme")
    for i in range(5):
        body = {"email": f"c{i}@example.com", "tags": ["vip"] if i % 2 else []}
        acme.post(BASE, json={**body, "marketing_consent": i < 2})
    vip = acme.get(BASE, params={"tag": "vip", "sort": "email"}).json()
    assert [c["email"] for c in vip["items"]] == ["c1@example.com", "c3@example.com"]
    consented = acme.get(BASE, params={"consent": "yes", "sort": "email"}).json()
    assert [c["email"] for c in consented["items"]] == ["c0@example.com", "c1@example.com"]
    page = acme.get(BASE, params={"size": 2, "page": 3, "sort": "email"}).json()
    assert (page["total"], page["pages"], [c["email"] for c in page["items"]]) == (
        5,
        3,
        ["c4@example.com"],
    )
    assert acme.get(BASE, params={"sort": "notes"}).status_code == 400
    assert acme.get(BASE, params={"consent": "maybe"}).status_code == 400


def test_the_csv_export_lists_the_vendors_customers_with_formulas_defused(
    api_as: ApiAs,
) -> None:
    acme = api_as("acme")
    acme.post(BASE, json=ANA)
    acme.post(BASE, json={"email": "eve@example.com", "name": "=HYPERLINK(1)", "tags": ["x"]})
    api_as("globex").post("/api/v1/vendors/globex/customers", json={"email": "g@example.com"})
    r = acme.get(f"{BASE}/export")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv")
    assert 'filename="customers-acme.csv"' in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["email"] for row in rows] == ["ana.lima@example.com", "eve@example.com"]
    assert rows[0]["tags"] == "vip; wholesale" and rows[0]["marketing_consent"] == "yes"
    assert rows[0]["phone"] == "'+46 70 123 45 67" and rows[1]["name"] == "'=HYPERLINK(1)"
    assert "Home: Storgatan 1, Malmö, SE" in rows[0]["addresses"]
    tagged = list(csv.DictReader(io.StringIO(acme.get(f"{BASE}/export?tag=x").text)))
    assert [row["email"] for row in tagged] == ["eve@example.com"]


def test_the_export_returns_exactly_what_the_list_shows_for_the_same_query(
    api_as: ApiAs,
) -> None:
    acme = api_as("acme")
    for email, name, tags, consent in (
        ("ana@example.com", "Ana Lima", ["vip"], True),
        ("bo@example.com", "Bo Lima", ["vip"], False),
        ("cy@example.com", "Cy Lima", [], True),
        ("dee@example.com", "Dee Berg", ["vip"], True),
    ):
        body = {"email": email, "name": name, "tags": tags, "marketing_consent": consent}
        assert acme.post(BASE, json=body).status_code == 201
    api_as("globex").post(
        "/api/v1/vendors/globex/customers",
        json={"email": "gus@example.com", "name": "Gus Lima", "tags": ["vip"]},
    )
    for query, expected in (
        ({"q": "lima"}, ["ana@example.com", "bo@example.com", "cy@example.com"]),
        ({"q": "lima", "tag": "vip"}, ["ana@example.com", "bo@example.com"]),
        ({"q": "lima", "tag": "vip", "consent": "yes"}, ["ana@example.com"]),
        ({"q": "nobody"}, []),
    ):
        listed = acme.get(BASE, params={**query, "sort": "email"}).json()["items"]
        r = acme.get(f"{BASE}/export", params=query)
        assert r.status_code == 200, r.text
        exported = [row["email"] for row in csv.DictReader(io.StringIO(r.text))]
        assert exported == [c["email"] for c in listed] == expected, query
    assert acme.get(f"{BASE}/export", params={"consent": "maybe"}).status_code == 400


def test_staff_manage_customers_but_may_not_export_them(app: MercatoApp, world: World) -> None:
    secret = issue_token(world, "acme-staff", "acme")
    with TestClient(app, base_url="http://north.test") as staff:
        staff.headers["Authorization"] = f"Bearer {secret}"
        assert staff.post(BASE, json={"email": "dee@example.com"}).status_code == 201
        assert staff.get(BASE).status_code == 200
        r = staff.get(f"{BASE}/export")
        assert r.status_code == 403 and "customers.export" in r.json()["detail"]
