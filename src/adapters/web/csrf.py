"""CSRF tokens bound to the sign-in session.

Litestar's CSRF middleware is a double-submit cookie: the token in a form must equal a
signed token in a cookie. Whoever can plant that cookie (a sibling subdomain, a proxy on
plain HTTP) can forge any form. Here the token is an HMAC of the server's secret and the
caller's session id, so a token is valid only for the session it was rendered for. A visitor
without a session (the sign-in, reset and invitation forms) gets a random nonce cookie and a
token bound to it; signing in rotates the session, so the visitor's tokens die with it.

The token reaches templates as Litestar's own ``csrf_token`` / ``csrf_input``.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from typing import Any

from litestar import Request
from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.enums import RequestEncodingType, ScopeType
from litestar.exceptions import PermissionDeniedException
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from litestar.utils.scope.state import ScopeState

__all__ = [
    "CSRF_FIELD",
    "CSRF_HEADER",
    "SessionBoundCsrfMiddleware",
    "csrf_token_for",
    "path_under",
    "prefix_patterns",
]

CSRF_FIELD = "_csrf_token"
CSRF_HEADER = "x-csrftoken"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_NONCE = re.compile(r"[0-9a-f]{64}")


def path_under(path: str, prefixes: Iterable[str]) -> bool:
    """True when ``path`` is one of ``prefixes`` or below one, segment-wise.

    ``/health`` covers ``/health`` and ``/health/x`` but not ``/vendor/health-hub/`` nor
    ``/healthz``; a prefix ending in ``/`` (``/api/``) covers what is below it.
    """
    for prefix in prefixes:
        base = prefix.rstrip("/")
        if path == base or path.startswith(base + "/"):
            return True
    return False


def prefix_patterns(prefixes: Iterable[str]) -> list[str]:
    """Regular expressions for Litestar's ``exclude`` lists that match like :func:`path_under`.

    Litestar searches its exclude patterns anywhere in the path, so each is anchored here.
    """
    return [f"^{re.escape(p.rstrip('/'))}(/|$)" for p in prefixes]


def csrf_token_for(secret: str, kind: str, value: str) -> str:
    """The token of a session (``kind="session"``) or a visitor nonce (``"visitor"``)."""
    message = f"mercato-csrf:{kind}:{value}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


class SessionBoundCsrfMiddleware:
    """Checks the CSRF token of every unsafe request outside ``exclude`` (path prefixes)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        secret: str,
        session_cookie: str,
        nonce_cookie: str,
        secure: bool,
        exclude: Iterable[str],
    ) -> None:
        self.app = app
        self._secret = secret
        self._session_cookie = session_cookie
        self._nonce_cookie = nonce_cookie
        self._secure = secure
        self._exclude = tuple(exclude)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Set the expected token for templates; refuse an unsafe request without it."""
        if scope["type"] != ScopeType.HTTP or path_under(scope["path"], self._exclude):
            await self.app(scope, receive, send)
            return
        request: Request[Any, Any, Any] = Request(scope, receive)
        session_id = request.cookies.get(self._session_cookie)
        nonce = request.cookies.get(self._nonce_cookie, "")
        new_nonce = None
        if session_id and session_id != "null":
            expected = csrf_token_for(self._secret, "session", session_id)
        else:
            if not _NONCE.fullmatch(nonce):
                nonce = new_nonce = secrets.token_hex(32)
            expected = csrf_token_for(self._secret, "visitor", nonce)
        if request.method not in SAFE_METHODS:
            submitted = request.headers.get(CSRF_HEADER) or await self._form_token(request)
            if not submitted or not hmac.compare_digest(submitted, expected):
                raise PermissionDeniedException("CSRF token verification failed")
        ScopeState.from_scope(scope).csrf_token = expected
        if new_nonce is None:
            await self.app(scope, receive, send)
            return
        await self.app(scope, receive, self._setting_nonce(send, new_nonce))

    @staticmethod
    async def _form_token(request: Request[Any, Any, Any]) -> str | None:
        content_type, _ = request.content_type
        if content_type not in {RequestEncodingType.URL_ENCODED, RequestEncodingType.MULTI_PART}:
            return None
        value = (await request.form()).get(CSRF_FIELD)
        return value if isinstance(value, str) else None

    def _setting_nonce(self, send: Send, nonce: str) -> Send:
        cookie = Cookie(
            key=self._nonce_cookie,
            value=nonce,
            path="/",
            secure=self._secure,
            httponly=True,
            samesite="lax",
        )

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableScopeHeaders.from_message(message)
                headers.add("set-cookie", cookie.to_header(header=""))
            await send(message)

        return wrapped
