"""Choosing how events are delivered after commit: arq when Redis is configured, else here."""

from __future__ import annotations

from collections.abc import Callable

from mercato.adapters.events.delivery import InProcessEventDelivery, QueuedEventDelivery
from mercato.bootstrap.settings import Settings
from mercato.domain.core.dispatch import EventDispatcher
from mercato.ports.tasks import TaskQueue

__all__ = ["build_event_delivery"]


def build_event_delivery(
    settings: Settings, queue: Callable[[], TaskQueue], dispatcher: Callable[[], EventDispatcher]
) -> InProcessEventDelivery | QueuedEventDelivery:
    """The delivery for these settings; the queue or the dispatcher is built when used."""
    if settings.redis_url:
        return QueuedEventDelivery(queue())
    return InProcessEventDelivery(lambda ids: dispatcher().deliver(ids))
