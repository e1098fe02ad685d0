"""A request runs in one unit of work; a GET that met a closed connection is served again."""

from __future__ import annotations

from typing import Any

import pytest

from mercato.adapters.db.scope import active_unit
from mercato.adapters.web.unit import serve_in_unit_of_work

pytestmark = pytest.mark.unit


class App:
    """Answers 500 after a disconnect on its first attempt (committing first if told), then
    200; records the unit of work each attempt ran in."""

    def __init__(self, commit_first: bool = False) -> None:
        self.commit_first = commit_first
        self.units: list[int] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        unit = active_unit()
        assert unit is not None
        self.units.append(id(unit))
        await receive()
        status = 200
        if len(self.units) == 1:
            unit.committed = self.commit_first
            unit.saw_disconnect()
            status = 500
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": str(status).encode()})


async def _serve(app: App, method: str) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []
    inbox = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive() -> dict[str, Any]:
        return inbox.pop(0) if inbox else {"type": "http.disconnect"}

    async def send(message: Any) -> None:
        sent.append(message)

    await serve_in_unit_of_work(app, {"type": "http", "method": method, "path": "/"}, receive, send)
    return sent


async def test_a_get_that_met_a_closed_connection_is_served_again_in_a_new_unit() -> None:
    app = App()
    sent = await _serve(app, "GET")
    assert [m.get("status") for m in sent if m["type"] == "http.response.start"] == [200]
    assert [m["body"] for m in sent if m["type"] == "http.response.body"] == [b"200"]
    assert len(app.units) == 2
    assert app.units[0] != app.units[1]
    assert active_unit() is None


@pytest.mark.parametrize(("method", "commit_first"), [("POST", False), ("GET", True)])
async def test_a_write_or_a_get_that_committed_first_is_not_served_again(
    method: str, commit_first: bool
) -> None:
    app = App(commit_first)
    sent = await _serve(app, method)
    assert [m.get("status") for m in sent if m["type"] == "http.response.start"] == [500]
    assert len(app.units) == 1
