"""Delivering events: who receives them, retries with backoff, giving up, lost deliveries."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from dependency_injector.containers import DynamicContainer

from mercato.bootstrap.components import ModuleContainers
from mercato.domain.core.dispatch import EventDispatcher
from mercato.domain.core.events import DeliveryStatus, RetryPolicy, StoredEvent, short_error
from mercato.ports.clock import FakeClock
from mercato.ports.uow import NullProviderIsolation
from tests.support.events import (
    DEAF,
    LISTENER,
    RECEIVED,
    FakeEventStore,
    fail_next,
    hang_next,
    reset_handlers,
)
from tests.support.modules import kernel, module

pytestmark = pytest.mark.unit

PLATFORM = 7


class World:
    def __init__(self, policy: RetryPolicy | None = None) -> None:
        reset_handlers()
        self.registry, self.enablement, self.enabled = kernel(
            module("core", core=True), LISTENER, DEAF, enabled={PLATFORM: ["listener"]}
        )
        self.store = FakeEventStore()
        self.clock = FakeClock()
        self.dispatcher = EventDispatcher(
            self.registry,
            self.enablement,
            ModuleContainers(self.registry, DynamicContainer()),
            self.store,
            self.clock,
            NullProviderIsolation(),
            policy,
        )

    def publish(self, event_id: str = "e1", name: str = "probe.pinged") -> StoredEvent:
        event = StoredEvent(event_id, name, PLATFORM, 3, self.clock.now(), {"note": "secret"})
        self.store.add(event)
        return event


def _labels() -> list[str]:
    return [label for label, _ in RECEIVED]


async def test_an_event_reaches_the_handlers_of_modules_enabled_on_its_platform_only() -> None:
    w = World()
    w.publish()

    report = await w.dispatcher.deliver(["e1"])

    assert _labels() == ["listener.record", "listener.flaky"]  # not deaf, not 'other'
    assert report.delivered == 2 and report.fanned_out == 1
    delivered = RECEIVED[0][1]
    assert (delivered.id, delivered.name, delivered.attempt) == ("e1", "probe.pinged", 1)
    assert (delivered.platform_id, delivered.vendor_id) == (PLATFORM, 3)
    assert delivered.payload == {"note": "secret"}


async def test_delivering_twice_runs_each_handler_once() -> None:
    w = World()
    w.publish()

    await w.dispatcher.deliver(["e1"])
    again = await w.dispatcher.deliver(["e1"])
    swept = await w.dispatcher.sweep()

    assert _labels() == ["listener.record", "listener.flaky"]
    assert again.delivered == swept.delivered == 0


async def test_an_id_never_committed_delivers_nothing() -> None:
    w = World()

    report = await w.dispatcher.deliver(["rolled-back"])

    assert RECEIVED == [] and report.fanned_out == 0


async def test_a_failing_handler_is_retried_after_a_delay_and_the_others_are_unaffected() -> None:
    w = World()
    w.publish()
    fail_next("listener.flaky", 1)

    report = await w.dispatcher.deliver(["e1"])

    assert (report.delivered, report.retried) == (1, 1)
    flaky = w.store.by_handler()["listener.flaky"]
    assert (flaky.status, flaky.attempts) == (DeliveryStatus.PENDING, 1)
    assert flaky.next_attempt_at == w.clock.now() + timedelta(seconds=30)
    assert flaky.last_error.startswith("RuntimeError") and "hunter2" not in flaky.last_error
    assert w.store.by_handler()["listener.record"].status is DeliveryStatus.DELIVERED

    assert (await w.dispatcher.sweep()).delivered == 0  # not due yet
    w.clock.advance(timedelta(seconds=30))
    assert (await w.dispatcher.sweep()).delivered == 1

    assert _labels() == ["listener.record", "listener.flaky", "listener.flaky"]
    first, second = (e for label, e in RECEIVED if label == "listener.flaky")
    assert first.id == second.id == "e1" and (first.attempt, second.attempt) == (1, 2)
    assert w.store.by_handler()["listener.flaky"].status is DeliveryStatus.DELIVERED


async def test_a_delivery_gives_up_after_the_maximum_number_of_attempts() -> None:
    w = World(RetryPolicy(max_attempts=3))
    w.publish()
    fail_next("listener.flaky", 10)

    await w.dispatcher.deliver(["e1"])
    for _ in range(5):
        w.clock.advance(timedelta(hours=1))
        await w.dispatcher.sweep()

    flaky = w.store.by_handler()["listener.flaky"]
    assert (flaky.status, flaky.attempts) == (DeliveryStatus.FAILED, 3)
    assert _labels().count("listener.flaky") == 3
    assert [d.handler for d in await w.store.failed(10)] == ["flaky"]


async def test_a_handler_past_its_deadline_is_cut_off_and_retried() -> None:
    w = World(RetryPolicy(handler_seconds=0.05))
    w.publish()
    hang_next("listener.flaky", 1)

    report = await w.dispatcher.deliver(["e1"])

    assert (report.delivered, report.retried) == (1, 1)
    flaky = w.store.by_handler()["listener.flaky"]
    assert (flaky.status, flaky.attempts) == (DeliveryStatus.PENDING, 1)
    assert flaky.last_error == "timed out after 0.05 s"
    w.clock.advance(timedelta(seconds=30))
    assert (await w.dispatcher.sweep()).delivered == 1


async def test_a_timeout_the_handler_raises_itself_is_an_ordinary_error() -> None:
    w = World()
    w.publish()
    fail_next("listener.flaky", 1, TimeoutError("the carrier's API did not answer"))

    await w.dispatcher.deliver(["e1"])

    flaky = w.store.by_handler()["listener.flaky"]
    assert flaky.last_error == "TimeoutError: the carrier's API did not answer"


async def test_the_delay_doubles_up_to_a_ceiling() -> None:
    policy = RetryPolicy(first_delay=timedelta(seconds=10), max_delay=timedelta(seconds=50))

    assert [policy.delay(n).total_seconds() for n in (1, 2, 3, 4, 60)] == [10, 20, 40, 50, 50]


async def test_an_unavailable_module_receives_nothing() -> None:
    w = World()
    w.registry.mark_unavailable("listener", "MOD-013", "routes did not mount")
    w.publish()

    report = await w.dispatcher.deliver(["e1"])

    assert RECEIVED == [] and w.store.deliveries == {} and report.fanned_out == 1


async def test_a_retry_for_a_module_disabled_since_is_skipped() -> None:
    w = World()
    w.publish()
    fail_next("listener.flaky", 1)
    await w.dispatcher.deliver(["e1"])
    w.enabled.by_platform[PLATFORM].clear()
    w.clock.advance(timedelta(minutes=5))

    report = await w.dispatcher.sweep()

    assert report.skipped == 1 and _labels().count("listener.flaky") == 1
    assert w.store.by_handler()["listener.flaky"].status is DeliveryStatus.SKIPPED


async def test_an_event_whose_delivery_was_lost_is_fanned_out_by_a_later_sweep() -> None:
    w = World()
    w.publish()

    assert (await w.dispatcher.sweep()).fanned_out == 0  # just committed: left to its delivery
    w.clock.advance(timedelta(seconds=61))
    report = await w.dispatcher.sweep()

    assert report.fanned_out == 1 and _labels() == ["listener.record", "listener.flaky"]


async def test_a_delivery_whose_process_died_is_run_again_once_its_claim_expires() -> None:
    w = World()
    w.publish()
    await w.store.fan_out("e1", [("listener", "record")], w.clock.now())
    (held,) = await w.store.due(w.clock.now(), 10)
    assert await w.store.claim(held, w.clock.now(), w.dispatcher.policy.lease_until(w.clock.now()))

    assert (await w.dispatcher.sweep()).delivered == 0  # still claimed
    w.clock.advance(timedelta(seconds=91))
    await w.dispatcher.sweep()

    assert [(label, e.attempt) for label, e in RECEIVED] == [("listener.record", 2)]


async def test_a_handler_error_is_logged_once_with_names_and_without_values(
    caplog: pytest.LogCaptureFixture,
) -> None:
    w = World()
    w.publish()
    fail_next("listener.flaky", 1)

    with caplog.at_level(logging.WARNING, logger="mercato.events"):
        await w.dispatcher.deliver(["e1"])

    (record,) = [r for r in caplog.records if r.name == "mercato.events"]
    text = record.getMessage()
    assert "probe.pinged" in text and "listener.flaky" in text and "RuntimeError" in text
    assert "secret" not in text and "hunter2" not in text


def test_a_short_error_hides_credentials_and_is_short() -> None:
    error = short_error(ValueError("redis://user:pw@host/0 " + "x" * 500))

    assert error.startswith("ValueError: redis://***@host/0") and len(error) == 200
