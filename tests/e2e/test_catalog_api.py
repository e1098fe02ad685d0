"""The catalog's JSON API over HTTP: CRUD with field errors, conflicts, bulk status, export."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from litestar.testing import TestClient

from mercato.bootstrap.app import MercatoApp

pytestmark = pytest.mark.e2e

Client = TestClient[MercatoApp]
BASE = "/api/v1/vendors/acme/products"


def tee(sku: str = "TS-M", title: str = "Cotton Tee", **extra: Any) -> dict[str, Any]:
    return {
        "title": title,
        "status": "active",
        "options": ["Size"],
        "variants": [{"sku": sku, "price": {"amount": 1990, "currency": "EUR"}, "options": ["M"]}],
        **extra,
    }


@pytest.fixture
def acme(api_as: Callable[..., Client]) -> Client:
    return api_as("acme")


def test_a_product_is_created_read_changed_and_deleted(acme: Client) -> None:
    r = acme.post(BASE, json=tee(description='<p onclick="x()">Soft<script>x()</script></p>'))
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["handle"] == "cotton-tee"
    assert made["description"] == "<p>Soft</p>"
    assert made["variants"][0]["price"] == {"amount": 1990, "currency": "EUR"}
    url = f"{BASE}/{made['id']}"
    assert acme.get(url).json() == made
    r = acme.patch(url, json={"title": "Organic Tee", "tags": ["organic"]})
    assert r.status_code == 200, r.text
    assert r.json()["title"] == "Organic Tee" and r.json()["handle"] == "cotton-tee"
    assert r.json()["variants"][0]["id"] == made["variants"][0]["id"]
    listed = acme.get(BASE, params={"q": "organic"}).json()
    assert [p["id"] for p in listed["items"]] == [made["id"]]
    assert listed["items"][0]["min_price"] == {"amount": 1990, "currency": "EUR"}
    assert acme.delete(url).status_code == 204
    assert acme.get(url).status_code == 404


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": ""}, "title"),
        ({"options": ["Size", "size"]}, "options"),
        ({"options": ["A", "B", "C", "D"]}, "options"),
        ({"variants": [{"sku": "X", "price": {"amount": -1, "currency": "EUR"}}]}, "variants"),
        ({"variants": [{"sku": "X", "price": {"amount": 1, "currency": "eur"}}]}, "variants"),
    ],
)
def test_a_body_the_limits_refuse_names_its_field(
    acme: Client, change: dict[str, Any], field: str
) -> None:
    r = acme.post(BASE, json={**tee(), **change})
    assert r.status_code == 400, r.text
    assert r.json()["extra"]["field"] == field


@pytest.mark.parametrize(
    ("variant", "field"),
    [
        ({"options": []}, "variants[0].options"),
        ({"barcode": "4006381333932"}, "variants[0].barcode"),
        ({"compare_at_price": {"amount": 100, "currency": "EUR"}}, "variants[0].compare_at_price"),
        ({"weight": 1.5}, "variants[0].weight_unit"),
    ],
)
def test_a_broken_rule_names_its_field(acme: Client, variant: dict[str, Any], field: str) -> None:
    body = tee()
    body["variants"][0].update(variant)
    r = acme.post(BASE, json=body)
    assert r.status_code == 400, r.text
    assert r.json()["extra"]["field"] == field


def test_a_taken_sku_is_a_conflict_naming_the_product(acme: Client) -> None:
    assert acme.post(BASE, json=tee("SKU-1", "First Tee")).status_code == 201
    r = acme.post(BASE, json=tee("SKU-1", "Second Tee"))
    assert r.status_code == 409
    assert "First Tee" in r.json()["detail"]
    assert r.json()["extra"]["field"] == "variants[0].sku"
    r = acme.post(BASE, json=tee("SKU-2", "Other", handle="FIRST-tee"))
    assert r.status_code == 409 and r.json()["extra"]["field"] == "handle"


def test_bulk_status_and_filters(acme: Client) -> None:
    ids = [acme.post(BASE, json=tee(f"S-{i}", f"Tee {i}")).json()["id"] for i in range(3)]
    r = acme.post(f"{BASE}/status", json={"ids": ids[:2], "status": "archived"})
    assert r.status_code == 200 and r.json() == {"changed": 2}
    archived = acme.get(BASE, params={"status": "archived", "sort": "title"}).json()
    assert [p["id"] for p in archived["items"]] == ids[:2]


def test_the_export_streams_every_variant_as_csv(acme: Client) -> None:
    for i in range(3):
        acme.post(BASE, json=tee(f"E-{i}", f"=Tee, {i}"))
    r = acme.get(f"{BASE}/export")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert sorted(row["sku"] for row in rows) == ["E-0", "E-1", "E-2"]
    assert rows[0]["price"] == "19.90" and rows[0]["currency"] == "EUR"
    assert rows[0]["title"].startswith("'=")  # never a spreadsheet formula


def test_the_export_returns_exactly_the_variants_of_the_products_listed(
    acme: Client, api_as: Callable[..., Client]
) -> None:
    acme.post(BASE, json=tee("BT-M", "Blue Tee", tags=["sale"], product_type="Shirt"))
    acme.post(BASE, json=tee("RT-M", "Red Tee", status="draft", product_type="Shirt"))
    acme.post(BASE, json=tee("GM-1", "Green Mug", tags=["sale"], product_type="Mug"))
    api_as("globex").post("/api/v1/vendors/globex/products", json=tee("O-1", "Blue Tee"))
    for query, expected in (
        ({"q": "tee"}, ["BT-M", "RT-M"]),
        ({"q": "tee", "status": "draft"}, ["RT-M"]),
        ({"tag": "sale"}, ["BT-M", "GM-1"]),
        ({"product_type": "mug", "q": "gm-1"}, ["GM-1"]),
        ({"q": "nothing"}, []),
    ):
        listed = acme.get(BASE, params=query).json()["items"]
        r = acme.get(f"{BASE}/export", params=query)
        assert r.status_code == 200, r.text
        skus = sorted(row["sku"] for row in csv.DictReader(io.StringIO(r.text)))
        assert skus == expected, query
        assert sorted(row["title"] for row in csv.DictReader(io.StringIO(r.text))) == sorted(
            p["title"] for p in listed
        )


def test_a_viewer_token_reads_but_does_not_write(
    acme: Client, api_as: Callable[..., Client], world: Any
) -> None:
    from tests.support.world import issue_token

    made = acme.post(BASE, json=tee()).json()
    staff = api_as("acme")
    staff.headers["Authorization"] = f"Bearer {issue_token(world, 'acme-staff', 'acme')}"
    assert staff.get(f"{BASE}/{made['id']}").status_code == 200
    assert staff.get(f"{BASE}/export").status_code == 403  # staff may not export
