"""Storefront resolution: a verified vendor domain, or <vendor>.<platform domain>."""

from __future__ import annotations

import asyncio

import pytest
from litestar.testing import TestClient

from mercato.bootstrap.app import MercatoApp
from mercato.bootstrap.library import close_container
from mercato.domain.tenancy.model import VendorStatus
from tests.support.app import container_with
from tests.support.world import World

pytestmark = pytest.mark.e2e
Client = TestClient[MercatoApp]


def _site(client: Client, host: str) -> tuple[int, dict[str, str]]:
    r = client.get("/api/v1/storefront", headers={"host": host})
    return r.status_code, r.json()


def _tenancy(world: World, work):  # type: ignore[no-untyped-def]
    async def go():  # type: ignore[no-untyped-def]
        c = container_with(world.url)
        try:
            return await work(c.components().container("tenancy"))
        finally:
            await close_container(c)

    return asyncio.run(go())


def test_a_subdomain_of_a_platform_serves_the_vendor_there(client: Client) -> None:
    status, body = _site(client, "acme.north.test")
    assert status == 200
    assert body == {
        "vendor": "acme",
        "vendor_name": "Acme",
        "platform": "north",
        "platform_name": "North Market",
        "via": "subdomain",
    }
    assert _site(client, "acme.south.test")[1]["platform"] == "south"
    assert _site(client, "globex.south.test")[0] == 404  # globex is not on south
    assert _site(client, "nobody.north.test")[0] == 404
    assert _site(client, "north.test")[0] == 404


def test_a_custom_domain_serves_only_once_verified(client: Client, world: World) -> None:
    async def add(t):  # type: ignore[no-untyped-def]
        return await t.domains().add(world.vendors["acme"], "Shop.Acme.Example.")

    domain = _tenancy(world, add)
    assert _site(client, "shop.acme.example")[0] == 404  # pending verification

    async def verify(t):  # type: ignore[no-untyped-def]
        await t.domains().mark_verified(world.vendors["acme"], domain.id)

    _tenancy(world, verify)
    status, body = _site(client, "shop.acme.example:443")
    assert (status, body["vendor"], body["platform"], body["via"]) == (
        200,
        "acme",
        "north",
        "domain",
    )


def test_a_suspended_vendor_serves_no_storefront_on_that_platform(
    client: Client, world: World
) -> None:
    async def suspend(t):  # type: ignore[no-untyped-def]
        await t.vendors().set_status(
            world.vendors["acme"], world.platforms["north"], VendorStatus.SUSPENDED
        )

    _tenancy(world, suspend)
    assert _site(client, "acme.north.test")[0] == 404
    assert _site(client, "acme.south.test")[0] == 200
