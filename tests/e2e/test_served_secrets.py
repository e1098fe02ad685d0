"""``mercato serve`` over a real socket: reset links carry the served port and the platform's
domain, and the access log never holds the secrets of reset and invitation URLs."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.support.mailbox import Outbox
from tests.support.processes import mercato, mercato_env, serving
from tests.support.world import csrf_from

pytestmark = pytest.mark.e2e


def test_a_served_reset_flow_links_to_the_platform_and_keeps_the_token_out_of_the_log(
    sqlite_url: str, tmp_path: Path
) -> None:
    mailbox = tmp_path / "mailbox"
    env = mercato_env(sqlite_url, MERCATO_MAILBOX_DIR=str(mailbox))
    mercato(env, "platforms", "create", "north", "--name", "North", "--domain", "north.test")
    mercato(env, "users", "create-admin", "ops@example.com", "--generate")
    log = tmp_path / "serve.log"

    with (
        serving(env, log) as base,
        httpx.Client(base_url=base, headers={"host": "north.test"}) as c,
    ):
        page = c.get("/auth/password/forgot")
        c.post(
            "/auth/password/forgot",
            data={"email": "ops@example.com", "_csrf_token": csrf_from(page.text)},
        )
        link = Outbox(c, mailbox).link_to("ops@example.com")
        token = link.split("token=")[1]
        assert c.get(f"/auth/password/reset?token={token}").status_code == 200
        assert c.get(f"/auth/invitations/{token}").status_code == 404
        port = base.rsplit(":", 1)[1]

    assert link.startswith(f"http://north.test:{port}/auth/password/reset?token=")
    served = log.read_text()
    assert "GET /auth/password/reset?token=[redacted]" in served  # the access log is on
    assert "/auth/invitations/[redacted]" in served
    assert token not in served
