"""Users, administrators, signing in (throttled) and resetting a forgotten password."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import timedelta

from mercato.domain.tenancy.model import PlatformAdmin, User, check_email
from mercato.domain.tenancy.repository import AttemptLog, PasswordResetRepository, UserRepository
from mercato.ports.clock import Clock
from mercato.ports.errors import AuthenticationFailed, InvalidInput, NotFound, RateLimited
from mercato.ports.pagination import Page, PageRequest
from mercato.ports.security import PasswordHasher
from mercato.ports.tasks import TaskQueue

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "IdentityService",
    "LoginThrottle",
    "ThrottlePolicy",
    "hash_token",
]

MIN_PASSWORD_LENGTH = 10


def hash_token(token: str) -> str:
    """The stored form of a random token: its SHA-256 (tokens are long and random)."""
    return hashlib.sha256(token.encode()).hexdigest()


def _check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"a password needs at least {MIN_PASSWORD_LENGTH} characters", "password"
        )
    return password


@dataclass(frozen=True, slots=True)
class ThrottlePolicy:
    """At most ``per_account`` failures per e-mail and ``per_address`` per client address
    within ``window``."""

    per_account: int = 5
    per_address: int = 20
    window: timedelta = timedelta(minutes=15)


class LoginThrottle:
    """Refuses sign-in attempts after too many failures, per account and per address."""

    def __init__(self, log: AttemptLog, clock: Clock, policy: ThrottlePolicy | None = None):
        self._log = log
        self._clock = clock
        self._policy = policy or ThrottlePolicy()

    def _keys(self, email: str, address: str) -> list[tuple[str, int]]:
        return [
            (f"account:{email}", self._policy.per_account),
            (f"address:{address}", self._policy.per_address),
        ]

    async def check(self, email: str, address: str) -> None:
        """``RateLimited`` (with the seconds to wait) when either limit is reached."""
        now = self._clock.now()
        since = now - self._policy.window
        for key, limit in self._keys(email, address):
            if await self._log.count_since(key, since) >= limit:
                oldest = await self._log.oldest_since(key, since) or now
                wait = int((oldest + self._policy.window - now).total_seconds()) + 1
                raise RateLimited(
                    "too many failed sign-in attempts; try again in a few minutes", max(wait, 1)
                )

    async def failed(self, email: str, address: str) -> None:
        """Count one failure against the account and the address."""
        await self._log.record([k for k, _ in self._keys(email, address)], self._clock.now())

    async def succeeded(self, email: str) -> None:
        """Forget the account's failures."""
        await self._log.clear(f"account:{email}")


class IdentityService:
    """Users and administrators: creating, signing in, resetting passwords."""

    def __init__(
        self,
        users: UserRepository,
        resets: PasswordResetRepository,
        hasher: PasswordHasher,
        throttle: LoginThrottle,
        tasks: TaskQueue,
        clock: Clock,
        reset_lifetime: timedelta = timedelta(hours=1),
    ) -> None:
        self._users = users
        self._resets = resets
        self._hasher = hasher
        self._throttle = throttle
        self._tasks = tasks
        self._clock = clock
        self._reset_lifetime = reset_lifetime

    async def create_user(self, email: str, password: str, display_name: str = "") -> User:
        """A new active user; ``Conflict`` when the e-mail is taken."""
        address = check_email(email)
        _check_password(password)
        name = display_name.strip() or address.split("@")[0]
        return await self._users.add(address, name, self._hasher.hash(password))

    async def get(self, user_id: int) -> User:
        """The user; ``NotFound`` otherwise."""
        found = await self._users.by_id(user_id)
        if found is None:
            raise NotFound(f"no user {user_id}")
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
        """Activate or deactivate a user (a deactivated user cannot sign in)."""
        await self.get(user_id)
        await self._users.set_active(user_id, active)
        return await self.get(user_id)

    async def authenticate(self, email: str, password: str, address: str) -> User:
        """The user whose credentials these are; throttled per account and address.

        Raises ``RateLimited`` before checking when a limit is reached, and
        ``AuthenticationFailed`` (the same message for an unknown e-mail, a wrong password
        and an inactive user) otherwise.
        """
        key = email.strip().lower()
        await self._throttle.check(key, address)
        user = await self._users.by_email(key)
        if (
            user is None
            or not user.is_active
            or not self._hasher.verify(user.password_hash, password)
        ):
            await self._throttle.failed(key, address)
            raise AuthenticationFailed("wrong e-mail address or password")
        await self._throttle.succeeded(key)
        if self._hasher.needs_rehash(user.password_hash):
            await self._users.set_password(user.id, self._hasher.hash(password))
        return user

    async def change_password(self, user_id: int, new_password: str) -> None:
        """Set a new password."""
        _check_password(new_password)
        await self._users.set_password(user_id, self._hasher.hash(new_password))

    async def request_password_reset(self, email: str, reset_url: str) -> None:
        """Queue a reset e-mail when the address belongs to an active user.

        Says nothing either way (no account enumeration). ``reset_url`` is the page address;
        the token is appended as ``?token=...``.
        """
        user = await self._users.by_email(email.strip().lower())
        if user is None or not user.is_active:
            return
        token = secrets.token_urlsafe(32)
        await self._resets.add(user.id, hash_token(token), self._clock.now() + self._reset_lifetime)
        await self._tasks.enqueue(
            "tenancy.send_password_reset",
            email=user.email,
            name=user.display_name,
            link=f"{reset_url}?token={token}",
        )

    async def reset_password(self, token: str, new_password: str) -> User:
        """Use a reset token once to set a new password."""
        _check_password(new_password)
        user_id = await self._resets.consume(hash_token(token), self._clock.now())
        if user_id is None:
            raise InvalidInput("this reset link is invalid, used or expired", "token")
        await self._users.set_password(user_id, self._hasher.hash(new_password))
        return await self.get(user_id)

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
