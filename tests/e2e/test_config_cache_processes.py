"""Configuration kept in memory by one web process is dropped when another changes it.

Two ``mercato serve`` processes on one database. Process ``b`` first serves each answer
(so it holds it in memory), process ``a`` (or the CLI) then changes what the answer depends
on, and the very next request to ``b`` answers from the change: the version row that every
request reads with its first statement moved (ADR 0017).
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.support.processes import mercato, mercato_env, serving
from tests.support.world import build_world

pytestmark = pytest.mark.e2e


def _get(base: str, path: str, host: str, token: str) -> httpx.Response:
    headers = {"host": host, "Authorization": f"Bearer {token}"}
    return httpx.get(f"{base}{path}", headers=headers, timeout=10)


def _send(base: str, method: str, path: str, token: str, body: object) -> None:
    headers = {"host": "north.test", "Authorization": f"Bearer {token}"}
    r = httpx.request(method, f"{base}{path}", headers=headers, json=body, timeout=10)
    assert r.status_code == 200, r.text


def _menu_ids(base: str, token: str) -> list[str]:
    body = _get(base, "/api/v1/admin/menu?frontend=admin", "north.test", token).json()
    return [i["id"] for s in body["sections"] for i in s["items"]]


def test_a_change_made_by_one_process_is_served_by_the_other_on_its_next_request(
    migrated_url: str, tmp_path: Path
) -> None:
    world = build_world(migrated_url, enable={})
    admin, globex = world.tokens["admin@*"], world.tokens["globex"]
    env = mercato_env(migrated_url)
    with serving(env, tmp_path / "a.log") as a, serving(env, tmp_path / "b.log") as b:
        # A platform domain: b knows no platform on north2.test, then serves north there.
        assert _get(b, "/api/v1/admin/vendors", "north2.test", admin).status_code == 404
        _send(
            a,
            "PATCH",
            "/api/v1/admin/platforms/north",
            admin,
            {"domains": ["north.test", "north2.test"]},
        )
        assert _get(b, "/api/v1/admin/vendors", "north2.test", admin).status_code == 200

        # A vendor's standing: its token works on b until a suspends the vendor.
        assert _get(b, "/api/v1/vendors/globex/members", "north.test", globex).status_code == 200
        assert _get(b, "/api/v1/storefront", "globex.north.test", admin).status_code == 200
        _send(
            a,
            "POST",
            "/api/v1/admin/vendors/globex/status",
            admin,
            {"platform": "north", "status": "suspended"},
        )
        assert _get(b, "/api/v1/vendors/globex/members", "north.test", globex).status_code == 403
        assert _get(b, "/api/v1/storefront", "globex.north.test", admin).status_code == 404

        # The menu configuration: an item hidden through a leaves b's menu.
        items = _get(b, "/api/v1/admin/menus/admin", "north.test", admin).json()
        hideable = next(i["id"] for i in items if not i["mandatory"] and not i["hidden"])
        assert hideable in _menu_ids(b, admin)
        _send(a, "PUT", f"/api/v1/admin/menus/admin/{hideable}", admin, {"hidden": True})
        assert hideable not in _menu_ids(b, admin)

        # A platform created by the CLI (a third process) is served by both at once.
        assert _get(b, "/api/v1/admin/vendors", "east.test", admin).status_code == 404
        mercato(env, "platforms", "create", "east", "--name", "East", "--domain", "east.test")
        assert _get(b, "/api/v1/admin/vendors", "east.test", admin).status_code == 200
        assert _get(a, "/api/v1/admin/vendors", "east.test", admin).status_code == 200
