"""The orders' JSON API through the real app, against the real catalog, inventory and
customers modules: numbers, snapshots, stock, the outbox, the state machines, idempotency."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Callable
from typing import Any

import pytest

from tests.support.orders_web import Client, act, as_token, member, place, product, receive
from tests.support.world import World, issue_token

pytestmark = pytest.mark.e2e

BASE = "/api/v1/vendors/acme/orders"


@pytest.fixture
def acme(api_as: Callable[..., Client]) -> Client:
    """acme's owner, with a tee (TEE-S 1990, TEE-M 2190 EUR) and 10 of each in stock."""
    c = api_as("acme")
    product(c, "acme", "Cotton Tee", ("TEE-S", 1990), ("TEE-M", 2190))
    receive(c, "acme", "TEE-S", 10)
    receive(c, "acme", "TEE-M", 10)
    return c


def _level(c: Client, sku: str) -> tuple[int, int]:
    (level,) = c.get("/api/v1/vendors/acme/stock", params={"sku": sku}).json()["items"]
    return level["on_hand"], level["reserved"]


def _outbox(world: World, name: str) -> list[dict[str, Any]]:
    with sqlite3.connect(world.url.removeprefix("sqlite:///")) as db:
        rows = db.execute(
            "SELECT payload FROM event_outbox WHERE name = ? ORDER BY id", (name,)
        ).fetchall()
    return [json.loads(r[0]) for r in rows]


def test_an_order_is_numbered_priced_recorded_and_reserves_stock(
    acme: Client, world: World
) -> None:
    r = place(acme, "acme", ("TEE-S", 2), ("TEE-M", 1), shipping=450, email="Ann@Example.com")
    assert r.status_code == 201, r.text
    order = r.json()
    assert order["number"] == 1 and order["status"] == "open"
    assert [(li["sku"], li["title"], li["quantity"]) for li in order["lines"]] == [
        ("TEE-S", "Cotton Tee / S0", 2),
        ("TEE-M", "Cotton Tee / S1", 1),
    ]
    assert order["lines"][0]["unit_price"] == {"amount": 1990, "currency": "EUR"}
    assert order["lines"][0]["line_total"] == {"amount": 3980, "currency": "EUR"}
    assert order["subtotal"] == {"amount": 6170, "currency": "EUR"}
    assert order["shipping"] == {"amount": 450, "currency": "EUR"}
    assert order["total"] == {"amount": 6620, "currency": "EUR"}
    assert order["allowed_actions"] == ["pay", "fulfil", "cancel"]
    customers = acme.get("/api/v1/vendors/acme/customers").json()["items"]
    assert [(c["id"], c["email"]) for c in customers] == [(order["customer_id"], "ann@example.com")]
    assert _level(acme, "TEE-S") == (10, 2) and _level(acme, "TEE-M") == (10, 1)
    (placed,) = _outbox(world, "orders.placed")
    assert placed["number"] == 1 and placed["total"] == 6620
    assert acme.get(f"{BASE}/1").json() == order
    second = place(acme, "acme", ("TEE-S", 1), email="ann@example.com").json()
    assert second["number"] == 2 and second["customer_id"] == order["customer_id"]


def test_pay_fulfil_deliver_and_refund_move_the_states_and_the_stock(acme: Client) -> None:
    place(acme, "acme", ("TEE-S", 3), shipping=500)
    paid = act(acme, "acme", 1, "pay")
    assert paid.status_code == 200 and paid.json()["payment"] == "paid"
    fulfilled = act(acme, "acme", 1, "fulfil").json()
    assert fulfilled["fulfilment"] == "fulfilled"
    assert _level(acme, "TEE-S") == (7, 0)  # sold: on hand and reserved both drop
    done = act(acme, "acme", 1, "deliver").json()
    assert (done["status"], done["fulfilment"]) == ("completed", "delivered")
    part = act(acme, "acme", 1, "refund", body={"amount": 1000}).json()
    assert part["payment"] == "partially_refunded"
    assert part["refunded"] == {"amount": 1000, "currency": "EUR"}
    rest = act(acme, "acme", 1, "refund").json()
    assert rest["payment"] == "refunded" and rest["refunded"]["amount"] == 3 * 1990 + 500
    again = act(acme, "acme", 1, "refund")
    assert again.status_code == 200 and again.json() == rest


