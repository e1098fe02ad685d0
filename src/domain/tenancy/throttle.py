"""Throttling by (account, client address) pair, by account, and by client address.

One address guessing at one account is stopped soon (``per_pair``); the account itself is
refused only after many more failures from many addresses (``per_account``), so nobody
locks another person out from their own address; one address spraying many accounts is
stopped by ``per_address``. Keys are stored hashed: the attempt log holds no e-mail address.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from mercato.domain.tenancy.repository import AttemptLog
from mercato.ports.clock import Clock
from mercato.ports.errors import RateLimited

__all__ = ["LOGIN_POLICY", "RESET_POLICY", "Throttle", "ThrottlePolicy"]


@dataclass(frozen=True, slots=True)
class ThrottlePolicy:
    """At most ``per_pair`` attempts per (account, address), ``per_account`` per account and
    ``per_address`` per client address within ``window``."""

    per_pair: int = 5
    per_account: int = 50
    per_address: int = 20
    window: timedelta = timedelta(minutes=15)
    prefix: str = ""
    message: str = "too many failed sign-in attempts; try again in a few minutes"


LOGIN_POLICY = ThrottlePolicy()
RESET_POLICY = ThrottlePolicy(
    per_pair=3,
    per_account=10,
    per_address=10,
    window=timedelta(minutes=15),
    prefix="reset:",
    message="too many password reset requests; try again in a few minutes",
)


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:40]


class Throttle:
    """Counts attempts in an :class:`AttemptLog` and refuses once a limit is reached."""

    def __init__(self, log: AttemptLog, clock: Clock, policy: ThrottlePolicy = LOGIN_POLICY):
        self._log = log
        self._clock = clock
        self._policy = policy

    def _keys(self, account: str, address: str) -> list[tuple[str, int]]:
        p = self._policy
        return [
            (f"{p.prefix}pair:{_digest(f'{account}|{address}')}", p.per_pair),
            (f"{p.prefix}account:{_digest(account)}", p.per_account),
            (f"{p.prefix}address:{_digest(address)}", p.per_address),
        ]

    async def admit(self, account: str, address: str) -> tuple[int, ...]:
        """Count this attempt against the pair, the account and the address, or refuse it
        (``RateLimited``, with the seconds to wait) when any limit is reached.

        Counting and checking are one atomic step of the log: of many concurrent attempts,
        no more than a limit are let through. The attempt counts as failed until
        :meth:`succeeded` is told of it; the ids returned name it.
        """
        now = self._clock.now()
        got = await self._log.admit(self._keys(account, address), now - self._policy.window, now)
        if got.refused is not None:
            oldest = got.oldest or now
            wait = int((oldest + self._policy.window - now).total_seconds()) + 1
            raise RateLimited(self._policy.message, max(wait, 1))
        return got.ids

    async def check(self, account: str, address: str) -> None:
        """``RateLimited`` (with the seconds to wait) when any limit is reached."""
        now = self._clock.now()
        since = now - self._policy.window
        for key, limit in self._keys(account, address):
            if await self._log.count_since(key, since) >= limit:
                oldest = await self._log.oldest_since(key, since) or now
                wait = int((oldest + self._policy.window - now).total_seconds()) + 1
                raise RateLimited(self._policy.message, max(wait, 1))

    async def failed(self, account: str, address: str) -> None:
        """Count one attempt against the pair, the account and the address."""
        await self._log.record([k for k, _ in self._keys(account, address)], self._clock.now())

    async def succeeded(self, account: str, address: str, admitted: tuple[int, ...] = ()) -> None:
        """Forget the pair's failures (the account's count runs on: it is shared), and the
        ``admitted`` attempt's own rows: a success is no failure."""
        await self._log.clear(self._keys(account, address)[0][0])
        if admitted:
            await self._log.forget(admitted)
