"""Web-layer protections shared by every page: path prefixes, notices, headers, CSRF."""

from __future__ import annotations

import re

import pytest
from litestar.testing import TestClient

from mercato.adapters.web.csrf import path_under
from mercato.bootstrap.app import MercatoApp
from tests.support.world import World, csrf_from, sign_in

pytestmark = pytest.mark.e2e

Client = TestClient[MercatoApp]
HTML = {"accept": "text/html"}


def _vendor(api: Client, slug: str) -> None:
    company = api.post("/api/v1/admin/companies", json={"name": f"{slug} Ltd"}).json()
    made = api.post(
        "/api/v1/admin/vendors",
        json={"slug": slug, "name": slug.title(), "company_id": company["id"], "platforms": []},
    )
    assert made.status_code == 201, made.text
    attached = api.post(f"/api/v1/admin/vendors/{slug}/attach", json={"platform": "north"})
    assert attached.status_code in (200, 201), attached.text


# -- 13: skip-lists match path prefixes, not substrings ----------------------------------------


@pytest.mark.parametrize(
    ("path", "under"),
    [
        ("/health", True),
        ("/health/ready", True),
        ("/healthz", False),
        ("/vendor/health-hub/", False),
        ("/api/v1/admin/vendors", True),
        ("/vendor/api/", False),
        ("/static/mercato.css", True),
        ("/admin/vendors/static-shop", False),
        ("/schema/openapi.json", True),
        ("/vendor/schema-works/team", False),
    ],
)
def test_skip_lists_match_whole_leading_segments(path: str, under: bool) -> None:
    assert path_under(path, ("/api/", "/health", "/static", "/schema")) is under


def test_a_vendor_named_like_an_exempt_path_keeps_its_session_and_csrf(
    admin_client: Client, api: Client
) -> None:
    _vendor(api, "health-hub")
    page = admin_client.get("/admin/vendors/health-hub", headers=HTML)
    assert page.status_code == 200, page.text
    # The session reaches pages under /vendor/health-hub/: no bounce to the sign-in form.
    vendor_page = admin_client.get("/vendor/health-hub/", headers=HTML, follow_redirects=False)
    assert not vendor_page.headers.get("location", "").startswith("/auth/login")
    # CSRF is enforced there too: a form posted without its token is refused.
    forged = admin_client.post(
        "/vendor/health-hub/domains", data={"domain": "x.example"}, headers=HTML
    )
    assert forged.status_code == 403


# -- 14: notices come from the session, not from the URL -------------------------------------


def test_a_notice_in_the_query_string_is_not_shown(admin_client: Client) -> None:
    html = admin_client.get(
        "/admin/vendors?notice=Your+account+is+suspended%2C+call+555", headers=HTML
    ).text
    assert "call 555" not in html


def test_a_notice_left_by_an_action_is_shown_once(admin_client: Client) -> None:
    page = admin_client.get("/admin/platforms/new", headers=HTML).text
    done = admin_client.post(
        "/admin/platforms",
        data={"code": "east", "name": "East Side", "domains": "", "_csrf_token": csrf_from(page)},
        headers=HTML,
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert "notice" not in done.headers["location"]
    assert "Created East Side." in admin_client.get(done.headers["location"], headers=HTML).text
    again = admin_client.get(done.headers["location"], headers=HTML).text
    assert "Created East Side." not in again


# -- 16: headers and session-bound CSRF tokens -----------------------------------------------


def test_pages_carry_security_headers_and_a_restrictive_policy(client: Client) -> None:
    page = client.get("/auth/login", headers=HTML)
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "same-origin"
    policy = page.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_api_answers_carry_the_headers_without_a_page_policy(api: Client) -> None:
    r = api.get("/api/v1/admin/platforms")
    assert r.status_code == 200
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert "content-security-policy" not in r.headers


def test_pages_use_no_inline_script_or_style(admin_client: Client) -> None:
    for path in ("/admin/", "/admin/vendors", "/admin/platforms", "/admin/modules"):
        html = admin_client.get(path, headers=HTML).text
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), path
        assert " style=" not in html and "<style" not in html, path


def test_a_csrf_token_works_only_in_the_session_it_was_rendered_for(
    app: MercatoApp, world: World
) -> None:
    with (
        TestClient(app, base_url="http://north.test") as victim,
        TestClient(app, base_url="http://north.test") as attacker,
    ):
        assert sign_in(victim, world.email("admin")).status_code == 200
        assert sign_in(attacker, world.email("acme-owner")).status_code == 200
        attacker_token = csrf_from(attacker.get("/vendor/acme/team", headers=HTML).text)
        victim_token = csrf_from(victim.get("/admin/platforms/new", headers=HTML).text)
        assert attacker_token != victim_token
        # Even with the attacker's own CSRF cookie planted in the victim's browser.
        victim.cookies.set("mercato_csrf", attacker.cookies.get("mercato_csrf") or "0" * 64)
        forged = victim.post(
            "/admin/platforms",
            data={"code": "evil", "name": "Evil", "_csrf_token": attacker_token},
            headers=HTML,
            follow_redirects=False,
        )
        assert forged.status_code == 403
        assert victim.get("/admin/platforms/evil", headers=HTML).status_code == 404
        own = victim.post(
            "/admin/platforms",
            data={"code": "west", "name": "West", "_csrf_token": victim_token},
            headers=HTML,
            follow_redirects=False,
        )
        assert own.status_code == 303


def test_a_visitor_token_stops_working_once_signed_in(client: Client, world: World) -> None:
    anonymous_token = csrf_from(client.get("/auth/login", headers=HTML).text)
    assert sign_in(client, world.email("admin")).status_code == 200
    r = client.post(
        "/auth/logout", data={"_csrf_token": anonymous_token}, headers=HTML, follow_redirects=False
    )
    assert r.status_code == 403
