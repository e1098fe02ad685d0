"""The end-to-end flow of the example third-party module, run in a subprocess.

``test_third_party_module`` runs this file with ``PYTHONPATH`` pointing at a folder where
``examples/mercato-announcements`` was installed, so that the module is found the way a
user's would be: through the ``mercato.modules`` entry point. It prints one JSON document
(the last line of stdout) that the test asserts on.

Usage: ``python announcements_flow.py <database file>``.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
import re
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from litestar.testing import TestClient

from mercato.adapters.db.migrations import upgrade
from mercato.adapters.worker.queues import InProcessTaskQueue
from mercato.bootstrap.app import create_app
from mercato.bootstrap.container import ApplicationContainer, create_container
from mercato.bootstrap.migrations import migration_folders
from mercato.bootstrap.settings import Settings
from mercato.domain.core.scheduling import due_tasks
from mercato.domain.kernel.registry import ModuleRegistry

ACME = "acme.test"
BETA = "beta.test"
API = "/api/v1/admin/announcements"


def _discovery() -> tuple[ModuleRegistry, dict[str, Any]]:
    registry = ModuleRegistry.discover()
    d = registry.get("announcements")
    package = importlib.import_module("mercato_announcements")
    return registry, {
        "codes": list(registry.order),
        "kind": d.kind.value,
        "requires": list(d.requires),
        "permissions": sorted(d.permission_codes()),
        "package_file": str(Path(package.__file__ or "").resolve()),
        "due_at_full_hour": [
            t.task_name
            for t in due_tasks(registry, {"announcements"}, datetime(2030, 1, 1, 7, tzinfo=UTC))
        ],
        "due_at_quarter_past": [
            t.task_name
            for t in due_tasks(registry, {"announcements"}, datetime(2030, 1, 1, 7, 15, tzinfo=UTC))
        ],
    }


def _migrate(registry: ModuleRegistry, url: str) -> list[str]:
    """What ``mercato db upgrade`` does: every installed module's version folder."""
    folders = [folder for _, folder in migration_folders(registry)]
    upgrade(url, folders)
    return [str(f) for f in folders]


PASSWORD = "announcements-flow-password"
ADMIN = "ops@example.com"
TOKENS: dict[str, str] = {}


async def _platforms(container: ApplicationContainer) -> dict[str, int]:
    tenancy = container.components().container("tenancy")
    acme = await tenancy.platforms().create("acme", "Acme Market", [ACME])
    beta = await tenancy.platforms().create("beta", "Beta Market", [BETA])
    admin = await tenancy.identity().create_user(ADMIN, PASSWORD)
    await tenancy.identity().grant_admin(admin.id, None)
    for host, platform in ((ACME, acme), (BETA, beta)):
        _, TOKENS[host] = await tenancy.tokens().issue(admin.id, "flow", platform_id=platform.id)
    # Connections opened on this loop must not be reused by the app's loop.
    await container.engine().dispose()
    return {"acme": acme.id, "beta": beta.id}


def _as(host: str) -> dict[str, str]:
    """Headers of an API call to ``host`` with the administrator's token of that platform."""
    return {"host": host, "Authorization": f"Bearer {TOKENS[host]}"}


def _sign_in(client: TestClient[Any], host: str) -> None:
    page = client.get("/auth/login", headers={"host": host, "accept": "text/html"}).text
    token = re.search(r'name="_csrf_token" value="([^"]+)"', page)
    assert token is not None
    client.post(
        "/auth/login",
        data={"email": ADMIN, "password": PASSWORD, "_csrf_token": token.group(1)},
        headers={"host": host, "accept": "text/html"},
    )


def _menu_ids(client: TestClient[Any], host: str) -> list[str]:
    menu = client.get("/api/v1/admin/menu", headers=_as(host)).json()
    return [item["id"] for section in menu["sections"] for item in section["items"]]


