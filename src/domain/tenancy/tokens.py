"""Personal API tokens: shown once, stored hashed, revocable, scoped to a vendor or platform."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from mercato.domain.tenancy.credentials import TOKEN_USE_INTERVAL, Credential
from mercato.domain.tenancy.identity import hash_token
from mercato.domain.tenancy.model import ApiToken, User, check_name
from mercato.domain.tenancy.repository import TokenRepository, UserRepository
from mercato.ports.clock import Clock
from mercato.ports.errors import AuthenticationFailed, InvalidInput, NotFound, PermissionDenied

__all__ = ["TOKEN_PREFIX", "TokenService"]

TOKEN_PREFIX = "mrc_"


class TokenService:
    """Issues, checks and revokes API tokens."""

    def __init__(self, tokens: TokenRepository, users: UserRepository, clock: Clock) -> None:
        self._tokens = tokens
        self._users = users
        self._clock = clock

    async def issue(
        self,
        user_id: int,
        name: str,
        *,
        vendor_id: int | None = None,
        platform_id: int | None = None,
        every_platform: bool = False,
    ) -> tuple[ApiToken, str]:
        """A new token scoped to one vendor, one platform, or one vendor on one platform; the
        secret is returned here and never again.

        The caller checks that the user may act in that scope. A token made by a request
        that came with a platform-scoped token is confined to that platform too (a token is
        never broader than the one that made it). ``every_platform`` (no scope) is for super
        admins only: what a platform-scoped token may never do (create a platform, grant
        super admin) needs it.
        """
        if every_platform:
            if vendor_id is not None or platform_id is not None:
                raise InvalidInput("a token for every platform has no other scope", "scope")
            if not any(g.is_super_admin for g in await self._users.admin_roles(user_id)):
                raise PermissionDenied("only a super admin holds a token for every platform")
        elif vendor_id is None and platform_id is None:
            raise InvalidInput("a token is scoped to a vendor or to a platform", "scope")
        check_name(name, "a token", 100)
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = await self._tokens.add(
            user_id, name.strip(), secret[:12], hash_token(secret), vendor_id, platform_id
        )
        return token, secret

    async def authenticate(self, secret: str) -> tuple[ApiToken, User]:
        """The token and its active user; ``AuthenticationFailed`` for anything else."""
        if not secret.startswith(TOKEN_PREFIX):
            raise AuthenticationFailed("invalid API token")
        token = await self._tokens.by_hash(hash_token(secret))
        if token is None or token.is_revoked:
            raise AuthenticationFailed("invalid or revoked API token")
        user = await self._users.by_id(token.user_id)
        if user is None or not user.is_active:
            raise AuthenticationFailed("invalid or revoked API token")
        await self.note_use(token)
        return token, user

    @staticmethod
    def accept(credential: Credential) -> tuple[ApiToken, User]:
        """The token and its active user of a credential read by hash (see
        :class:`~mercato.domain.tenancy.credentials.CredentialStore`); ``AuthenticationFailed``
        for an unknown or revoked token or an inactive user."""
        token, user = credential.token, credential.user
        if token is None or token.is_revoked or user is None or not user.is_active:
            raise AuthenticationFailed("invalid or revoked API token")
        return token, user

    async def note_use(self, token: ApiToken) -> None:
        """Record that the token was used now: written at most once per
        :data:`TOKEN_USE_INTERVAL` (a busy token does not write on every request)."""
        now = self._clock.now()
        last = token.last_used_at
        if last is None or now - last >= TOKEN_USE_INTERVAL:
            # The database decides again: of two requests racing here, one writes.
            await self._tokens.touch(token.id, now, unless_since=now - TOKEN_USE_INTERVAL)

    async def of_user(self, user_id: int) -> Sequence[ApiToken]:
        """The user's tokens."""
        return await self._tokens.of_user(user_id)

    async def of_vendor(self, vendor_id: int) -> Sequence[ApiToken]:
        """The tokens scoped to the vendor."""
        return await self._tokens.of_vendor(vendor_id)

    async def revoke(
        self, token_id: int, *, user_id: int | None = None, vendor_id: int | None = None
    ) -> None:
        """Revoke a token of the user or of the vendor; ``NotFound`` for anyone else's."""
        if not await self._tokens.revoke(token_id, user_id, vendor_id, self._clock.now()):
            raise NotFound("no such token")

    async def revoke_all_of(self, user_id: int) -> int:
        """Revoke every live token of the user (after a password change); how many."""
        live = [t for t in await self._tokens.of_user(user_id) if not t.is_revoked]
        for token in live:
            await self._tokens.revoke(token.id, user_id, None, self._clock.now())
        return len(live)
