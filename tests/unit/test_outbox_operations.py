"""Operating the outbox: listing and retrying failed deliveries, purging delivered events."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mercato.domain.core.events import DeliveryStatus, RetryPolicy, StoredEvent
from mercato.domain.core.outbox import DeliveryNotFailed, OutboxOperations
from mercato.ports.clock import FakeClock
from tests.support.events import FakeEventStore

pytestmark = pytest.mark.unit

POLICY = RetryPolicy(max_attempts=4)


class World:
    def __init__(self) -> None:
        self.store = FakeEventStore()
        self.clock = FakeClock()
        self.ops = OutboxOperations(
            self.store, self.clock, POLICY, retention=timedelta(days=14), batch=2
        )

    async def event(self, event_id: str, *statuses: DeliveryStatus) -> list[int]:
        """An event fanned out now to one handler per status, each then in that status."""
        self.store.add(StoredEvent(event_id, "probe.pinged", 1, None, self.clock.now()))
        targets = [("listener", f"h{i}") for i in range(len(statuses))]
        await self.store.fan_out(event_id, targets, self.clock.now())
        ids = sorted(d.id for d in self.store.deliveries.values() if d.event.id == event_id)
        for delivery_id, status in zip(ids, statuses, strict=True):
            await self.store.finish(delivery_id, status, self.clock.now(), error="E")
        return ids


async def test_failed_deliveries_come_in_keyset_pages_most_recent_first() -> None:
    w = World()
    failed = [(await w.event(f"e{i}", DeliveryStatus.FAILED))[0] for i in range(5)]
    await w.event("ok", DeliveryStatus.DELIVERED)

    first = await w.ops.failed(None, 2)
    second = await w.ops.failed(first.next_cursor, 2)
    last = await w.ops.failed(second.next_cursor, 2)

    seen = [d.id for page in (first, second, last) for d in page.items]
    assert seen == sorted(failed, reverse=True)
    assert last.next_cursor is None and first.next_cursor == seen[1]


async def test_a_retry_makes_one_failed_delivery_due_with_all_or_one_attempt() -> None:
    w = World()
    one, two = await w.event("e1", DeliveryStatus.FAILED, DeliveryStatus.FAILED)

    await w.ops.retry(one)
    await w.ops.retry(two, reset_attempts=False)

    due = {d.id: d for d in await w.store.due(w.clock.now(), 10)}
    assert (due[one].status, due[one].attempts) == (DeliveryStatus.PENDING, 0)
    assert due[two].attempts == POLICY.max_attempts - 1
    with pytest.raises(DeliveryNotFailed):
        await w.ops.retry(one)  # pending now
    with pytest.raises(DeliveryNotFailed):
        await w.ops.retry(999)


async def test_retry_all_makes_every_failed_delivery_due() -> None:
    w = World()
    await w.event("e1", DeliveryStatus.FAILED, DeliveryStatus.DELIVERED)
    await w.event("e2", DeliveryStatus.FAILED)

    assert await w.ops.retry_all() == 2
    assert (await w.ops.failed(None, 10)).items == []


async def test_the_purge_deletes_finished_events_past_retention_only_in_batches() -> None:
    w = World()
    for i in range(5):
        await w.event(f"old{i}", DeliveryStatus.DELIVERED, DeliveryStatus.SKIPPED)
    await w.event("old-none")  # no handler at all
    await w.event("old-failed", DeliveryStatus.DELIVERED, DeliveryStatus.FAILED)
    await w.event("old-pending", DeliveryStatus.PENDING)
    w.clock.advance(timedelta(days=14))
    await w.event("young", DeliveryStatus.DELIVERED)
    w.clock.advance(timedelta(seconds=1))

    assert await w.ops.purge_delivered() == 6  # three batches of two, then an empty one
    assert sorted(w.store.events) == ["old-failed", "old-pending", "young"]
    assert {d.event.id for d in w.store.deliveries.values()} == {
        "old-failed",
        "old-pending",
        "young",
    }
    assert await w.ops.purge_delivered() == 0
