"""Links from the platform's configured address, e-mail to the mailbox (never the log),
sessions that end with the password, and throttled reset requests (issue 7, items 6-9, 15)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from mercato.bootstrap.app import MercatoApp, create_app
from tests.support.app import container_with
from tests.support.mailbox import Outbox
from tests.support.world import PASSWORD, World, csrf_from, sign_in

pytestmark = pytest.mark.e2e

Client = TestClient[MercatoApp]
HTML = {"accept": "text/html"}
NEW_PASSWORD = "a brand new password"
Browser = Callable[[str], Client]


@pytest.fixture
def make_app(world: World, mailbox_dir: Path) -> Callable[..., MercatoApp]:
    """An app over the world mailing to ``mailbox_dir``, with the settings given."""

    def make(**settings: Any) -> MercatoApp:
        settings.setdefault("public_url", "http://mercato.test")
        return create_app(
            container=container_with(world.url, mailbox_dir=str(mailbox_dir), **settings)
        )

    return make


@pytest.fixture
def browser(app: MercatoApp, client: Client) -> Iterator[Browser]:
    """``browser(host)``: a new browser (its own cookies) on ``host`` of the one app.

    (After ``client``: test clients must close in the reverse order they opened.)
    """
    opened: list[Client] = []

    def open_on(host: str = "north.test") -> Client:
        c = TestClient(app, base_url=f"http://{host}")
        c.__enter__()
        opened.append(c)
        return c

    yield open_on
    for c in reversed(opened):
        c.__exit__(None, None, None)


def _post_form(c: Client, page: str, action: str, data: dict[str, str]) -> Any:
    token = csrf_from(c.get(page, headers=HTML).text)
    return c.post(action, data={**data, "_csrf_token": token}, headers=HTML)


def _forgot(c: Client, email: str) -> Any:
    return _post_form(c, "/auth/password/forgot", "/auth/password/forgot", {"email": email})


def _reset(c: Client, link: str, revoke_tokens: bool = False) -> Any:
    token = link.split("token=")[1]
    data = {"token": token, "password": NEW_PASSWORD}
    if revoke_tokens:
        data["revoke_tokens"] = "on"
    return _post_form(c, f"/auth/password/reset?token={token}", "/auth/password/reset", data)


def _signed_in(c: Client) -> bool:
    r = c.get("/vendor/acme/", headers=HTML, follow_redirects=False)
    assert r.status_code in (200, 303)
    return r.status_code == 200


# -- 6: absolute links --------------------------------------------------------------------


def test_a_reset_asked_for_with_a_foreign_host_header_links_to_the_platforms_own_address(
    make_app: Callable[..., MercatoApp], mailbox_dir: Path, world: World
) -> None:
    app = make_app(default_platform="north")  # a foreign host is served as north
    with TestClient(app, base_url="http://attacker.example") as c:
        assert _forgot(c, world.email("acme-owner")).status_code == 200
        link = Outbox(c, mailbox_dir).link_to(world.email("acme-owner"))

    assert link.startswith("http://north.test/auth/password/reset?token=")
    assert "attacker.example" not in link


def test_an_invitation_sent_from_a_foreign_host_links_to_the_platforms_own_address(
    make_app: Callable[..., MercatoApp], mailbox_dir: Path, world: World
) -> None:
    app = make_app(default_platform="north", public_url="https://mercato.test:8443")
    with TestClient(app, base_url="http://attacker.example") as c:
        sign_in(c, world.email("acme-owner"))
        team = "/vendor/acme/team"
        _post_form(c, team, f"{team}/invitations", {"email": "ivy@example.com", "role": "viewer"})
        link = Outbox(c, mailbox_dir).link_to("ivy@example.com")

    assert link.startswith("https://north.test:8443/auth/invitations/")


def test_a_platform_without_a_domain_links_to_the_public_url(
    make_app: Callable[..., MercatoApp], mailbox_dir: Path, world: World
) -> None:
    app = make_app(default_platform="north", public_url="https://market.example")
    with TestClient(app, base_url="http://north.test") as c:
        admin = {"Authorization": f"Bearer {world.tokens['admin@north']}"}
        r = c.patch("/api/v1/admin/platforms/north", json={"domains": []}, headers=admin)
        assert r.status_code == 200, r.text
        c.base_url = "http://anything.example"  # type: ignore[assignment]
        assert _forgot(c, world.email("acme-owner")).status_code == 200
        link = Outbox(c, mailbox_dir).link_to(world.email("acme-owner"))

    assert link.startswith("https://market.example/auth/password/reset?token=")


def test_a_host_of_no_platform_is_refused_when_no_default_platform_is_configured(
    browser: Browser, mailbox_dir: Path
) -> None:
    stranger = browser("attacker.example")

    for path in ("/auth/password/forgot", "/auth/login", "/auth/password/reset?token=x"):
        assert stranger.get(path, headers=HTML).status_code == 404, path
    assert stranger.get("/health").status_code == 200  # load balancers ask with any host
    assert Outbox(stranger, mailbox_dir).all() == []


# -- 7: sessions end with the password ----------------------------------------------------


def test_changing_a_password_ends_every_other_session_and_rotates_this_one(
    browser: Browser, world: World
) -> None:
    here, elsewhere = browser("north.test"), browser("north.test")
    for c in (here, elsewhere):
        assert sign_in(c, world.email("acme-owner")).status_code == 200
    before = here.cookies.get("mercato_session")

    page = "/auth/password/change"
    data = {"current_password": PASSWORD, "password": NEW_PASSWORD}
    r = _post_form(here, page, page, data)

    assert r.status_code == 200 and "every other session of your account has ended" in r.text
    assert here.cookies.get("mercato_session") not in (None, before)
    assert _signed_in(here)
    signed_out = here.post(  # the page after the change carries this session's CSRF token
        "/auth/logout", data={"_csrf_token": csrf_from(r.text)}, headers=HTML
    )
    assert signed_out.status_code == 200 and not _signed_in(here)
    assert not _signed_in(elsewhere)
    assert sign_in(elsewhere, world.email("acme-owner"), NEW_PASSWORD).status_code == 200


def test_a_password_reset_ends_every_session_of_the_user(
    browser: Browser, outbox: Outbox, world: World
) -> None:
    victim, attacker = browser("north.test"), browser("north.test")
    for c in (victim, attacker):
        assert sign_in(c, world.email("acme-owner")).status_code == 200

    _forgot(outbox.client, world.email("acme-owner"))
    done = _reset(outbox.client, outbox.link_to(world.email("acme-owner")))

    assert "Your password was changed" in done.text
    assert not _signed_in(victim) and not _signed_in(attacker)


def test_a_password_reset_can_revoke_the_users_api_tokens(outbox: Outbox, world: World) -> None:
    token = {"Authorization": f"Bearer {world.tokens['acme']}"}
    assert outbox.client.get("/api/v1/vendors/acme/members", headers=token).status_code == 200

    _forgot(outbox.client, world.email("acme-owner"))
    _reset(outbox.client, outbox.link_to(world.email("acme-owner")), revoke_tokens=True)

    assert outbox.client.get("/api/v1/vendors/acme/members", headers=token).status_code == 401


# -- 9: reset requests are throttled ------------------------------------------------------


def test_reset_requests_for_one_address_are_rate_limited(outbox: Outbox, world: World) -> None:
    for _ in range(3):
        assert _forgot(outbox.client, "nobody@example.com").status_code == 200

    limited = _forgot(outbox.client, "nobody@example.com")

    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) > 0
    assert "too many password reset requests" in limited.text


# -- 8 and 15: the mailbox, development mode, and logs ------------------------------------


def test_no_reset_or_invitation_token_reaches_the_logs(
    outbox: Outbox, browser: Browser, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    _forgot(outbox.client, world.email("acme-owner"))
    reset_link = outbox.link_to(world.email("acme-owner"))
    _reset(outbox.client, reset_link)
    owner = browser("north.test")
    sign_in(owner, world.email("acme-owner"), NEW_PASSWORD)
    team = "/vendor/acme/team"
    _post_form(owner, team, f"{team}/invitations", {"email": "ivy@example.com", "role": "staff"})
    invitation_link = outbox.link_to("ivy@example.com")

    # httpx is the tests' own HTTP client (it logs the URLs it fetches), not the server
    server_log = "\n".join(
        f"{r.getMessage()} {r.args!r}" for r in caplog.records if not r.name.startswith("httpx")
    )
    assert "mercato.tasks" in {r.name for r in caplog.records}  # the tasks ran and logged
    for secret in (reset_link.split("token=")[1], invitation_link.rsplit("/", 1)[1]):
        assert secret not in server_log


def test_in_development_mode_super_admins_read_the_mailbox_and_pages_say_where_mail_went(
    make_app: Callable[..., MercatoApp], mailbox_dir: Path, world: World
) -> None:
    with TestClient(make_app(development=True), base_url="http://north.test") as c:
        sign_in(c, world.email("acme-owner"))
        team = "/vendor/acme/team"
        r = _post_form(
            c, team, f"{team}/invitations", {"email": "ivy@example.com", "role": "staff"}
        )
        assert "data-development-mode" in r.text and "/auth/invitations/" not in r.text
        link = Outbox(c, mailbox_dir).link_to("ivy@example.com")
        assert c.get("/admin/mailbox", headers=HTML).status_code == 403  # not an admin
        c.cookies.clear()
        sign_in(c, world.email("admin"))
        page = c.get("/admin/mailbox", headers=HTML)

    assert page.status_code == 200
    assert "Join the team of Acme" in page.text and link in page.text


def test_the_mailbox_page_does_not_exist_outside_development_mode(
    admin_client: Client, outbox: Outbox, world: World
) -> None:
    _forgot(outbox.client, world.email("acme-owner"))
    outbox.mail_to(world.email("acme-owner"))

    assert admin_client.get("/admin/mailbox", headers=HTML).status_code == 404
