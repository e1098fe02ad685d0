"""Enablement changed in one process is seen by the next request of another, without restart."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.support.processes import install_entry_point, mercato, mercato_env, serving

pytestmark = pytest.mark.e2e
HOST = {"host": "north.test"}


def _menu_ids(base: str, auth: dict[str, str]) -> list[str]:
    body = httpx.get(f"{base}/api/v1/admin/menu?frontend=admin", headers=auth, timeout=10).json()
    return [i["id"] for s in body["sections"] for i in s["items"]]


def _schema_paths(base: str) -> list[str]:
    return list(httpx.get(f"{base}/schema/openapi.json", timeout=10).json()["paths"])


def test_two_web_processes_and_the_cli_see_each_others_enablement(
    database_url: str, tmp_path: Path
) -> None:
    site = install_entry_point(
        tmp_path / "site", "mercato_probe", "probe", "tests.support.probe.definition:MODULE"
    )
    env = mercato_env(database_url, site)
    mercato(env, "db", "upgrade")
    mercato(env, "platforms", "create", "north", "--name", "North", "--domain", "north.test")
    listed = mercato(env, "modules", "list", "--platform", "north", "--json").stdout
    assert '"code": "probe"' in listed
    mercato(env, "users", "create-admin", "ops@example.com", "--generate")
    token = mercato(env, "tokens", "create", "ops@example.com", "--platform", "north").stdout
    auth = {**HOST, "Authorization": f"Bearer {token.strip()}"}

    with serving(env, tmp_path / "a.log") as a, serving(env, tmp_path / "b.log") as b:
        assert httpx.get(f"{b}/api/v1/probe/ping", headers=auth, timeout=10).status_code == 404
        assert "probe" not in _menu_ids(b, auth)
        assert "/api/v1/probe/ping" not in _schema_paths(b)

        r = httpx.post(f"{a}/api/v1/admin/modules/probe/enable", headers=auth, timeout=10)
        assert r.status_code == 200, r.text

        assert httpx.get(f"{b}/api/v1/probe/ping", headers=auth, timeout=10).json() == {
            "probe": "pong"
        }
        assert "probe" in _menu_ids(b, auth)
        assert "/api/v1/probe/ping" in _schema_paths(b)

        out = mercato(env, "modules", "disable", "probe", "--platform", "north").stdout
        assert "disabled 'probe'" in out
        assert httpx.get(f"{a}/api/v1/probe/ping", headers=auth, timeout=10).status_code == 404
        assert httpx.get(f"{b}/api/v1/probe/ping", headers=auth, timeout=10).status_code == 404
        assert "probe" not in _menu_ids(a, auth)
