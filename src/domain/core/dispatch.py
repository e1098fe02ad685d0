"""The event dispatcher: fans events out to handlers and runs the deliveries that are due."""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import Sequence

from mercato.domain.core.events import (
    Delivery,
    DeliveryStatus,
    DispatchReport,
    EventStore,
    HandlerLookup,
    RetryPolicy,
    StoredEvent,
    short_error,
    subscribers,
    timed_out,
)
from mercato.domain.kernel.definition import EventSubscription
from mercato.domain.kernel.enablement import EnablementService
from mercato.domain.kernel.registry import ModuleRegistry
from mercato.ports.clock import Clock
from mercato.ports.uow import ProviderIsolation

__all__ = ["EventDispatcher"]

_log = logging.getLogger("mercato.events")


class EventDispatcher:
    """Delivers outbox events, at least once, to the handlers of enabled modules.

    Each handler runs in ``isolation`` (a unit of work of its own) and within
    ``policy.handler_seconds``; whatever it raises is recorded on its delivery only: the
    other handlers of the event, and the caller, never see it.
    """

    def __init__(
        self,
        registry: ModuleRegistry,
        enablement: EnablementService,
        handlers: HandlerLookup,
        store: EventStore,
        clock: Clock,
        isolation: ProviderIsolation,
        policy: RetryPolicy | None = None,
        batch: int = 100,
    ) -> None:
        self._registry = registry
        self._enablement = enablement
        self._handlers = handlers
        self._store = store
        self._clock = clock
        self._isolation = isolation
        self.policy = policy or RetryPolicy()
        self._batch = batch

    async def deliver(self, event_ids: Sequence[str]) -> DispatchReport:
        """Fan out the events ``event_ids`` (just committed) and run their due deliveries.

        An id whose event was never committed is ignored.
        """
        report = DispatchReport()
        for event_id in event_ids:
            event = await self._store.load(event_id)
            if event is not None:
                await self._fan_out(event, report)
        for delivery in await self._store.due(self._clock.now(), self._batch, event_ids):
            await self._run(delivery, report)
        return report

    async def sweep(self) -> DispatchReport:
        """Catch up: fan out the events no delivery started for (their process died after
        the commit), then run every delivery that is due (retries, expired claims)."""
        report = DispatchReport()
        now = self._clock.now()
        for event_id in await self._store.undispatched(
            now - self.policy.dispatch_grace, self._batch
        ):
            event = await self._store.load(event_id)
            if event is not None:
                await self._fan_out(event, report)
        for delivery in await self._store.due(self._clock.now(), self._batch):
            await self._run(delivery, report)
        return report

    async def _fan_out(self, event: StoredEvent, report: DispatchReport) -> None:
        enabled = await self._enablement.enabled_on(event.platform_id)
        found = subscribers(self._registry, event.name, enabled, self._registry.unavailable)
        targets = [(code, h.name) for code, h in found]
        if await self._store.fan_out(event.id, targets, self._clock.now()):
            report.fanned_out += 1

    async def _subscription(self, delivery: Delivery) -> EventSubscription | None:
        """The handler's declaration, if its module is still installed, enabled on the
        event's platform and available, and still declares it."""
        code = delivery.module
        if code not in self._registry or code in self._registry.unavailable:
            return None
        if code not in await self._enablement.enabled_on(delivery.event.platform_id):
            return None
        declared = self._registry.get(code).event_handlers
        return next((h for h in declared if h.name == delivery.handler), None)

    async def _run(self, delivery: Delivery, report: DispatchReport) -> None:
        now = self._clock.now()
        if self.policy.exhausted(delivery.attempts):  # its last claim expired: given up
            error = delivery.last_error or "no attempt left"
            await self._store.finish(delivery.id, DeliveryStatus.FAILED, now, error=error)
            report.failed += 1
            return
        subscription = await self._subscription(delivery)
        if subscription is None:
            await self._store.finish(delivery.id, DeliveryStatus.SKIPPED, now)
            report.skipped += 1
            return
        if not await self._store.claim(delivery, now, self.policy.lease_until(now)):
            return  # another process runs it
        attempt = delivery.attempts + 1
        seconds = self.policy.handler_seconds
        deadline = asyncio.timeout(seconds)
        try:
            async with self._isolation.isolate(), deadline:
                handler = self._handlers.event_handler(delivery.module, subscription)
                await handler(delivery.event.delivered(attempt))
        except Exception as exc:
            # Our deadline, not a TimeoutError the handler raised itself.
            cut_off = timed_out(seconds) if deadline.expired() else ""
            await self._failed(delivery, attempt, exc, cut_off, report)
            return
        await self._store.finish(delivery.id, DeliveryStatus.DELIVERED, self._clock.now())
        report.delivered += 1

    async def _failed(
        self,
        delivery: Delivery,
        attempt: int,
        exc: Exception,
        cut_off: str,
        report: DispatchReport,
    ) -> None:
        """Record a failed attempt; ``cut_off`` is the reason when the deadline stopped the
        handler (logged instead of the error's type)."""
        now = self._clock.now()
        error = cut_off or short_error(exc)
        frames = traceback.extract_tb(exc.__traceback__)
        where = f" at {frames[-1].filename}:{frames[-1].lineno}" if frames else ""
        gave_up = self.policy.exhausted(attempt)
        _log.warning(
            "event %s (%s) to handler %s.%s failed on attempt %d%s: %s%s",
            delivery.event.name,
            delivery.event.id,
            delivery.module,
            delivery.handler,
            attempt,
            "" if not gave_up else " (the last one: the delivery is failed)",
            cut_off or type(exc).__name__,
            where,
        )
        if gave_up:
            await self._store.finish(delivery.id, DeliveryStatus.FAILED, now, error=error)
            report.failed += 1
            return
        retry_at = now + self.policy.delay(attempt)
        await self._store.finish(delivery.id, DeliveryStatus.PENDING, now, retry_at, error)
        report.retried += 1
