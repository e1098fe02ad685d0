"""Operating the outbox: the deliveries that gave up, trying them again, purging what is done.

Delivery itself is :mod:`domain.core.dispatch`; this is what an operator (the admin page, the
command line) and the core's housekeeping do with what it leaves behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from mercato.domain.core.events import Delivery, EventStore, RetryPolicy
from mercato.ports.clock import Clock
from mercato.ports.errors import NotFound

__all__ = ["DeliveryNotFailed", "FailedPage", "OutboxOperations"]


class DeliveryNotFailed(NotFound):
    """No failed delivery has this id (it never existed, or it is not failed now)."""


@dataclass(frozen=True, slots=True)
class FailedPage:
    """A keyset page of failed deliveries; ``next_cursor`` is ``None`` on the last page."""

    items: Sequence[Delivery]
    next_cursor: int | None


class OutboxOperations:
    """Failed deliveries for operators, and the purge of delivered events.

    ``retention`` is how long a delivered event stays; the purge deletes in transactions of
    ``batch`` events, so that one run never holds a large one.
    """

    def __init__(
        self,
        store: EventStore,
        clock: Clock,
        policy: RetryPolicy,
        retention: timedelta = timedelta(days=14),
        batch: int = 500,
    ) -> None:
        self._store = store
        self._clock = clock
        self._policy = policy
        self.retention = retention
        self._batch = batch

    async def failed(self, cursor: int | None, size: int) -> FailedPage:
        """Failed deliveries, the most recent first (by id), after ``cursor``."""
        found = await self._store.failed_page(cursor, size + 1)
        items = found[:size]
        return FailedPage(items, items[-1].id if len(found) > size else None)

    async def retry(self, delivery_id: int, reset_attempts: bool = True) -> None:
        """Make the failed delivery due now: with every attempt again (``reset_attempts``),
        or with one attempt more. ``DeliveryNotFailed`` when there is no such failed one."""
        attempts = self._attempts(reset_attempts)
        if not await self._store.retry(delivery_id, self._clock.now(), attempts):
            raise DeliveryNotFailed(f"no failed delivery {delivery_id}", "delivery_id")

    async def retry_all(self, reset_attempts: bool = True) -> int:
        """Make every failed delivery due now (as :meth:`retry`); how many."""
        return await self._store.retry_failed(self._clock.now(), self._attempts(reset_attempts))

    def _attempts(self, reset: bool) -> int:
        """The attempts a retried delivery starts from: none, or all but one."""
        return 0 if reset else max(self._policy.max_attempts - 1, 0)

    async def purge_delivered(self) -> int:
        """Delete the events fanned out longer than the retention period ago whose
        deliveries all ended (delivered, or skipped: their module was disabled), batch
        after batch; how many. Events with a failed or open delivery are kept."""
        before = self._clock.now() - self.retention
        purged = 0
        while True:
            n = await self._store.purge_finished(before, self._batch)
            purged += n
            if n < self._batch:
                return purged
