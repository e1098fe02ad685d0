"""Broken modules in the web app: a quarantined module is listed as broken and cannot be
enabled; a module whose routes fail to mount shows as unavailable everywhere, never as a
link to a 404."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from litestar.testing import TestClient

from mercato.bootstrap.app import MercatoApp, create_app
from mercato.domain.kernel.quarantine import BrokenModule
from tests.support.app import container_with
from tests.support.flaky.definition import MODULE as FLAKY
from tests.support.probe.definition import MODULE as PROBE
from tests.support.unmountable.definition import MODULE as UNMOUNTABLE
from tests.support.world import World, sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def unmountable_app(world: World) -> MercatoApp:
    container = container_with(world.url, (PROBE, FLAKY, UNMOUNTABLE))
    asyncio.run(container.enablement().enable(world.platforms["north"], "unmountable"))
    return create_app(container=container)


@pytest.fixture
def admin(unmountable_app: MercatoApp, world: World) -> Iterator[TestClient[MercatoApp]]:
    with TestClient(unmountable_app, base_url="http://north.test") as c:
        assert sign_in(c, world.email("admin")).status_code == 200
        yield c


def test_a_module_whose_routes_fail_to_mount_is_no_link_in_the_menu(
    admin: TestClient[MercatoApp], world: World
) -> None:
    page = admin.get("/admin/").text
    assert 'data-menu-item="unmountable" data-status="unavailable"' in page
    assert 'href="/admin/unmountable"' not in page
    admin.headers["Authorization"] = f"Bearer {world.tokens['admin@north']}"
    menu = admin.get("/api/v1/admin/menu").json()
    (item,) = [i for s in menu["sections"] for i in s["items"] if i["id"] == "unmountable"]
    assert item["available"] is False
    probe = [i for s in menu["sections"] for i in s["items"] if i["module"] == "probe"]
    assert probe and all(i["available"] for i in probe)


def test_a_module_whose_routes_fail_to_mount_has_an_unavailable_dashboard_slot(
    admin: TestClient[MercatoApp], world: World
) -> None:
    admin.headers["Authorization"] = f"Bearer {world.tokens['admin@north']}"
    board = admin.get("/api/v1/admin/dashboard").json()
    slots = {s["module"]: s for s in board["metrics"]}
    assert slots["unmountable"]["status"] == "unavailable"
    assert slots["unmountable"]["metrics"] == []
    assert slots["probe"]["status"] == "ok"
    assert "unmountable" in board["unavailable"]


def test_health_and_the_modules_page_name_the_module_that_failed_to_mount(
    admin: TestClient[MercatoApp],
) -> None:
    health = admin.get("/health")
    assert health.status_code == 200
    assert health.json()["status"] == "degraded"
    assert "could not be mounted" in health.json()["broken_modules"]["unmountable"]
    page = admin.get("/admin/modules").text
    assert 'data-module="unmountable" data-broken="true"' in page
    assert "could not be mounted" in page


SHIPPING = BrokenModule(
    "shipping", "entry point 'shipping' (shipping.definition:MODULE)", "MOD-011", "needs ghost"
)


@pytest.fixture
def quarantine_admin(world: World) -> Iterator[TestClient[MercatoApp]]:
    app = create_app(container=container_with(world.url, (PROBE, FLAKY), (SHIPPING,)))
    with TestClient(app, base_url="http://north.test") as c:
        assert sign_in(c, world.email("admin")).status_code == 200
        yield c


def test_a_quarantined_module_is_listed_as_broken_and_cannot_be_enabled_from_the_admin(
    quarantine_admin: TestClient[MercatoApp], world: World
) -> None:
    page = quarantine_admin.get("/admin/modules").text
    assert 'data-module="shipping" data-broken="true"' in page
    assert "needs ghost" in page
    assert 'data-action="enable-shipping"' not in page
    quarantine_admin.headers["Authorization"] = f"Bearer {world.tokens['admin@north']}"
    listed = {m["code"]: m for m in quarantine_admin.get("/api/v1/admin/modules").json()}
    assert listed["shipping"]["broken"] is True and listed["shipping"]["enabled"] is False
    refused = quarantine_admin.post("/api/v1/admin/modules/shipping/enable")
    assert refused.status_code == 409
    assert "'shipping' is broken and cannot be enabled" in refused.json()["detail"]
    health = quarantine_admin.get("/health").json()
    assert health["broken_modules"] == {"shipping": "MOD-011 needs ghost"}