def _dashboard(client: TestClient[Any], host: str) -> dict[str, Any]:
    board: dict[str, Any] = client.get("/api/v1/admin/dashboard", headers=_as(host)).json()
    return {
        "metrics": {s["module"]: s for s in board["metrics"]},
        "widgets": {s["module"]: s for s in board["widgets"]},
        "unavailable": board["unavailable"],
    }


def _web(container: ApplicationContainer, ids: dict[str, int]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with TestClient(create_app(container=container)) as client:
        before = client.get(API, headers=_as(ACME))
        out["before"] = {
            "status": before.status_code,
            "menu": _menu_ids(client, ACME),
            "dashboard_modules": sorted(_dashboard(client, ACME)["metrics"]),
        }
        enabled = client.blocking_portal.call(
            container.enablement().enable, ids["acme"], "announcements"
        )
        out["enable_message"] = enabled.message
        posted = client.post(
            API,
            json={
                "title": "Maintenance",
                "body": "Sunday 02:00 UTC",
                "expires_at": "2099-01-01T00:00:00Z",
            },
            headers=_as(ACME),
        )
        out["post"] = {"status": posted.status_code, "body": posted.json()}
        bad = client.post(API, json={"title": ""}, headers=_as(ACME))
        past = client.post(
            API, json={"title": "Old", "expires_at": "2001-01-01T00:00:00Z"}, headers=_as(ACME)
        )
        out["invalid"] = [
            {"status": r.status_code, "detail": r.json()["detail"]} for r in (bad, past)
        ]
        listed = client.get(API, headers=_as(ACME))
        out["list"] = {"status": listed.status_code, "body": listed.json()}
        out["dashboard"] = _dashboard(client, ACME)
        out["menu"] = _menu_ids(client, ACME)
        _sign_in(client, ACME)
        page = client.get("/admin/announcements", headers={"host": ACME, "accept": "text/html"})
        out["page"] = {"status": page.status_code, "has_title": "Maintenance" in page.text}
        out["form"] = _post_form(client, page.text)
        other = client.get(API, headers=_as(BETA))
        out["other_platform"] = {"status": other.status_code, "menu": _menu_ids(client, BETA)}
        expired = client.blocking_portal.call(_run_expire, container)
        out["expire_task"] = expired
    return out


def _post_form(client: TestClient[Any], page: str) -> dict[str, Any]:
    """Post the page's form (its CSRF field comes from the forms.html macro), then without."""
    token = re.search(r'name="_csrf_token" value="([^"]+)"', page)
    html = {"host": ACME, "accept": "text/html"}
    form = {"title": "From the form", "body": "typed in a browser"}
    forged = client.post("/admin/announcements", data=form, headers=html)
    posted = client.post(
        "/admin/announcements",
        data={**form, "_csrf_token": token.group(1) if token else ""},
        headers=html,
        follow_redirects=False,
    )
    after = client.get("/admin/announcements", headers=html).text
    return {
        "has_csrf_field": token is not None,
        "without_csrf": forged.status_code,
        "status": posted.status_code,
        "listed": "From the form" in after,
        "notice": "Announcement posted." in after,
    }


async def _run_expire(container: ApplicationContainer) -> Any:
    queue = container.task_queue()
    assert isinstance(queue, InProcessTaskQueue), "no MERCATO_REDIS_URL: tasks run in-process"
    job = await queue.enqueue("announcements.expire")
    assert job is not None
    await queue.drain()
    result = queue.results[job]
    return result if isinstance(result, dict) else repr(result)


def main(database: str) -> None:
    logging.disable(logging.CRITICAL)
    url = f"sqlite:///{database}"
    registry, out = _discovery()
    out["migration_folders"] = _migrate(registry, url)
    container = create_container(
        Settings(
            database_url=url,
            secret_key="announcements-flow-secret-key-0123456789abcdef",
            argon2_time_cost=1,
            argon2_memory_kib=1024,
        )
    )
    ids = asyncio.run(_platforms(container))
    out.update(_web(container, ids))
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
