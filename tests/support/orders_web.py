"""Orders through the real app: products made by the catalog API, stock received by the
inventory API, orders placed by the orders API (each write with its own Idempotency-Key)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from litestar.testing import TestClient

from mercato.bootstrap.app import MercatoApp
from mercato.bootstrap.library import close_container
from tests.support.app import container_with
from tests.support.world import PASSWORD, World

__all__ = ["Client", "act", "as_token", "member", "place", "product", "receive"]

Client = TestClient[MercatoApp]


def product(
    client: Client,
    vendor: str,
    title: str,
    *variants: tuple[str, int],
    currency: str = "EUR",
    status: str = "active",
) -> dict[str, Any]:
    """A product of ``(sku, price in minor units)`` variants, one ``Size`` option each."""
    body = {
        "title": title,
        "status": status,
        "options": ["Size"],
        "variants": [
            {"sku": sku, "price": {"amount": price, "currency": currency}, "options": [f"S{i}"]}
            for i, (sku, price) in enumerate(variants)
        ],
    }
    r = client.post(f"/api/v1/vendors/{vendor}/products", json=body)
    assert r.status_code == 201, r.text
    made: dict[str, Any] = r.json()
    return made


def receive(client: Client, vendor: str, sku: str, quantity: int) -> dict[str, Any]:
    """Receive ``quantity`` units of ``sku`` at the main location."""
    r = client.post(
        f"/api/v1/vendors/{vendor}/stock/movements",
        json={"sku": sku, "kind": "receipt", "quantity": quantity},
    )
    assert r.status_code == 201, r.text
    level: dict[str, Any] = r.json()
    return level


def place(
    client: Client,
    vendor: str,
    *lines: tuple[str, int],
    email: str = "ann@example.com",
    name: str = "Ann",
    shipping: Any = 0,
    key: str | None = None,
) -> Any:
    """POST an order of ``(sku, quantity)`` lines; the response."""
    body = {
        "customer": {"email": email, "name": name},
        "lines": [{"sku": s, "quantity": q} for s, q in lines],
        "shipping": shipping,
    }
    return client.post(
        f"/api/v1/vendors/{vendor}/orders",
        json=body,
        headers={"Idempotency-Key": key or uuid.uuid4().hex},
    )


def act(
    client: Client,
    vendor: str,
    number: int,
    action: str,
    key: str | None = None,
    body: Any = None,
) -> Any:
    """POST an action on order ``number``; the response."""
    return client.post(
        f"/api/v1/vendors/{vendor}/orders/{number}/{action}",
        json=body,
        headers={"Idempotency-Key": key or uuid.uuid4().hex},
    )


def member(
    world: World, who: str, role: str, vendor: str = "acme", holding: tuple[str, ...] = ()
) -> str:
    """Add user ``who`` (``who@example.com``, the world's password) to ``vendor`` with
    ``role`` (a preset), or with a custom role named ``role`` that holds ``holding``; a token
    of theirs scoped to the vendor."""

    async def go() -> str:
        c = container_with(world.url)
        try:
            t = c.components().container("tenancy")
            nonlocal role
            if holding:
                made = await t.teams().create_role(world.vendors[vendor], role, list(holding))
                role = f"custom:{made.id}"
            user = await t.identity().create_user(world.email(who), PASSWORD)
            world.users[who] = user.id
            await t.teams().add_member(world.vendors[vendor], user.id, role)
            _, secret = await t.tokens().issue(user.id, who, vendor_id=world.vendors[vendor])
            return str(secret)
        finally:
            await close_container(c)

    return asyncio.run(go())


@contextmanager
def as_token(client: Client, secret: str) -> Iterator[Client]:
    """The client presenting another token for a while: one client (one app, one event loop)
    per test, as two clients of one app may trip over each other's event deliveries."""
    before = client.headers.get("Authorization")
    client.headers["Authorization"] = f"Bearer {secret}"
    try:
        yield client
    finally:
        if before is None:
            del client.headers["Authorization"]
        else:
            client.headers["Authorization"] = before
