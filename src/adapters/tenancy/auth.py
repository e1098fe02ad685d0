"""Tenancy's answers to the web layer: who is calling, what they may do, which vendor."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException

from mercato.adapters.web.tenancy import Identity
from mercato.domain.tenancy.access import AccessService
from mercato.domain.tenancy.identity import IdentityService, session_stamp
from mercato.domain.tenancy.model import User
from mercato.domain.tenancy.repository import VendorRepository
from mercato.domain.tenancy.tokens import TokenService
from mercato.ports.errors import AuthenticationFailed
from mercato.ports.platforms import VendorRef

__all__ = [
    "SESSION_STAMP",
    "SESSION_USER",
    "TenancyAccessPolicy",
    "TenancyIdentityResolver",
    "TenancyVendorDirectory",
    "session_for",
]

SESSION_USER = "user_id"
SESSION_STAMP = "stamp"
"""The :func:`~mercato.domain.tenancy.identity.session_stamp` the session was opened with."""


def session_for(user: User) -> dict[str, object]:
    """What a session of ``user`` holds; it ends when the user's password changes."""
    return {SESSION_USER: user.id, SESSION_STAMP: session_stamp(user)}


class TenancyIdentityResolver:
    """``Authorization: Bearer <token>`` first, else the signed-in session's user.

    Sessions count on pages only: the JSON API under ``/api/`` takes bearer tokens alone,
    which is why it can be exempt from CSRF checks.
    """

    def __init__(self, tokens: TokenService, identity: IdentityService) -> None:
        self._tokens = tokens
        self._identity = identity

    async def identify(self, connection: ASGIConnection[Any, Any, Any, Any]) -> Identity | None:
        """The caller; a bad bearer token is a 401 naming the problem."""
        header = connection.headers.get("authorization", "")
        if header.lower().startswith("bearer "):
            try:
                token, user = await self._tokens.authenticate(header[7:].strip())
            except AuthenticationFailed as exc:
                raise NotAuthorizedException(exc.message) from exc
            return Identity(
                user.id, user.email, user.display_name, "token", token.vendor_id, token.platform_id
            )
        if connection.scope["path"].startswith("/api/"):
            return None  # the JSON API takes bearer tokens only (and is exempt from CSRF)
        session = connection.scope.get("session")
        if not isinstance(session, dict) or not isinstance(session.get(SESSION_USER), int):
            return None
        found = await self._identity.by_id_or_none(session[SESSION_USER])
        if found is None or not found.is_active:
            return None
        if session.get(SESSION_STAMP) != session_stamp(found):
            return None  # opened before the password changed: over
        return Identity(found.id, found.email, found.display_name, "session")


class TenancyAccessPolicy:
    """Effective permissions from administrator grants and team roles."""

    def __init__(self, access: AccessService) -> None:
        self._access = access

    async def platform_permissions(
        self, identity: Identity, platform_id: int, enabled: frozenset[str]
    ) -> frozenset[str]:
        """What the identity may do in the platform's admin."""
        return await self._access.platform_permissions(identity.user_id, platform_id, enabled)

    async def vendor_permissions(
        self, identity: Identity, vendor_id: int, platform_id: int, enabled: frozenset[str]
    ) -> frozenset[str]:
        """What the identity may do in the vendor on this platform."""
        return await self._access.vendor_permissions(
            identity.user_id, vendor_id, platform_id, enabled
        )


class TenancyVendorDirectory:
    """Implements :class:`ports.platforms.VendorDirectory` over the vendor repository."""

    def __init__(self, vendors: VendorRepository) -> None:
        self._vendors = vendors

    async def on_platform(self, slug: str, platform_id: int) -> VendorRef | None:
        """The vendor if it has joined the platform."""
        vendor = await self._vendors.by_slug(slug)
        if vendor is None:
            return None
        on = await self._vendors.on_platform(vendor.id, platform_id)
        if on is None:
            return None
        return VendorRef(vendor.id, vendor.slug, vendor.name, on.status.value)
