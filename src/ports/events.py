"""Events between modules: a module announces what happened, others react, nobody imports.

A publisher records an :class:`Event` in the same transaction as the change it describes
(an outbox); after the commit it is delivered, at least once, to every handler that an
enabled module declares for its ``name`` in its definition (``event_handlers``). A handler
may see an event twice: it makes its effect idempotent with :attr:`DeliveredEvent.id`.

Event payloads are the small frozen dataclasses of the publishing module's contract
(``mercato.ports.orders.OrderPlaced``); each has a class attribute ``name``
(``"orders.placed"``), the name handlers subscribe to.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, runtime_checkable

__all__ = [
    "DeliveredEvent",
    "Event",
    "EventHandler",
    "EventPublisher",
    "RecordingEventPublisher",
]


@dataclass(frozen=True, slots=True)
class Event:
    """Base of every event payload: where it happened.

    Subclasses add their fields (plain values: ``int``, ``str``, ``bool``, tuples, nested
    dataclasses) and set ``name``.
    """

    name: ClassVar[str] = ""
    platform_id: int
    vendor_id: int | None


@dataclass(frozen=True, slots=True)
class DeliveredEvent:
    """An event as a handler receives it.

    ``id`` is unique per published event (the same on a redelivery); ``payload`` is the
    event's fields as plain JSON values, which the handler converts to the publisher's
    dataclass if it wants to. ``attempt`` counts deliveries of this event to this handler,
    from 1.
    """

    id: str
    name: str
    platform_id: int
    vendor_id: int | None
    occurred_at: str
    payload: Mapping[str, Any] = field(default_factory=dict)
    attempt: int = 1


@runtime_checkable
class EventPublisher(Protocol):
    """Records events in the current unit of work."""

    async def publish(self, event: Event) -> str:
        """Record ``event`` in the transaction of the current unit of work; return its id.

        Contract: nothing is delivered unless that transaction commits; delivery happens
        after the commit. Raises ``ValueError`` for an event without a ``name``.
        """
        ...


@runtime_checkable
class EventHandler(Protocol):
    """What a module declares to react to an event (its ``event_handlers`` name one)."""

    async def __call__(self, event: DeliveredEvent) -> None:
        """React to ``event``.

        Contract: idempotent per ``event.id`` (it may be delivered more than once); raising
        means "not handled", and the event is delivered to this handler again later.
        """
        ...


class RecordingEventPublisher:
    """Keeps what was published, for use-case tests."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    async def publish(self, event: Event) -> str:
        """Keep the event; its id is its position."""
        if not type(event).name:
            raise ValueError(f"{type(event).__name__} has no name")
        self.events.append(event)
        return str(len(self.events))

    def names(self) -> list[str]:
        """The names of the events published so far, in order."""
        return [type(e).name for e in self.events]
