"""A GET or HEAD request runs in a reading unit of work; every other method in a writing one."""

from __future__ import annotations

import asyncio
from collections.abc import MutableMapping
from typing import Any

import pytest

from mercato.adapters.db.scope import active_unit
from mercato.adapters.web.unit import serve_in_unit_of_work


@pytest.mark.parametrize(
    ("method", "reads"),
    [("GET", True), ("HEAD", True), ("POST", False), ("PATCH", False), ("DELETE", False)],
)
def test_the_unit_of_a_request_reads_only_for_get_and_head(method: str, reads: bool) -> None:
    seen: list[bool] = []

    async def app(scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        unit = active_unit()
        assert unit is not None
        seen.append(unit.reads)
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(_message: MutableMapping[str, Any]) -> None:
        return None

    asyncio.run(serve_in_unit_of_work(app, {"type": "http", "method": method}, receive, send))
    assert seen == [reads]
