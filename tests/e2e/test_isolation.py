"""A module whose providers raise, hang and return garbage never takes a page down."""

from __future__ import annotations

import re

import pytest
from litestar.testing import TestClient

from mercato.bootstrap.app import MercatoApp
from tests.support.app import mount_enabled
from tests.support.world import World, optional_builtins

pytestmark = pytest.mark.e2e


@pytest.fixture
def flaky_client(admin_client: TestClient[MercatoApp], world: World) -> TestClient[MercatoApp]:
    """A signed-in admin browser, after enabling flaky on north."""
    token = {"Authorization": f"Bearer {world.tokens['admin@*']}"}  # every page is for it
    r = admin_client.post("/api/v1/admin/modules/flaky/enable", headers=token)
    assert r.status_code == 200
    admin_client.headers.update(token)  # the API takes tokens; the pages the session
    return admin_client


def test_dashboard_json_marks_the_flaky_module_unavailable_and_keeps_the_rest(
    flaky_client: TestClient[MercatoApp],
) -> None:
    body = flaky_client.get("/api/v1/admin/dashboard", headers={"host": "north.test"}).json()
    metrics = {s["module"]: s["status"] for s in body["metrics"]}
    widgets = {s["module"]: s for s in body["widgets"]}
    optional = {m: "ok" for m in optional_builtins()}
    assert metrics == {
        "tenancy": "ok",
        "customers": "ok",
        "probe": "ok",
        "flaky": "unavailable",
        **optional,
    }
    assert widgets["flaky"]["status"] == "unavailable"
    assert widgets["flaky"]["error"].startswith("timed out")
    assert len(widgets["probe"]["widgets"]) == 3
    assert body["unavailable"] == ["flaky"]


_FILL = {"vendor": "acme", "slug": "acme", "code": "north", "frontend": "admin"}


def _pages(client: TestClient[MercatoApp]) -> list[str]:
    """Every HTML page of the app whose path parameters we can fill in."""
    mount_enabled(client)
    app = client.app
    paths = set()
    for route in app.routes:
        path = route.path
        if path.startswith(("/api/", "/schema", "/static", "/health", "/auth")) or path == "/":
            continue
        if "GET" not in route.methods:  # type: ignore[attr-defined]
            continue
        if path == "/admin/mailbox":  # development mode only (tests/e2e/test_mail_and_links.py)
            continue
        if path.endswith("/export"):  # a download (CSV), not a page
            continue
        names = re.findall(r"{(\w+)(?::\w+)?}", path)
        if any(n not in _FILL for n in names):
            continue
        paths.add(re.sub(r"{(\w+)(?::\w+)?}", lambda m: _FILL[m.group(1)], path))
    return sorted(paths)


def test_every_page_of_every_frontend_answers_200_with_the_flaky_slots_marked(
    flaky_client: TestClient[MercatoApp],
) -> None:
    pages = _pages(flaky_client)
    assert {"/admin", "/vendor/acme", "/vendor/acme/team", "/admin/vendors/acme"} <= set(pages)
    for path in pages:
        r = flaky_client.get(path, headers={"host": "north.test", "accept": "text/html"})
        assert r.status_code == 200, path
        assert "unavailable: flaky" in r.text, path


def test_the_listed_pages_answer_200_with_the_flaky_slots_marked(
    flaky_client: TestClient[MercatoApp],
) -> None:
    for path in ("/admin/", "/admin/modules", "/admin/platforms"):
        r = flaky_client.get(path, headers={"host": "north.test", "accept": "text/html"})
        assert r.status_code == 200, path
        assert "unavailable: flaky" in r.text, path
    html = flaky_client.get("/admin/", headers={"host": "north.test", "accept": "text/html"}).text
    assert 'data-module="flaky" data-status="unavailable"' in html
    assert 'data-widget="probe_list"' in html
