"""Test modules that react to an event, their handlers, and an in-memory event store."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import ClassVar

from mercato.domain.core.events import Delivery, DeliveryStatus, StoredEvent
from mercato.domain.kernel.definition import EventSubscription, ModuleDefinition
from mercato.ports.events import DeliveredEvent, Event

__all__ = [
    "DEAF",
    "LISTENER",
    "RECEIVED",
    "FakeEventStore",
    "Pinged",
    "fail_next",
    "hang_next",
    "reset_handlers",
]


@dataclass(frozen=True, slots=True)
class Pinged(Event):
    """What the tests publish."""

    name: ClassVar[str] = "probe.pinged"
    note: str
    tags: tuple[str, ...] = ()


RECEIVED: list[tuple[str, DeliveredEvent]] = []
"""``(module.handler, event)`` for every call of a handler below, in order."""

_FAILING: dict[str, int] = {}
_ERRORS: dict[str, Exception] = {}
_HANGING: dict[str, int] = {}


def reset_handlers() -> None:
    """Forget every call and planned failure."""
    RECEIVED.clear()
    _FAILING.clear()
    _ERRORS.clear()
    _HANGING.clear()


def fail_next(handler: str, times: int, error: Exception | None = None) -> None:
    """Make ``handler`` (``"module.name"``) raise on its next ``times`` calls (``error``, by
    default a ``RuntimeError`` whose message holds a URL with a password)."""
    _FAILING[handler] = times
    if error is not None:
        _ERRORS[handler] = error


def hang_next(handler: str, times: int) -> None:
    """Make ``handler`` sleep for an hour on its next ``times`` calls."""
    _HANGING[handler] = times


class _Recording:
    label = ""

    async def __call__(self, event: DeliveredEvent) -> None:
        RECEIVED.append((self.label, event))
        if _HANGING.get(self.label, 0) > 0:
            _HANGING[self.label] -= 1
            await asyncio.sleep(3600)
        if _FAILING.get(self.label, 0) > 0:
            _FAILING[self.label] -= 1
            raise _ERRORS.get(self.label) or RuntimeError(
                "postgresql://mercato:hunter2@db/x is down"
            )


class ListenerRecord(_Recording):
    label = "listener.record"


class ListenerFlaky(_Recording):
    label = "listener.flaky"


class DeafRecord(_Recording):
    label = "deaf.record"


def _subscribe(name: str, cls: type) -> EventSubscription:
    return EventSubscription(name, Pinged.name, f"tests.support.events:{cls.__name__}")


LISTENER = ModuleDefinition(
    code="listener",
    name="Listener",
    event_handlers=(
        _subscribe("record", ListenerRecord),
        _subscribe("flaky", ListenerFlaky),
        EventSubscription("other", "probe.other", "tests.support.events:ListenerRecord"),
    ),
)
"""An optional module with two handlers of ``probe.pinged`` (and one of another event)."""

DEAF = ModuleDefinition(
    code="deaf", name="Deaf", event_handlers=(_subscribe("record", DeafRecord),)
)
"""An optional module with a handler of ``probe.pinged``, left disabled by the tests."""


class FakeEventStore:
    """``domain.core.events.EventStore`` in memory, with the same rules as the real one."""

    def __init__(self) -> None:
        self.events: dict[str, StoredEvent] = {}
        self.dispatched: set[str] = set()
        self.dispatched_at: dict[str, datetime] = {}
        self.deliveries: dict[int, Delivery] = {}
        self._ids = itertools.count(1)

    def add(self, event: StoredEvent) -> None:
        """Record an event as the publisher would."""
        self.events[event.id] = event

    async def load(self, event_id: str) -> StoredEvent | None:
        return self.events.get(event_id)

    async def fan_out(
        self, event_id: str, targets: Sequence[tuple[str, str]], now: datetime
    ) -> bool:
        if event_id in self.dispatched:
            return False
        self.dispatched.add(event_id)
        self.dispatched_at[event_id] = now
        for module, handler in targets:
            i = next(self._ids)
            event = self.events[event_id]
            self.deliveries[i] = Delivery(i, event, module, handler, DeliveryStatus.PENDING, 0, now)
        return True

    async def undispatched(self, before: datetime, limit: int) -> Sequence[str]:
        waiting = [
            e
            for e in self.events.values()
            if e.id not in self.dispatched and e.occurred_at < before
        ]
        return [e.id for e in sorted(waiting, key=lambda e: e.occurred_at)][:limit]

    async def due(self, now: datetime, limit: int, event_ids: Sequence[str] = ()) -> list[Delivery]:
        open_ = (DeliveryStatus.PENDING, DeliveryStatus.RUNNING)
        found = [
            d
            for d in self.deliveries.values()
            if d.status in open_
            and d.next_attempt_at <= now
            and (not event_ids or d.event.id in event_ids)
        ]
        return sorted(found, key=lambda d: (d.next_attempt_at, d.id))[:limit]

    async def claim(self, delivery: Delivery, now: datetime, until: datetime) -> bool:
        held = self.deliveries[delivery.id]
        if (held.status, held.attempts) != (delivery.status, delivery.attempts):
            return False
        if held.next_attempt_at > now:
            return False
        self.deliveries[delivery.id] = replace(
            held, status=DeliveryStatus.RUNNING, attempts=held.attempts + 1, next_attempt_at=until
        )
        return True

    async def finish(
        self,
        delivery_id: int,
        status: DeliveryStatus,
        now: datetime,
        next_attempt_at: datetime | None = None,
        error: str = "",
    ) -> None:
        held = self.deliveries[delivery_id]
        self.deliveries[delivery_id] = replace(
            held,
            status=status,
            next_attempt_at=next_attempt_at or now,
            last_error=error[:300],
            delivered_at=now if status is DeliveryStatus.DELIVERED else held.delivered_at,
        )

    async def failed(self, limit: int) -> list[Delivery]:
        found = [d for d in self.deliveries.values() if d.status is DeliveryStatus.FAILED]
        return sorted(found, key=lambda d: (d.next_attempt_at, d.id), reverse=True)[:limit]

    async def retry_failed(self, now: datetime, attempts: int = 0) -> int:
        failed = [d for d in self.deliveries.values() if d.status is DeliveryStatus.FAILED]
        for d in failed:
            self.deliveries[d.id] = replace(
                d, status=DeliveryStatus.PENDING, attempts=attempts, next_attempt_at=now
            )
        return len(failed)

    async def failed_page(self, before_id: int | None, limit: int) -> list[Delivery]:
        found = [
            d
            for d in self.deliveries.values()
            if d.status is DeliveryStatus.FAILED and (before_id is None or d.id < before_id)
        ]
        return sorted(found, key=lambda d: d.id, reverse=True)[:limit]

    async def retry(self, delivery_id: int, now: datetime, attempts: int) -> bool:
        held = self.deliveries.get(delivery_id)
        if held is None or held.status is not DeliveryStatus.FAILED:
            return False
        self.deliveries[delivery_id] = replace(
            held, status=DeliveryStatus.PENDING, attempts=attempts, next_attempt_at=now
        )
        return True

    async def purge_finished(self, before: datetime, limit: int) -> int:
        finished = (DeliveryStatus.DELIVERED, DeliveryStatus.SKIPPED)
        done = [
            e
            for e, at in sorted(self.dispatched_at.items(), key=lambda i: i[1])
            if at < before
            and all(d.status in finished for d in self.deliveries.values() if d.event.id == e)
        ][:limit]
        for e in done:
            del self.events[e]
            self.dispatched.discard(e)
            del self.dispatched_at[e]
        self.deliveries = {i: d for i, d in self.deliveries.items() if d.event.id not in done}
        return len(done)

    def by_handler(self) -> dict[str, Delivery]:
        """The deliveries keyed ``"module.handler"`` (one event in the store)."""
        return {f"{d.module}.{d.handler}": d for d in self.deliveries.values()}
