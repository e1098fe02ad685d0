"""Users, administrators, and signing in (throttled, and as slow for unknown addresses)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Collection, Sequence
from dataclasses import replace

from mercato.domain.tenancy.model import PlatformAdmin, User, check_email, check_name
from mercato.domain.tenancy.repository import UserRepository
from mercato.domain.tenancy.throttle import Throttle
from mercato.ports.errors import AuthenticationFailed, Conflict, InvalidInput, NotFound
from mercato.ports.pagination import Page, PageRequest
from mercato.ports.security import PasswordHasher

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "IdentityService",
    "check_password",
    "hash_token",
    "session_stamp",
]

MIN_PASSWORD_LENGTH = 10


def hash_token(token: str) -> str:
    """The stored form of a random token: its SHA-256 (tokens are long and random)."""
    return hashlib.sha256(token.encode()).hexdigest()


def session_stamp(user: User) -> str:
    """What a session remembers of the credentials it was opened with.

    Derived from the password hash: a new password (changed, reset, or re-hashed with
    stronger parameters) gives a new stamp, and every session holding the old one is over.
    Sessions are stored server-side; the stamp never leaves the server.
    """
    return hashlib.sha256(f"session:{user.password_hash}".encode()).hexdigest()[:32]


def check_password(password: str) -> str:
    """``password`` if long enough; ``InvalidInput`` (field ``password``) otherwise."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"a password needs at least {MIN_PASSWORD_LENGTH} characters", "password"
        )
    return password


class IdentityService:
    """Users and administrators: creating them, and signing in."""

    def __init__(self, users: UserRepository, hasher: PasswordHasher, throttle: Throttle) -> None:
        self._users = users
        self._hasher = hasher
        self._throttle = throttle
        self._dummy_hash: str | None = None

    def _dummy(self) -> str:
        """A hash of a random password, made once with the current parameters."""
        if self._dummy_hash is None:
            self._dummy_hash = self._hasher.hash(secrets.token_urlsafe(16))
        return self._dummy_hash

    async def create_user(self, email: str, password: str, display_name: str = "") -> User:
        """A new active user; ``Conflict`` when the e-mail is taken."""
        address = check_email(email)
        check_password(password)
        name = check_name(display_name or address.split("@")[0], "a person", 200, "display_name")
        return await self._users.add(address, name, self._hasher.hash(password))

    async def get(self, user_id: int) -> User:
        """The user; ``NotFound`` otherwise."""
        found = await self._users.by_id(user_id)
        if found is None:
            raise NotFound("no such user")
        return found

    async def by_id_or_none(self, user_id: int) -> User | None:
        """The user, or ``None``."""
        return await self._users.by_id(user_id)

    async def by_email(self, email: str) -> User | None:
        """The user with this e-mail, if any."""
        return await self._users.by_email(email.strip().lower())

    async def list(
        self, request: PageRequest, platform_ids: Collection[int] | None = None
    ) -> Page[User]:
        """A page of users (of ``platform_ids`` and of no platform, when given)."""
        return await self._users.page(request, platform_ids)

    async def set_active(self, user_id: int, active: bool) -> User:
        """Activate or deactivate a user (a deactivated user cannot sign in).

        Deactivating the last active owner of a vendor is refused (``Conflict``): the check
        and the write are one atomic step of the repository, so two concurrent
        deactivations cannot take a vendor's last two active owners away.
        """
        await self.get(user_id)
        if active:
            await self._users.set_active(user_id, True)
        else:
            blocked = await self._users.deactivate_unless_last_owner(user_id)
            if blocked is not None:
                raise Conflict(
                    f"this user is the last active owner of {blocked}: "
                    "make someone else owner first",
                    "active",
                )
        return await self.get(user_id)

    async def authenticate(self, email: str, password: str, address: str) -> User:
        """The user whose credentials these are; throttled per (account, address) pair,
        per account and per address.

        Raises ``RateLimited`` before checking when a limit is reached, and
        ``AuthenticationFailed`` (the same message for an unknown e-mail, a wrong password
        and an inactive user) otherwise. An unknown address is verified against a dummy hash
        of the same cost, so that the answer takes as long as for a known one.
        """
        key = email.strip().lower()
        admitted = await self._throttle.admit(key, address)  # counted as failed until it is not
        user = await self._users.by_email(key)
        matches = self._hasher.verify(user.password_hash if user else self._dummy(), password)
        if user is None or not matches or not user.is_active:
            raise AuthenticationFailed("wrong e-mail address or password")
        await self._throttle.succeeded(key, address, admitted)
        if self._hasher.needs_rehash(user.password_hash):
            upgraded = self._hasher.hash(password)
            await self._users.set_password(user.id, upgraded)
            user = replace(user, password_hash=upgraded)
        return user

    async def admin_roles(self, user_id: int) -> Sequence[PlatformAdmin]:
        """The user's administrator grants."""
        return await self._users.admin_roles(user_id)

    async def grant_admin(self, user_id: int, platform_id: int | None) -> None:
        """Make the user administrator of a platform, or of all (``None``)."""
        await self.get(user_id)
        await self._users.grant_admin(user_id, platform_id)

    async def revoke_admin(self, user_id: int, platform_id: int | None) -> None:
        """Remove an administrator grant."""
        await self._users.revoke_admin(user_id, platform_id)

    async def admins(self) -> Sequence[tuple[User, PlatformAdmin]]:
        """Every administrator grant."""
        return await self._users.admins()