def test_cancelling_releases_the_stock(acme: Client, world: World) -> None:
    place(acme, "acme", ("TEE-M", 4))
    assert _level(acme, "TEE-M") == (10, 4)
    cancelled = act(acme, "acme", 1, "cancel").json()
    assert cancelled["status"] == "cancelled" and cancelled["allowed_actions"] == []
    assert _level(acme, "TEE-M") == (10, 0)
    assert len(_outbox(world, "orders.cancelled")) == 1
    again = act(acme, "acme", 1, "cancel")
    assert again.status_code == 200 and again.json()["updated_at"] == cancelled["updated_at"]
    assert len(_outbox(world, "orders.cancelled")) == 1  # a repetition publishes nothing


def test_a_transition_not_allowed_now_is_a_conflict_naming_the_allowed_ones(
    acme: Client,
) -> None:
    place(acme, "acme", ("TEE-S", 1))
    act(acme, "acme", 1, "fulfil")
    r = act(acme, "acme", 1, "cancel")
    assert r.status_code == 409
    assert "allowed now: pay, deliver" in r.json()["detail"]
    assert act(acme, "acme", 1, "fulfil").status_code == 200  # a repetition: no-op
    assert act(acme, "acme", 7, "pay").status_code == 404


def test_an_idempotency_key_replays_its_order_and_refuses_another_body(acme: Client) -> None:
    first = place(acme, "acme", ("TEE-S", 1), key="k-1")
    again = place(acme, "acme", ("TEE-S", 1), key="k-1")
    assert first.status_code == 201 and again.status_code in (200, 201)
    assert again.json() == first.json()
    other = place(acme, "acme", ("TEE-S", 2), key="k-1")
    assert other.status_code == 409 and other.json()["extra"]["field"] == "Idempotency-Key"
    assert _level(acme, "TEE-S") == (10, 1)
    assert [o["number"] for o in acme.get(BASE).json()["items"]] == [1]
    r = acme.post(BASE, json={"customer": {"email": "a@example.com"}, "lines": []})
    assert r.status_code == 400  # no key: refused before anything else
    paid = act(acme, "acme", 1, "pay", key="pay-1")
    assert act(acme, "acme", 1, "pay", key="pay-1").json() == paid.json()
    assert act(acme, "acme", 1, "fulfil", key="pay-1").status_code == 409


def test_short_stock_is_a_conflict_naming_the_line_and_uses_no_number(acme: Client) -> None:
    r = place(acme, "acme", ("TEE-S", 1), ("TEE-M", 11))
    assert r.status_code == 409, r.text
    assert "TEE-M" in r.json()["detail"]
    assert acme.get(BASE).json()["items"] == []
    assert _level(acme, "TEE-S") == (10, 0)
    assert acme.get("/api/v1/vendors/acme/customers").json()["items"] == []
    assert place(acme, "acme", ("TEE-M", 10)).json()["number"] == 1


@pytest.mark.parametrize(
    ("lines", "field"),
    [
        ((("TEE-S", 1), ("NOPE", 1)), "lines[1].sku"),
        ((("OLD-1", 1),), "lines[0].sku"),
        ((("TEE-S", 1), ("TEE-S", 1)), "lines[1].sku"),
        ((("USD-1", 1), ("TEE-S", 1)), "lines[1].sku"),
    ],
)
def test_a_line_the_catalog_refuses_names_its_field(
    acme: Client, lines: tuple[tuple[str, int], ...], field: str
) -> None:
    product(acme, "acme", "Old Mug", ("OLD-1", 900), status="archived")
    product(acme, "acme", "Dollar Cap", ("USD-1", 1500), currency="USD")
    r = place(acme, "acme", *lines)
    assert r.status_code == 400, r.text
    assert r.json()["extra"]["field"] == field
    assert place(acme, "acme", ("TEE-S", 1)).json()["number"] == 1


