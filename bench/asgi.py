"""Calling an ASGI app directly, and the bare Litestar app Mercato is compared with."""

from __future__ import annotations

import os
import pickle
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from litestar import Litestar, get
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

__all__ = [
    "REPLAY_FILE_VARIABLE",
    "AsgiClient",
    "RequestFailed",
    "Statement",
    "create_bare_app",
    "create_replay_app",
    "create_replay_app_from_env",
]

REPLAY_FILE_VARIABLE = "MERCATO_REPLAY_FILE"


class RequestFailed(RuntimeError):
    """A measured request did not answer 200, so its timing would mean nothing."""


@get("/bare")
async def bare() -> dict[str, str]:
    """The baseline: a handler that returns a small dict."""
    return {"status": "ok", "service": "bare"}


def create_bare_app() -> Litestar:
    """A Litestar app with the one ``/bare`` handler and Litestar's defaults otherwise."""
    return Litestar(route_handlers=[bare])


class AsgiClient:
    """Sends GET requests straight into an ASGI app: no HTTP client, no thread hop.

    Run the app's lifespan around it (``async with app.lifespan(): ...``).
    """

    def __init__(self, app: Any, host: str, *headers: tuple[bytes, bytes]) -> None:
        self._app = app
        self._headers = [(b"host", host.encode()), (b"accept", b"application/json"), *headers]

    async def get(self, path: str) -> bytes:
        """The body of ``GET path``; :class:`RequestFailed` unless the status is 200."""
        status, body = await self.request("GET", path)
        if status != 200:
            raise RequestFailed(f"GET {path} answered {status}: {body[:300]!r}")
        return body

    async def request(
        self,
        method: str,
        path: str,
        body: bytes = b"",
        headers: tuple[tuple[bytes, bytes], ...] = (),
    ) -> tuple[int | None, bytes]:
        """``(status, body)`` of one request; ``path`` may carry a query string."""
        path, _, query = path.partition("?")
        scope = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "root_path": "",
            "query_string": query.encode(),
            "headers": [*self._headers, *headers],
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 80),
            "state": {},
        }
        sent: list[dict[str, Any]] = []
        received = False

        async def receive() -> dict[str, Any]:
            nonlocal received
            if received:
                return {"type": "http.disconnect"}
            received = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        await self._app(scope, receive, send)
        status = next((m["status"] for m in sent if m["type"] == "http.response.start"), None)
        answer = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
        return status, answer


Statement = tuple[str, Any]
"""A SQL statement as the driver received it, with its parameters."""


def create_replay_app(engine: AsyncEngine, statements: Sequence[Statement]) -> Litestar:
    """The hand-written baseline: ``GET /replay`` runs ``statements`` on one connection.

    The statements are those the dashboard's providers ran (captured once from the driver),
    so this handler does exactly their SQL with no kernel, no guards and no tenancy: the
    floor a dashboard request could reach on this database.
    """

    @get("/replay")
    async def replay() -> dict[str, int]:
        rows = 0
        async with engine.connect() as connection:
            for sql, parameters in statements:
                result = await connection.exec_driver_sql(sql, parameters)
                rows += len(result.fetchall()) if result.returns_rows else 0
        return {"statements": len(statements), "rows": rows}

    return Litestar(route_handlers=[replay])


def create_replay_app_from_env() -> Litestar:
    """The replay baseline for uvicorn: the database URL and statements pickled by ``make
    load`` into the file named by ``MERCATO_REPLAY_FILE`` (a file this run wrote itself)."""
    saved = pickle.loads(Path(os.environ[REPLAY_FILE_VARIABLE]).read_bytes())
    engine = create_async_engine(saved["url"], pool_size=5)
    return create_replay_app(engine, saved["statements"])
