"""uvicorn, tuned: small responses leave at once, with any number of worker processes."""

from __future__ import annotations

import socket
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["NoDelayH11Protocol"]


class NoDelayH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with ``TCP_NODELAY`` on every accepted connection.

    With ``--workers`` above 1, uvicorn binds the shared socket itself and accepted
    connections never get ``TCP_NODELAY`` (uvicorn issue #3149): Nagle's algorithm then
    holds every small keep-alive response for about 40 ms.
    """

    def connection_made(self, transport: Any) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
