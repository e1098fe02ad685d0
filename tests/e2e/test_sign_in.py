"""Signing in, throttling and resetting a password, through the real pages."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient

from mercato.bootstrap.app import MercatoApp
from tests.support.mailbox import Outbox
from tests.support.world import World, csrf_from, sign_in

pytestmark = pytest.mark.e2e
HTML = {"accept": "text/html"}


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(
    client: TestClient[MercatoApp], world: World
) -> None:
    wrong = sign_in(client, world.email("admin"), "not the password")
    unknown = sign_in(client, "nobody@example.com", "not the password")
    assert wrong.status_code == unknown.status_code == 401
    assert "wrong e-mail address or password" in wrong.text
    assert "wrong e-mail address or password" in unknown.text
    assert client.get("/admin/", headers=HTML, follow_redirects=False).status_code == 303


def test_sign_in_is_throttled_per_account_after_five_failures(
    client: TestClient[MercatoApp], world: World
) -> None:
    for _ in range(5):
        assert sign_in(client, world.email("acme-owner"), "guess again").status_code == 401
    blocked = sign_in(client, world.email("acme-owner"))  # even the right password
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    assert "too many failed sign-in attempts" in blocked.text
    assert sign_in(client, world.email("admin")).status_code == 200  # other accounts are fine


def test_a_form_posted_without_its_csrf_token_is_refused(
    client: TestClient[MercatoApp], world: World
) -> None:
    r = client.post(
        "/auth/login", data={"email": world.email("admin"), "password": "x"}, headers=HTML
    )
    assert r.status_code == 403
    assert "mercato_session" not in client.cookies


def test_a_forgotten_password_is_reset_once_through_the_emailed_link(
    outbox: Outbox, world: World
) -> None:
    client = outbox.client
    page = client.get("/auth/password/forgot", headers=HTML)
    for email in (world.email("acme-owner"), "nobody@example.com"):
        sent = client.post(
            "/auth/password/forgot",
            data={"email": email, "_csrf_token": csrf_from(page.text)},
            headers=HTML,
        )
        assert sent.status_code == 200
        assert "If an account uses that address" in sent.text  # the same either way
    link = outbox.link_to(world.email("acme-owner"))
    assert link.startswith("http://north.test/auth/password/reset?token=")
    assert [m.to for m in outbox.all()] == [world.email("acme-owner")]
    token = link.split("token=")[1]

    form = client.get(f"/auth/password/reset?token={token}", headers=HTML)
    done = client.post(
        "/auth/password/reset",
        data={
            "token": token,
            "password": "a brand new password",
            "_csrf_token": csrf_from(form.text),
        },
        headers=HTML,
    )
    assert done.status_code == 200 and "Your password was changed" in done.text
    again = client.post(
        "/auth/password/reset",
        data={
            "token": token,
            "password": "yet another password",
            "_csrf_token": csrf_from(form.text),
        },
        headers=HTML,
    )
    assert again.status_code == 400 and "invalid, used or expired" in again.text
    assert sign_in(client, world.email("acme-owner")).status_code == 401  # old password
    assert sign_in(client, world.email("acme-owner"), "a brand new password").status_code == 200


def test_a_refused_invitation_acceptance_shows_the_form_again(outbox: Outbox, world: World) -> None:
    client = outbox.client
    sign_in(client, world.email("acme-owner"))
    team = client.get("/vendor/acme/team", headers=HTML)
    client.post(
        "/vendor/acme/team/invitations",
        data={
            "email": world.email("globex-owner"),
            "role": "viewer",
            "_csrf_token": csrf_from(team.text),
        },
        headers=HTML,
    )
    link = outbox.link_to(world.email("globex-owner"))
    path = link.removeprefix("http://north.test")
    client.cookies.clear()
    page = client.get(path, headers=HTML)
    assert "Sign in and join" in page.text  # globex's owner already has an account
    refused = client.post(
        path,
        data={"password": "wrong password!", "_csrf_token": csrf_from(page.text)},
        headers=HTML,
    )
    assert refused.status_code == 400
    assert "wrong e-mail address or password" in refused.text
    assert "Sign in and join" in refused.text  # the form is there to try again
