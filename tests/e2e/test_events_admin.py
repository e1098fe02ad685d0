"""Failed event deliveries at /admin/events and /api/v1/admin/events/failed: super admins
acting for every platform only; keyset pages; retry one or all, confirmed first."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from typing import Any

import pytest
from litestar.testing import TestClient

from mercato.bootstrap.app import MercatoApp
from mercato.bootstrap.library import close_container
from tests.support.app import container_with
from tests.support.flaky.definition import MODULE as FLAKY
from tests.support.outbox import seed_failed_deliveries
from tests.support.probe.definition import MODULE as PROBE
from tests.support.world import PASSWORD, World, csrf_from, sign_in

pytestmark = pytest.mark.e2e

Client = TestClient[MercatoApp]
API = "/api/v1/admin/events/failed"
HTML = {"accept": "text/html"}


def _statuses(world: World) -> dict[int, tuple[str, int]]:
    """Every delivery's status and attempts, read from the world's SQLite database."""
    with closing(sqlite3.connect(world.url.removeprefix("sqlite:///"))) as db:
        rows = db.execute("SELECT id, status, attempts FROM event_deliveries").fetchall()
    return {i: (status, attempts) for i, status, attempts in rows}


def _platform_admin(world: World) -> str:
    """A user administering north only; their e-mail."""

    async def go() -> None:
        c = container_with(world.url, (PROBE, FLAKY))
        try:
            identity = c.components().container("tenancy").identity()
            ops = await identity.create_user(world.email("ops-north"), PASSWORD)
            await identity.grant_admin(ops.id, world.platforms["north"])
        finally:
            await close_container(c)

    asyncio.run(go())
    return world.email("ops-north")


def _menu_ids(client: Client) -> set[str]:
    groups = client.get("/api/v1/admin/menu").json()["sections"]
    return {i["id"] for g in groups for i in g["items"]}


def test_the_api_lists_failed_deliveries_in_keyset_pages_and_retries_one(
    api: Client, world: World
) -> None:
    ids = seed_failed_deliveries(world.url, world.platforms["south"], 3)

    first = api.get(API, params={"size": 2}).json()
    second = api.get(API, params={"size": 2, "cursor": first["next_cursor"]}).json()

    listed = [d["id"] for d in first["items"] + second["items"]]
    assert listed == sorted(ids, reverse=True) and second["next_cursor"] is None
    row = first["items"][0]
    assert (row["event"], row["module"], row["handler"]) == ("probe.pinged", "listener", "flaky")
    assert row["last_error"] == "RuntimeError: the mail server refused"
    assert row["platform_id"] == world.platforms["south"] and row["attempts"] == 0
    r = api.post(f"{API}/{ids[0]}/retry", json={"reset_attempts": False})
    assert r.status_code == 204
    assert api.post(f"{API}/{ids[0]}/retry", json={}).status_code == 404  # not failed now
    assert api.post(f"{API}/999999/retry", json={}).status_code == 404
    assert _statuses(world)[ids[0]] == ("pending", 7)  # one attempt more of eight
    assert [d["id"] for d in api.get(API).json()["items"]] == sorted(ids[1:], reverse=True)


def test_only_a_super_admin_acting_for_every_platform_may_see_or_retry(
    api: Client, api_as: Any, app: MercatoApp, world: World
) -> None:
    (delivery,) = seed_failed_deliveries(world.url, world.platforms["north"], 1)
    ops = _platform_admin(world)
    scoped = api_as("admin@north")  # the super admin's token scoped to north
    vendor = api_as("acme")

    for c in (scoped, vendor):
        assert c.get(API).status_code == 403
        assert c.post(f"{API}/{delivery}/retry", json={}).status_code == 403
    assert "events" in _menu_ids(api) and "events" not in _menu_ids(scoped)
    with TestClient(app, base_url="http://north.test") as browser:
        assert sign_in(browser, ops).status_code == 200
        page = browser.get("/admin/events", headers=HTML)
        assert page.status_code == 403
        home = browser.get("/admin/", headers=HTML)
        csrf = csrf_from(home.text)
        assert 'href="/admin/events"' not in home.text
        r = browser.post(
            f"/admin/events/{delivery}/retry",
            data={"_csrf_token": csrf, "confirm": "yes"},
            headers=HTML,
        )
        assert r.status_code == 403
    assert _statuses(world)[delivery] == ("failed", 0)


def test_the_page_lists_failures_and_retries_one_then_all_after_confirmation(
    admin_client: Client, world: World
) -> None:
    ids = seed_failed_deliveries(world.url, world.platforms["north"], 3)

    page = admin_client.get("/admin/events", headers=HTML)
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert 'href="/admin/events"' in page.text  # in the super admin's menu
    for i in ids:
        assert f'data-delivery="{i}"' in page.text
    assert "RuntimeError: the mail server refused" in page.text and "listener.flaky" in page.text
    csrf = csrf_from(page.text)

    asked = admin_client.post(
        f"/admin/events/{ids[0]}/retry", data={"_csrf_token": csrf}, headers=HTML
    )
    assert asked.status_code == 200 and "data-confirm" in asked.text
    assert _statuses(world)[ids[0]] == ("failed", 0)  # nothing done before confirmation
    done = admin_client.post(
        f"/admin/events/{ids[0]}/retry",
        data={"_csrf_token": csrf, "confirm": "yes"},
        headers=HTML,
    )
    assert done.status_code == 200 and f"Delivery {ids[0]} is due again" in done.text
    assert f'data-delivery="{ids[0]}"' not in done.text
    assert _statuses(world)[ids[0]] == ("pending", 0)

    asked = admin_client.post("/admin/events/retry", data={"_csrf_token": csrf}, headers=HTML)
    assert "Retry every failed delivery" in asked.text
    done = admin_client.post(
        "/admin/events/retry", data={"_csrf_token": csrf, "confirm": "yes"}, headers=HTML
    )
    assert "2 failed deliveries are due again" in done.text and "No failed delivery." in done.text
    assert {s for s, _ in _statuses(world).values()} == {"pending"}
    without = admin_client.post(f"/admin/events/{ids[1]}/retry", data={"confirm": "yes"})
    assert without.status_code == 403  # no CSRF token


def test_the_page_is_paginated_by_keyset(admin_client: Client, world: World) -> None:
    ids = seed_failed_deliveries(world.url, world.platforms["north"], 51)

    first = admin_client.get("/admin/events", headers=HTML).text
    assert f'data-delivery="{ids[-1]}"' in first and f'data-delivery="{ids[0]}"' not in first
    assert f"cursor={ids[1]}" in first
    older = admin_client.get("/admin/events", params={"cursor": ids[1]}, headers=HTML).text
    assert f'data-delivery="{ids[0]}"' in older and 'rel="next"' not in older
