"""Tenancy's answers to the web layer: who is calling, what they may do, which vendor."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import msgspec
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException

from mercato.adapters.tenancy.cache import ConfigCache
from mercato.adapters.web.tenancy import Identity, OpenedSession
from mercato.domain.tenancy.access import AccessService
from mercato.domain.tenancy.credentials import Credential, CredentialStore, Grants
from mercato.domain.tenancy.identity import hash_token, session_stamp
from mercato.domain.tenancy.model import User, VendorStatus
from mercato.domain.tenancy.repository import VendorRepository
from mercato.domain.tenancy.tokens import TOKEN_PREFIX, TokenService
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
    which is why it can be exempt from CSRF checks. Each way reads the credential, its user,
    their grants and the configuration version in one statement (:class:`CredentialStore`),
    and hands the version to the configuration cache.
    """

    def __init__(
        self, tokens: TokenService, credentials: CredentialStore, cache: ConfigCache
    ) -> None:
        self._tokens = tokens
        self._credentials = credentials
        self._cache = cache

    async def identify(self, connection: ASGIConnection[Any, Any, Any, Any]) -> Identity | None:
        """The caller; a bad bearer token is a 401 naming the problem."""
        header = connection.headers.get("authorization", "")
        if header.lower().startswith("bearer "):
            return await self._by_token(header[7:].strip(), _vendor_slug(connection))
        if connection.scope["path"].startswith("/api/"):
            return None  # the JSON API takes bearer tokens only (and is exempt from CSRF)
        session = connection.scope.get("session")
        if not isinstance(session, dict) or not isinstance(session.get(SESSION_USER), int):
            return None
        # A session kept in Redis: its user and grants in one statement.
        found = await self._credentials.by_user(session[SESSION_USER], _vendor_slug(connection))
        self._cache.observe(found.version)
        return _session_identity(found, session)

    async def open_session(
        self, connection: ASGIConnection[Any, Any, Any, Any], key: str
    ) -> OpenedSession:
        """The database-stored session with its user, their grants and the version."""
        slug = _vendor_slug(connection)
        found = await self._credentials.by_session(key, slug)
        self._cache.observe(found.version)
        data, expires = found.session_data, found.session_expires_at
        if data is None or (expires is not None and expires <= datetime.now(UTC)):
            return OpenedSession(None)
        try:
            session = msgspec.json.decode(data)
        except msgspec.DecodeError:
            return OpenedSession(None)
        if not isinstance(session, dict):
            return OpenedSession(None)
        user_id = session.get(SESSION_USER)
        if found.user is None and isinstance(user_id, int):
            # Stored before sessions named their user: look the user up on its own.
            found = await self._credentials.by_user(user_id, slug)
        return OpenedSession(data, expires, _session_identity(found, session))

    async def _by_token(self, secret: str, vendor_slug: str | None) -> Identity:
        try:
            if not secret.startswith(TOKEN_PREFIX):
                raise AuthenticationFailed("invalid API token")
            found = await self._credentials.by_token(hash_token(secret), vendor_slug)
            self._cache.observe(found.version)
            token, user = self._tokens.accept(found)
        except AuthenticationFailed as exc:
            raise NotAuthorizedException(exc.message) from exc
        await self._tokens.note_use(token)
        return Identity(
            user.id,
            user.email,
            user.display_name,
            "token",
            token.vendor_id,
            token.platform_id,
            found.grants,
        )


def _vendor_slug(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    slug = connection.scope.get("path_params", {}).get("vendor")
    return slug if isinstance(slug, str) else None


def _session_identity(found: Credential, session: dict[str, Any]) -> Identity | None:
    """The session's user, if active, the one the session names, and its password unchanged."""
    user = found.user
    if user is None or not user.is_active or session.get(SESSION_USER) != user.id:
        return None
    if session.get(SESSION_STAMP) != session_stamp(user):
        return None  # opened before the password changed: over
    return Identity(user.id, user.email, user.display_name, "session", grants=found.grants)


class TenancyAccessPolicy:
    """Effective permissions from administrator grants and team roles.

    Grants read with the credentials are used as they are; an identity without them (or
    read for another vendor) is looked up.
    """

    def __init__(self, access: AccessService) -> None:
        self._access = access

    async def platform_permissions(
        self, identity: Identity, platform_id: int, enabled: frozenset[str]
    ) -> frozenset[str]:
        """What the identity may do in the platform's admin (what only super admins may do:
        not with a token scoped to one platform)."""
        scoped = identity.token_platform_id is not None
        if isinstance(identity.grants, Grants):
            return self._access.platform_permissions_from(
                identity.grants, platform_id, enabled, scoped
            )
        return await self._access.platform_permissions(
            identity.user_id, platform_id, enabled, scoped
        )

    async def vendor_permissions(
        self,
        identity: Identity,
        vendor_id: int,
        platform_id: int,
        enabled: frozenset[str],
        vendor: VendorRef | None = None,
    ) -> frozenset[str]:
        """What the identity may do in the vendor on this platform."""
        grants = identity.grants
        if isinstance(grants, Grants) and vendor is not None and grants.vendor_slug == vendor.slug:
            return await self._access.vendor_permissions_from(
                grants, vendor.id, vendor.status == VendorStatus.ACTIVE.value, platform_id, enabled
            )
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
