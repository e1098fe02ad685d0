"""Delivering published events to the handlers modules declare: the rules, without I/O.

An event recorded in the outbox (see :mod:`mercato.ports.events`) is *fanned out* once: one
delivery per handler of a module enabled on the event's platform (and available in this
process). Each delivery is then run until its handler returns, at least once: a handler that
raises or runs out of time is tried again later, with a growing delay, until
:attr:`RetryPolicy.max_attempts`, after which the delivery is *failed* and stays visible.

A delivery is *claimed* before its handler runs (a conditional update that one caller wins)
and the claim is a lease: a process that dies while a handler runs leaves a delivery whose
lease expires, and a later sweep runs it again. So a handler may see an event twice; it
makes its effect idempotent with the event's id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

from mercato.domain.kernel.definition import EventSubscription
from mercato.domain.kernel.registry import ModuleRegistry
from mercato.ports.events import DeliveredEvent, EventHandler

__all__ = [
    "Delivery",
    "DeliveryStatus",
    "DispatchReport",
    "EventStore",
    "HandlerLookup",
    "RetryPolicy",
    "StoredEvent",
    "short_error",
    "subscribers",
    "timed_out",
]

_CREDENTIALS = re.compile(r"://[^/@\s]*@")


class DeliveryStatus(StrEnum):
    """Where a delivery stands."""

    PENDING = "pending"
    RUNNING = "running"
    DELIVERED = "delivered"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """An event as the outbox holds it."""

    id: str
    name: str
    platform_id: int
    vendor_id: int | None
    occurred_at: datetime
    payload: Mapping[str, Any] = field(default_factory=dict)

    def delivered(self, attempt: int) -> DeliveredEvent:
        """The event as a handler receives it on its ``attempt``-th delivery."""
        return DeliveredEvent(
            id=self.id,
            name=self.name,
            platform_id=self.platform_id,
            vendor_id=self.vendor_id,
            occurred_at=self.occurred_at.isoformat(),
            payload=dict(self.payload),
            attempt=attempt,
        )


@dataclass(frozen=True, slots=True)
class Delivery:
    """One event for one handler of one module."""

    id: int
    event: StoredEvent
    module: str
    handler: str
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime
    last_error: str = ""
    delivered_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How long a handler may run, and when a failed delivery is tried again.

    The delay after the n-th failed attempt is ``first_delay * 2 ** (n - 1)``, at most
    ``max_delay``. A claim lasts ``handler_seconds`` plus ``lease_margin``: past it, the
    process that claimed the delivery is taken for dead. ``dispatch_grace`` is how long
    the sweep leaves a fresh event to the delivery started by its commit.
    """

    max_attempts: int = 8
    first_delay: timedelta = timedelta(seconds=30)
    max_delay: timedelta = timedelta(hours=6)
    handler_seconds: float = 30.0
    lease_margin: timedelta = timedelta(seconds=60)
    dispatch_grace: timedelta = timedelta(seconds=60)

    def delay(self, attempts: int) -> timedelta:
        """The wait after the ``attempts``-th failed attempt."""
        exponent = min(max(attempts - 1, 0), 30)
        delay: timedelta = self.first_delay * (1 << exponent)
        return min(delay, self.max_delay)

    def lease_until(self, now: datetime) -> datetime:
        """Until when a claim made at ``now`` holds."""
        return now + timedelta(seconds=self.handler_seconds) + self.lease_margin

    def exhausted(self, attempts: int) -> bool:
        """True when no attempt is left after ``attempts``."""
        return attempts >= self.max_attempts


class EventStore(Protocol):
    """The outbox and its deliveries. Every method commits what it writes."""

    async def load(self, event_id: str) -> StoredEvent | None:
        """The event ``event_id``, or ``None`` (never committed, or purged)."""
        ...

    async def fan_out(
        self, event_id: str, targets: Sequence[tuple[str, str]], now: datetime
    ) -> bool:
        """Create a pending delivery, due at ``now``, per ``(module, handler)`` and mark the
        event fanned out, in one transaction. False (and nothing written) when it already
        was: of racing callers, one fans out."""
        ...

    async def undispatched(self, before: datetime, limit: int) -> Sequence[str]:
        """Ids of events recorded before ``before`` and never fanned out, oldest first."""
        ...

    async def due(self, now: datetime, limit: int, event_ids: Sequence[str] = ()) -> list[Delivery]:
        """Pending deliveries, and running ones whose lease expired, due at ``now`` (of
        ``event_ids`` only, when given), oldest first."""
        ...

    async def claim(self, delivery: Delivery, now: datetime, until: datetime) -> bool:
        """Mark ``delivery`` running until ``until`` and count an attempt, if it is still as
        it was read (status, attempts) and due: True for exactly one of racing callers."""
        ...

    async def finish(
        self,
        delivery_id: int,
        status: DeliveryStatus,
        now: datetime,
        next_attempt_at: datetime | None = None,
        error: str = "",
    ) -> None:
        """Record an outcome: delivered, failed, skipped, or pending again at
        ``next_attempt_at`` with ``error``."""
        ...

    async def failed(self, limit: int) -> list[Delivery]:
        """The deliveries that gave up, most recent first."""
        ...

    async def retry_failed(self, now: datetime, attempts: int = 0) -> int:
        """Make every failed delivery pending again, due at ``now``, with ``attempts``
        counted (reset, by default); how many."""
        ...

    async def failed_page(self, before_id: int | None, limit: int) -> list[Delivery]:
        """Failed deliveries by id, highest first, below ``before_id`` when given (a keyset
        page)."""
        ...

    async def retry(self, delivery_id: int, now: datetime, attempts: int) -> bool:
        """Make the delivery ``delivery_id`` pending, due at ``now``, with ``attempts``
        counted, if it is failed: False (nothing changed) otherwise."""
        ...

    async def purge_finished(self, before: datetime, limit: int) -> int:
        """Delete up to ``limit`` events fanned out before ``before`` whose every delivery was
        delivered or skipped (or that had none), with their deliveries, in one transaction;
        how many events. An event with a delivery in any other status is kept."""
        ...


class HandlerLookup(Protocol):
    """Builds the handler a module declares (the composition root implements it)."""

    def event_handler(self, code: str, subscription: EventSubscription) -> EventHandler:
        """The handler of ``subscription`` in module ``code``."""
        ...


def subscribers(
    registry: ModuleRegistry, name: str, enabled: Iterable[str], unavailable: Iterable[str] = ()
) -> list[tuple[str, EventSubscription]]:
    """``(module, subscription)`` for every handler of ``name`` declared by an enabled,
    available module, in dependency order."""
    skip = set(unavailable)
    return [
        (d.code, h)
        for d in registry.ordered(enabled)
        if d.code not in skip
        for h in d.event_handlers
        if h.event == name
    ]


def timed_out(seconds: float) -> str:
    """What a delivery records when its handler was cut off at its deadline."""
    return f"timed out after {seconds:g} s"


def short_error(exc: BaseException, limit: int = 200) -> str:
    """What a failed delivery records: the error's type and the start of its message,
    with any credentials of a URL removed."""
    message = _CREDENTIALS.sub("://***@", str(exc)).replace("\n", " ")
    text = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return text[:limit]


@dataclass
class DispatchReport:
    """What one delivery run or sweep did (a task's result)."""

    fanned_out: int = 0
    delivered: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0

    def as_dict(self) -> dict[str, int]:
        """The counts, JSON-able."""
        return {
            "fanned_out": self.fanned_out,
            "delivered": self.delivered,
            "retried": self.retried,
            "failed": self.failed,
            "skipped": self.skipped,
        }
