"""run_isolated: one provider's failure stays in its slot; cancellation is not a failure."""

from __future__ import annotations

import asyncio
import logging

import pytest

from mercato.domain.core.isolation import FailureLog, Slot, run_isolated, sequence_of

pytestmark = pytest.mark.unit

LIMIT = 5.0  # generous: these tests never wait for it


def _ints(result: object) -> tuple[int, ...]:
    return sequence_of((int,))(result)  # type: ignore[return-value]


async def test_an_answer_that_passes_validation_fills_the_slot() -> None:
    async def answer() -> object:
        return [1, 2]

    slot = await run_isolated(
        "shop", "Shop", "metrics", answer, _ints, limit=LIMIT, failures=FailureLog()
    )

    assert slot == Slot("shop", "Shop", "ok", (1, 2))
    assert slot.ok


async def test_a_rejected_answer_leaves_the_slot_unavailable() -> None:
    async def answer() -> object:
        return [1, "two"]

    slot = await run_isolated(
        "shop", "Shop", "metrics", answer, _ints, limit=LIMIT, failures=FailureLog()
    )

    assert not slot.ok
    assert slot.items == ()
    assert slot.error == "TypeError"


async def test_cancelling_the_caller_cancels_the_provider_instead_of_reporting_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    started, cancelled = asyncio.Event(), asyncio.Event()

    async def slow() -> object:
        started.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.set()
            raise
        return []

    job = asyncio.create_task(
        run_isolated("shop", "Shop", "metrics", slow, _ints, limit=LIMIT, failures=FailureLog())
    )
    await started.wait()
    job.cancel()

    with pytest.raises(asyncio.CancelledError):
        await job
    assert cancelled.is_set()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_the_failure_log_writes_to_the_logger_it_is_given(
    caplog: pytest.LogCaptureFixture,
) -> None:
    logger = logging.getLogger("tests.isolation.custom")
    failures = FailureLog(logger)

    failures.failed("shop", "widgets", "boom", RuntimeError("boom"))
    failures.failed("shop", "widgets", "boom", RuntimeError("boom"))

    records = [r for r in caplog.records if r.name == "tests.isolation.custom"]
    assert len(records) == 1
    assert records[0].exc_info is not None


def test_a_recovery_without_a_failure_is_not_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)

    FailureLog().succeeded("shop", "metrics")

    assert caplog.records == []
