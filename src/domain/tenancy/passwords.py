"""Resetting a forgotten password and changing one: links by e-mail, sessions that end.

A reset is asked for on the web (throttled, and saying the same whether the address is
known or not) and sent by a task: the worker makes the single-use token, stores its hash and
mails the link, so the secret is never in the queue, a task argument or a log line. Using a
reset token voids the user's other reset tokens. A new password gives the user a new
:func:`~mercato.domain.tenancy.identity.session_stamp`, which ends every session opened with
the old one; the caller may also revoke every API token of the user.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from mercato.domain.tenancy.identity import check_password, hash_token
from mercato.domain.tenancy.mail import password_reset_message
from mercato.domain.tenancy.model import User
from mercato.domain.tenancy.repository import PasswordResetRepository, UserRepository
from mercato.domain.tenancy.throttle import Throttle
from mercato.domain.tenancy.tokens import TokenService
from mercato.ports.clock import Clock
from mercato.ports.errors import InvalidInput, NotFound
from mercato.ports.mail import Mailer
from mercato.ports.security import PasswordHasher
from mercato.ports.tasks import TaskQueue

__all__ = ["SEND_RESET_TASK", "PasswordChanged", "PasswordPorts", "PasswordService"]

SEND_RESET_TASK = "tenancy.send_password_reset"


@dataclass(frozen=True, slots=True)
class PasswordChanged:
    """The user with the new password, and how many API tokens were revoked."""

    user: User
    tokens_revoked: int


@dataclass(frozen=True, slots=True)
class PasswordPorts:
    """What :class:`PasswordService` works with."""

    users: UserRepository
    resets: PasswordResetRepository
    hasher: PasswordHasher
    tokens: TokenService
    tasks: TaskQueue
    mailer: Mailer
    clock: Clock


class PasswordService:
    """Forgotten passwords (reset by e-mail) and changed passwords."""

    def __init__(
        self, ports: PasswordPorts, throttle: Throttle, lifetime: timedelta = timedelta(hours=1)
    ) -> None:
        self._p = ports
        self._throttle = throttle
        self._lifetime = lifetime

    async def request_reset(self, email: str, reset_url: str, address: str) -> None:
        """Queue a reset e-mail when the address belongs to an active user.

        Says nothing either way (no account enumeration); throttled per (address asked
        for, client address), per address asked for and per client address, whether the
        account exists or not (``RateLimited``). ``reset_url`` is the page's absolute URL on
        the platform's configured address; the token is appended by the worker.
        """
        key = email.strip().lower()
        await self._throttle.admit(key, address)  # every request counts
        user = await self._p.users.by_email(key)
        if user is not None and user.is_active:
            await self._p.tasks.enqueue(SEND_RESET_TASK, user_id=user.id, reset_url=reset_url)

    async def send_reset(self, user_id: int, reset_url: str) -> bool:
        """Make a reset token and mail its link (the task); False for an inactive user."""
        user = await self._p.users.by_id(user_id)
        if user is None or not user.is_active:
            return False
        token = secrets.token_urlsafe(32)
        expires = self._p.clock.now() + self._lifetime
        await self._p.resets.add(user.id, hash_token(token), expires)
        link = f"{reset_url}?token={token}"
        await self._p.mailer.send(password_reset_message(user.email, user.display_name, link))
        return True

    async def reset(self, token: str, new_password: str, revoke_tokens: bool) -> PasswordChanged:
        """Use a reset token once to set a new password; the user's other reset tokens die
        with it, and so do their sessions (and API tokens, when asked)."""
        check_password(new_password)
        now = self._p.clock.now()
        user_id = await self._p.resets.consume(hash_token(token), now)
        if user_id is None:
            raise InvalidInput("this reset link is invalid, used or expired", "token")
        await self._p.resets.void_of_user(user_id, now)
        return await self._set(user_id, new_password, revoke_tokens)

    async def change(
        self, user_id: int, current: str, new_password: str, revoke_tokens: bool
    ) -> PasswordChanged:
        """Change a signed-in user's password, given the current one; the caller gives the
        current session the new stamp, every other session of the user is over."""
        check_password(new_password)
        user = await self._p.users.by_id(user_id)
        if user is None or not user.is_active:
            raise NotFound(f"no active user {user_id}")
        if not self._p.hasher.verify(user.password_hash, current):
            raise InvalidInput("the current password is wrong", "current_password")
        return await self._set(user_id, new_password, revoke_tokens)

    async def _set(self, user_id: int, password: str, revoke_tokens: bool) -> PasswordChanged:
        await self._p.users.set_password(user_id, self._p.hasher.hash(password))
        revoked = await self._p.tokens.revoke_all_of(user_id) if revoke_tokens else 0
        user = await self._p.users.by_id(user_id)
        if user is None:
            raise NotFound(f"no user {user_id}")
        return PasswordChanged(user, revoked)
