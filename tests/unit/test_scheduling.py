"""Which scheduled tasks are due at a tick."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mercato.domain.core.definition import MODULE as CORE
from mercato.domain.core.scheduling import due_tasks, tick_of
from mercato.domain.kernel.registry import ModuleRegistry
from tests.support.modules import kernel, module

pytestmark = pytest.mark.unit

REGISTRY = ModuleRegistry(
    [
        module("base", core=True, scheduled=[("nightly", "17 3 * * *")]),
        module("reports", scheduled=[("hourly", "0 * * * *"), ("nightly", "17 3 * * *")]),
        module("feeds", scheduled=[("quarterly", "*/15 * * * *")]),
    ]
)
EVERYTHING = ("base", "reports", "feeds")


def _at(hour: int, minute: int, second: int = 0, day: int = 2) -> datetime:
    return datetime(2026, 3, day, hour, minute, second, 123456, tzinfo=UTC)


def test_a_task_is_due_at_the_minute_its_cron_names() -> None:
    due = due_tasks(REGISTRY, EVERYTHING, _at(3, 17, 42))

    assert [(d.module, d.scheduled.name) for d in due] == [
        ("base", "nightly"),
        ("reports", "nightly"),
    ]
    assert all(d.tick == datetime(2026, 3, 2, 3, 17, tzinfo=UTC) for d in due)


def test_no_task_is_due_in_a_minute_no_cron_names() -> None:
    assert due_tasks(REGISTRY, EVERYTHING, _at(3, 18)) == []
    assert due_tasks(REGISTRY, EVERYTHING, _at(3, 16, 59)) == []


def test_step_and_hourly_crons_match_their_minutes() -> None:
    due = due_tasks(REGISTRY, EVERYTHING, _at(14, 0, 5))

    assert [d.task_name for d in due] == ["feeds.quarterly", "reports.hourly"]
    assert [d.task_name for d in due_tasks(REGISTRY, EVERYTHING, _at(14, 45))] == [
        "feeds.quarterly"
    ]


def test_only_tasks_of_enabled_modules_are_due() -> None:
    due = due_tasks(REGISTRY, ("base", "feeds", "uninstalled"), _at(3, 17))

    assert [d.module for d in due] == ["base"]


def test_the_key_of_a_run_is_the_same_anywhere_in_the_tick() -> None:
    early = due_tasks(REGISTRY, ("reports",), _at(3, 17, 1))
    late = due_tasks(REGISTRY, ("reports",), _at(3, 17, 59))

    assert [d.key for d in early] == [d.key for d in late]
    assert early[0].key == "reports.nightly@2026-03-02T03:17:00+00:00"


def test_the_same_task_on_another_day_has_another_key() -> None:
    (today,) = due_tasks(REGISTRY, ("reports",), _at(3, 17, day=2))
    (tomorrow,) = due_tasks(REGISTRY, ("reports",), _at(3, 17, day=3))

    assert today.key != tomorrow.key


def test_the_task_name_is_module_dot_task() -> None:
    (due,) = due_tasks(REGISTRY, ("feeds",), _at(9, 30))

    assert due.task_name == "feeds.quarterly"


def test_the_tick_is_the_minute_of_now() -> None:
    assert tick_of(_at(8, 5, 33)) == datetime(2026, 3, 2, 8, 5, tzinfo=UTC)


def test_a_shorter_tick_is_its_slice_of_the_minute() -> None:
    assert tick_of(_at(8, 5, 33), 10) == datetime(2026, 3, 2, 8, 5, 30, tzinfo=UTC)
    assert tick_of(_at(8, 5, 33), 60) == tick_of(_at(8, 5, 33))


@pytest.mark.parametrize("seconds", [0, 7, 61])
def test_a_tick_that_does_not_divide_a_minute_is_refused(seconds: int) -> None:
    with pytest.raises(ValueError, match="does not divide a minute"):
        tick_of(_at(8, 5), seconds)


def test_with_a_shorter_tick_each_tick_of_a_matching_minute_is_a_run_of_its_own() -> None:
    keys = {
        d.key
        for second in range(0, 60, 5)
        for d in due_tasks(REGISTRY, ("reports",), _at(3, 17, second), tick_seconds=15)
    }

    assert sorted(keys) == [
        f"reports.nightly@2026-03-02T03:17:{s:02d}+00:00" for s in (0, 15, 30, 45)
    ]
    assert due_tasks(REGISTRY, ("reports",), _at(3, 18, 15), tick_seconds=15) == []


async def test_the_core_housekeeping_is_due_daily_with_no_module_enabled() -> None:
    _, enablement, _ = kernel(CORE)
    enabled = await enablement.enabled_anywhere()

    (due,) = due_tasks(ModuleRegistry([CORE]), enabled, datetime(2026, 5, 1, 3, 17, 9, tzinfo=UTC))

    assert due.task_name == "core.housekeeping"
    assert due_tasks(ModuleRegistry([CORE]), enabled, datetime(2026, 5, 1, 4, 17, tzinfo=UTC)) == []
