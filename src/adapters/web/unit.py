"""Every HTTP request runs in one unit of work, replayed once after a clean disconnect."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from mercato.adapters.db.scope import unit_of_work

__all__ = ["REPLAYABLE_METHODS", "serve_in_unit_of_work"]

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[MutableMapping[str, Any], Receive, Send], Awaitable[None]]

REPLAYABLE_METHODS = frozenset({"GET", "HEAD"})
_log = logging.getLogger("mercato.db")


async def serve_in_unit_of_work(
    app: ASGIApp, scope: MutableMapping[str, Any], receive: Receive, send: Send
) -> None:
    """Serve an HTTP request inside one unit of work: one session, one connection.

    Everything the request does runs inside it: reading and writing the web session, CSRF,
    guards, the handler, rendering, and the response. The unit is closed (its connection
    returned to the pool) once the response is sent.

    A GET or HEAD request whose statement met a connection the server had closed is served
    once more in a new unit of work, when nothing was committed before the disconnect and
    nothing was sent to the client yet (the error response of the first attempt is
    swallowed). Any other request meeting a dead connection fails (500); the pool has then
    discarded that connection, and the next request gets a live one.
    """
    replayable = scope.get("method") in REPLAYABLE_METHODS
    received: list[Message] = []

    async def recording_receive() -> Message:
        message = await receive()
        received.append(message)
        return message

    async with unit_of_work(reads=replayable) as unit:
        held: list[Message] = []
        sent = False

        async def holding_send(message: Message) -> None:
            nonlocal sent
            if held or (not sent and replayable and unit.disconnected and unit.retryable):
                held.append(message)  # the first attempt's answer: dropped, served again
                return
            sent = True
            await send(message)

        await app(scope, recording_receive if replayable else receive, holding_send)
    if not held:
        return
    _log.warning("%s %s met a closed database connection; serving it again", *_line(scope))
    replay = list(received)

    async def replaying_receive() -> Message:
        return replay.pop(0) if replay else await receive()

    async with unit_of_work(fresh=True, reads=True):
        await app(scope, replaying_receive, send)


def _line(scope: MutableMapping[str, Any]) -> tuple[str, str]:
    return str(scope.get("method")), str(scope.get("path"))
