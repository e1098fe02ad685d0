"""Calling an ASGI app directly, and the bare Litestar app Mercato is compared with."""

from __future__ import annotations

from typing import Any

from litestar import Litestar, get

__all__ = ["AsgiClient", "RequestFailed", "create_bare_app"]


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
        scope = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "root_path": "",
            "query_string": b"",
            "headers": list(self._headers),
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
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        await self._app(scope, receive, send)
        status = next((m["status"] for m in sent if m["type"] == "http.response.start"), None)
        body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
        if status != 200:
            raise RequestFailed(f"GET {path} answered {status}: {body[:300]!r}")
        return body
