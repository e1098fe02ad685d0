"""A request is one unit of work: it checks out one database connection (ADR 0016).

Counted with a pool ``checkout`` listener on the app's own engine; a checkout is the
request's when it happens inside a unit of work (the scheduler's ticks and in-process tasks
run in units of their own, and there is at most one request in flight here).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlalchemy import event

from mercato.adapters.db.scope import active_unit
from mercato.bootstrap.app import MercatoApp, create_app
from tests.support.app import container_with
from tests.support.flaky.definition import MODULE as FLAKY
from tests.support.probe.definition import MODULE as PROBE
from tests.support.world import World, sign_in

pytestmark = pytest.mark.e2e
Client = TestClient[MercatoApp]


class Checkouts:
    """The pool checkouts made inside units of work, by unit."""

    def __init__(self, app: MercatoApp) -> None:
        self.units: list[int] = []
        self.outside = 0
        # Units seen stay referenced, so a freed unit's id() is never reused for a later one.
        self._seen_units: list[object] = []
        self._pool = app.state["container"].engine().sync_engine.pool
        event.listen(self._pool, "checkout", self._seen)

    def _seen(self, *_: Any) -> None:
        unit = active_unit()
        if unit is None:
            self.outside += 1
        else:
            self._seen_units.append(unit)
            self.units.append(id(unit))

    def during(self, request: Callable[[], Any]) -> list[int]:
        """The checkouts made by units of work while ``request()`` ran."""
        self.units.clear()
        request()
        return list(self.units)

    def close(self) -> None:
        event.remove(self._pool, "checkout", self._seen)


def _enable_flaky(client: Client, world: World) -> None:
    token = {"Authorization": f"Bearer {world.tokens['admin@*']}"}
    r = client.post("/api/v1/admin/modules/flaky/enable", headers=token)
    assert r.status_code == 200, r.text


def _app(world: World, **settings: object) -> MercatoApp:
    container = container_with(world.url, (PROBE, FLAKY), provider_timeout=0.2, **settings)
    return create_app(container=container)


@pytest.fixture
def counted(world: World) -> Iterator[tuple[Client, Checkouts]]:
    """The world's app (probe and the misbehaving flaky module), its checkouts counted."""
    app = _app(world)
    with TestClient(app, base_url="http://north.test") as c:
        _enable_flaky(c, world)
        checkouts = Checkouts(app)
        yield c, checkouts
        checkouts.close()


def test_the_dashboard_json_request_checks_out_one_connection(
    counted: tuple[Client, Checkouts], world: World
) -> None:
    client, checkouts = counted
    client.headers["Authorization"] = f"Bearer {world.tokens['admin@*']}"
    client.get("/api/v1/admin/dashboard")  # warm: modules mounted, providers built

    answers: list[Any] = []
    units = checkouts.during(lambda: answers.append(client.get("/api/v1/admin/dashboard")))

    body = answers[0].json()
    assert answers[0].status_code == 200
    slots = {s["module"]: s["status"] for s in body["metrics"]}
    assert slots["probe"] == "ok"
    assert slots["flaky"] == "unavailable"  # flaky raises; its widgets hang past the deadline
    assert len(units) == 1  # tenancy, probe and flaky's failures: all on the one connection


def test_a_signed_in_admin_page_checks_out_one_connection(
    counted: tuple[Client, Checkouts], world: World
) -> None:
    client, checkouts = counted
    assert sign_in(client, world.email("admin")).status_code == 200
    client.get("/admin/")

    answers: list[Any] = []
    units = checkouts.during(
        lambda: answers.append(client.get("/admin/", headers={"accept": "text/html"}))
    )

    assert answers[0].status_code == 200
    assert "unavailable: flaky" in answers[0].text
    # The web session read and written, CSRF, the menu, context providers and the dashboard.
    assert len(units) == 1


def test_with_pooled_providers_each_provider_has_its_own_connection(world: World) -> None:
    app = _app(world, provider_connections=4)
    with TestClient(app, base_url="http://north.test") as client:
        _enable_flaky(client, world)
        checkouts = Checkouts(app)
        client.headers["Authorization"] = f"Bearer {world.tokens['admin@*']}"
        client.get("/api/v1/admin/dashboard")
        answers: list[Any] = []
        units = checkouts.during(lambda: answers.append(client.get("/api/v1/admin/dashboard")))
        checkouts.close()
    body = answers[0].json()
    assert {s["module"]: s["status"] for s in body["metrics"]}["probe"] == "ok"
    assert len(set(units)) == len(units) > 1  # the request's unit, then one per provider
