"""Every registered route declares a permission or is explicitly public."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient

from mercato.bootstrap.app import MercatoApp
from tests.support.app import mount_enabled

pytestmark = pytest.mark.e2e


def test_every_route_declares_a_permission_or_is_public(client: TestClient[MercatoApp]) -> None:
    mount_enabled(client)
    app = client.app
    registry = app.state["registry"]
    unguarded = []
    for route in app.routes:
        for handler in route.route_handlers:  # type: ignore[union-attr]
            if handler.http_methods == {"OPTIONS"} and handler.handler_name == "options_handler":
                continue  # Litestar's automatic preflight; the global guard still fails it closed
            opt = handler.opt
            permission = opt.get("permission")
            if opt.get("public"):
                continue
            if not isinstance(permission, str) or registry.owner_of_permission(permission) is None:
                unguarded.append(f"{route.path} -> {handler.handler_name}: {permission!r}")
    assert unguarded == []
    assert len(app.routes) >= 10


def test_a_route_without_a_declaration_is_refused() -> None:
    from litestar import get

    from mercato.adapters.web.guards import permission_guard

    @get("/undeclared", guards=[permission_guard])
    async def undeclared() -> str:
        return "should not be served"

    from litestar import Litestar

    with TestClient(Litestar([undeclared])) as c:
        r = c.get("/undeclared")
    assert r.status_code == 403