def test_the_list_pages_by_cursor_and_filters(acme: Client) -> None:
    for i in range(5):
        place(acme, "acme", ("TEE-S", 1), email=f"buyer{i}@example.com")
    act(acme, "acme", 2, "pay")
    act(acme, "acme", 4, "cancel")
    first = acme.get(BASE, params={"size": 2}).json()
    assert [o["number"] for o in first["items"]] == [5, 4]
    assert first["items"][0]["lines"] is None
    second = acme.get(BASE, params={"size": 2, "cursor": first["next_cursor"]}).json()
    assert [o["number"] for o in second["items"]] == [3, 2]
    last = acme.get(BASE, params={"size": 2, "cursor": second["next_cursor"]}).json()
    assert [o["number"] for o in last["items"]] == [1] and last["next_cursor"] is None

    def numbers(**params: str) -> list[int]:
        return [o["number"] for o in acme.get(BASE, params=params).json()["items"]]

    assert numbers(payment="paid") == [2]
    assert numbers(status="cancelled") == [4]
    assert numbers(status="open", fulfilment="unfulfilled") == [5, 3, 2, 1]
    assert numbers(q="buyer3") == [4]
    assert numbers(q="3") == [3]
    assert acme.get(BASE, params={"status": "lost"}).status_code == 400


def test_the_export_streams_every_order_as_csv(acme: Client) -> None:
    place(acme, "acme", ("TEE-S", 1), email="=cmd@example.com")
    place(acme, "acme", ("TEE-M", 2), shipping=100)
    r = acme.get(f"{BASE}/export")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [(row["number"], row["total"], row["currency"]) for row in rows] == [
        ("2", "4480", "EUR"),
        ("1", "1990", "EUR"),
    ]
    assert rows[1]["customer_email"].startswith("'=")


def test_the_export_returns_exactly_the_orders_listed_for_the_same_filters(
    acme: Client,
) -> None:
    for i in range(5):
        assert place(acme, "acme", ("TEE-S", 1), email=f"buyer{i}@example.com").status_code == 201
    act(acme, "acme", 2, "pay")
    act(acme, "acme", 4, "pay")
    act(acme, "acme", 5, "cancel")
    for query, expected in (
        ({"payment": "paid"}, ["4", "2"]),
        ({"status": "open", "q": "buyer"}, ["4", "3", "2", "1"]),
        ({"status": "open", "payment": "pending"}, ["3", "1"]),
        ({"q": "buyer2@"}, ["3"]),
        ({"q": "3"}, ["3"]),
        ({"fulfilment": "delivered"}, []),
    ):
        listed = acme.get(BASE, params=query).json()["items"]
        r = acme.get(f"{BASE}/export", params=query)
        assert r.status_code == 200, r.text
        numbers = [row["number"] for row in csv.DictReader(io.StringIO(r.text))]
        assert numbers == [str(o["number"]) for o in listed] == expected, query
    assert acme.get(f"{BASE}/export", params={"status": "lost"}).status_code == 400


def test_another_vendors_order_is_not_found(acme: Client, world: World) -> None:
    place(acme, "acme", ("TEE-S", 1))
    with as_token(acme, world.tokens["globex"]) as globex:
        assert globex.get("/api/v1/vendors/globex/orders/1").status_code == 404
        assert act(globex, "globex", 1, "pay").status_code == 404
        assert globex.get(f"{BASE}/1").status_code in (403, 404)
        assert act(globex, "acme", 1, "pay").status_code in (403, 404)
    assert acme.get(f"{BASE}/1").json()["payment"] == "pending"


def test_a_viewer_reads_but_does_not_write(acme: Client, world: World) -> None:
    place(acme, "acme", ("TEE-S", 1))
    staff = {"Authorization": f"Bearer {issue_token(world, 'acme-staff', 'acme')}"}
    assert acme.get(f"{BASE}/1", headers=staff).status_code == 200
    assert acme.get(f"{BASE}/export", headers=staff).status_code == 403  # staff: no export
    viewer = member(world, "acme-viewer", "viewer")
    headers = {"Authorization": f"Bearer {viewer}"}
    assert acme.get(f"{BASE}/1", headers=headers).status_code == 200
    assert acme.get(BASE, headers=headers).status_code == 200
    r = acme.post(f"{BASE}/1/pay", headers={**headers, "Idempotency-Key": "v-1"})
    assert r.status_code == 403
    r = acme.post(
        BASE,
        json={"customer": {"email": "v@example.com"}, "lines": [{"sku": "TEE-S", "quantity": 1}]},
        headers={**headers, "Idempotency-Key": "v-2"},
    )
    assert r.status_code == 403
    assert [o["number"] for o in acme.get(BASE).json()["items"]] == [1]
