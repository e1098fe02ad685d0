"""Run inside a copy of the source tree: boot the app, render every dashboard and menu.

Usage: ``python -m tests.support.removal_probe <database file>``, with ``PYTHONPATH`` on the
copy's ``src`` and root. Prints one JSON document: the installed modules and, per page, its
status code.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from pathlib import Path
from typing import Any

from litestar.testing import TestClient

from mercato.bootstrap.app import create_app
from mercato.bootstrap.container import create_container
from mercato.bootstrap.migrations import upgrade_all
from mercato.bootstrap.settings import Settings
from tests.support.app import mount_enabled
from tests.support.world import build_world, csrf_from

PASSWORD_FIELD = "correct horse battery"


def _pages(client: Any) -> list[str]:
    mount_enabled(client)
    app = client.app
    fill = {"vendor": "acme", "slug": "acme", "code": "north", "frontend": "admin"}
    found = set()
    for route in app.routes:
        path = route.path
        dashboards = ("/admin", "/vendor/", "/api/v1/admin/", "/api/v1/vendors/")
        if not path.startswith(dashboards) or "GET" not in route.methods:
            continue
        names = re.findall(r"{(\w+)(?::\w+)?}", path)
        if any(n not in fill for n in names):
            continue
        found.add(re.sub(r"{(\w+)(?::\w+)?}", lambda m: fill[m.group(1)], path))
    return sorted(found)


def main(database: str) -> None:
    logging.disable(logging.CRITICAL)
    url = f"sqlite:///{database}"
    settings = Settings(
        database_url=url,
        discover_entry_points=False,
        secret_key="removal-probe-secret-key-0123456789abcdefgh",
        argon2_time_cost=1,
        argon2_memory_kib=1024,
        development=True,  # every page, the development mailbox included, must answer
        mailbox_dir=str(Path(database).parent / "mailbox"),
    )
    upgrade_all(settings)
    world = build_world(url, enable={})
    container = create_container(settings)
    installed = [d.code for d in container.registry()]
    statuses: dict[str, int] = {}
    with TestClient(create_app(container=container), base_url="http://north.test") as client:
        login = client.get("/auth/login", headers={"accept": "text/html"})
        client.post(
            "/auth/login",
            data={
                "email": world.email("admin"),
                "password": PASSWORD_FIELD,
                "_csrf_token": csrf_from(login.text),
            },
        )
        token = {"Authorization": f"Bearer {world.tokens['admin@north']}"}
        for code in installed:  # every installed module enabled: everything renders
            client.post(f"/api/v1/admin/modules/{code}/enable", headers=token)
        # the API walk with a token for every platform: pages of the whole installation
        # (super admins only) answer it, as the signed-in super admin's pages do
        everywhere = {"Authorization": f"Bearer {world.tokens['admin@*']}"}
        for path in _pages(client):
            headers = everywhere if path.startswith("/api/") else {"accept": "text/html"}
            statuses[path] = client.get(path, headers=headers).status_code
        modules = client.get("/api/v1/admin/modules", headers=token).json()
    broken = {m["code"]: m["reason"] for m in modules if m.get("broken")}
    print(json.dumps({"installed": installed, "pages": statuses, "broken": broken}))


if __name__ == "__main__":
    main(sys.argv[1])
