"""Dashboards show only what the signed-in user may see, in their scope."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from litestar.testing import TestClient

from mercato.bootstrap.app import MercatoApp
from tests.support.world import World, issue_token, optional_builtins, sign_in

pytestmark = pytest.mark.e2e
Client = TestClient[MercatoApp]


def _modules(body: dict[str, object]) -> set[str]:
    return {s["module"] for s in body["metrics"]}  # type: ignore[index,union-attr]


def test_a_vendor_dashboard_counts_only_that_vendor(api_as: Callable[..., Client]) -> None:
    body = api_as("acme").get("/api/v1/vendors/acme/dashboard").json()
    assert body["vendor_id"] is not None
    tenancy = next(s for s in body["metrics"] if s["module"] == "tenancy")
    values = {m["key"]: m["value"] for m in tenancy["metrics"]}
    assert values == {
        "tenancy.team_members": 2,  # acme's owner and staff; globex's owner is not counted
        "tenancy.domains.verified": 0,
        "tenancy.domains.pending": 0,
    }
    tenancy_widgets = [s["widgets"] for s in body["widgets"] if s["module"] == "tenancy"]
    assert tenancy_widgets == [[]]  # recent_vendors is a platform widget


def test_a_staff_member_sees_no_slot_of_a_module_they_hold_no_permission_of(
    api_as: Callable[..., Client], world: World
) -> None:
    owner = api_as("acme").get("/api/v1/vendors/acme/dashboard").json()
    assert _modules(owner) == {"tenancy", "customers", "probe", *optional_builtins()}
    staff = api_as("acme").get(
        "/api/v1/vendors/acme/dashboard",
        headers={"Authorization": f"Bearer {issue_token(world, 'acme-staff', 'acme')}"},
    )
    assert staff.status_code == 200
    # probe.view is the owner's alone; the optional modules show what staff may see
    assert "probe" not in _modules(staff.json()) and "tenancy" in _modules(staff.json())


def test_a_vendor_token_cannot_read_the_admin_dashboard(api_as: Callable[..., Client]) -> None:
    r = api_as("acme").get("/api/v1/admin/dashboard")
    assert r.status_code == 403


def test_the_vendor_dashboard_page_renders_in_the_vendor_frontend(
    client: Client, world: World
) -> None:
    sign_in(client, world.email("acme-owner"))
    page = client.get("/vendor/acme/", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert 'data-vendor="acme"' in page.text
    assert 'data-menu-item="team"' in page.text
    assert 'data-metric="tenancy.team_members"' in page.text
    other = client.get("/vendor/globex/", headers={"accept": "text/html"})
    assert other.status_code == 403


def test_a_stranger_is_sent_to_sign_in_and_back(client: Client, world: World) -> None:
    r = client.get("/vendor/acme/team", headers={"accept": "text/html"}, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/auth/login?next=%2Fvendor%2Facme%2Fteam"
    done = sign_in(client, world.email("acme-owner"), next_="/vendor/acme/team")
    assert done.status_code == 200
    assert str(done.url).endswith("/vendor/acme/team")
    assert client.get("/api/v1/admin/dashboard").status_code == 401


def _assert_charts(html: str) -> None:
    for key in ("probe_breakdown", "probe_series"):
        start = html.index(f'data-widget="{key}"')
        widget = html[start : html.index("</article>", start)]
        assert '<svg viewBox="0 0 320 ' in widget and 'role="img"' in widget
        assert "aria-labelledby=" in widget and "<desc id=" in widget
        assert "<table" in widget and "Show the numbers" in widget
    assert '<tr><th scope="row">a</th><td>3</td></tr>' in html  # the breakdown's numbers
    assert '<tr><th scope="row">2026-01-02</th><td>4</td></tr>' in html  # the series' numbers


def test_the_admin_and_vendor_dashboards_draw_charts_with_their_numbers(
    client: Client, world: World
) -> None:
    sign_in(client, "admin@example.com")
    _assert_charts(client.get("/admin/", headers={"accept": "text/html"}).text)
    client.cookies.clear()
    sign_in(client, world.email("acme-owner"))
    _assert_charts(client.get("/vendor/acme/", headers={"accept": "text/html"}).text)


def test_the_dashboard_json_keeps_the_charts_numbers_and_unit(
    api_as: Callable[..., Client],
) -> None:
    body = api_as("acme").get("/api/v1/vendors/acme/dashboard").json()
    (probe,) = [s["widgets"] for s in body["widgets"] if s["module"] == "probe"]
    by_kind = {w["kind"]: w for w in probe}
    assert by_kind["breakdown"]["segments"] == [
        {"label": "a", "value": 3},
        {"label": "b", "value": 1},
    ]
    assert by_kind["timeseries"]["points"] == [
        {"at": "2026-01-01", "value": 1},
        {"at": "2026-01-02", "value": 4},
    ]
    assert by_kind["breakdown"]["unit"] == by_kind["timeseries"]["unit"] == "count"
    assert by_kind["timeseries"]["empty_text"] == "No data yet."
