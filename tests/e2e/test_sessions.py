"""Sessions are stored only for people who sign in, not for every request."""

from __future__ import annotations

import asyncio

import pytest
from litestar.testing import TestClient
from sqlalchemy import func, select

from mercato.adapters.db.engine import create_engine
from mercato.adapters.web.sessions import web_sessions
from mercato.bootstrap.app import MercatoApp
from tests.support.world import World, sign_in

pytestmark = pytest.mark.e2e


def _rows(url: str) -> int:
    async def go() -> int:
        engine = create_engine(url)
        try:
            async with engine.connect() as conn:
                query = select(func.count()).select_from(web_sessions)
                return int((await conn.execute(query)).scalar_one())
        finally:
            await engine.dispose()

    return asyncio.run(go())


def test_api_calls_and_anonymous_pages_store_no_session(
    client: TestClient[MercatoApp], world: World
) -> None:
    token = {"Authorization": f"Bearer {world.tokens['admin@north']}"}
    for _ in range(5):
        assert client.get("/api/v1/admin/dashboard", headers=token).status_code == 200
        assert client.get("/auth/login", headers={"accept": "text/html"}).status_code == 200
    assert _rows(world.url) == 0
    assert "mercato_session" not in client.cookies


def test_signing_in_stores_one_session_and_signing_out_forgets_it(
    client: TestClient[MercatoApp], world: World
) -> None:
    sign_in(client, world.email("admin"))
    assert _rows(world.url) == 1
    page = client.get("/admin/", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert _rows(world.url) == 1
    token = page.text.split('name="_csrf_token" value="')[1].split('"')[0]
    out = client.post("/auth/logout", data={"_csrf_token": token}, headers={"accept": "text/html"})
    assert out.status_code == 200 and "You are signed out" in out.text
    assert _rows(world.url) == 0


def test_signing_in_gives_the_session_a_new_id(
    client: TestClient[MercatoApp], world: World
) -> None:
    sign_in(client, world.email("acme-owner"))
    first = client.cookies["mercato_session"]
    sign_in(client, world.email("admin"))  # the same browser, signing in again
    second = client.cookies["mercato_session"]
    assert first != second
    assert _rows(world.url) == 1  # the replaced session is gone
    page = client.get("/admin/", headers={"accept": "text/html"})
    assert page.status_code == 200 and "Ada Admin" in page.text
