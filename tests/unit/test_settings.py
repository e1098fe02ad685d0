"""Settings read from the environment: the scheduler tick and the workers' task cap."""

from __future__ import annotations

import pytest

from mercato.bootstrap.settings import Settings

pytestmark = pytest.mark.unit


def test_the_tick_is_a_minute_and_tasks_are_uncapped_by_default() -> None:
    s = Settings.from_env({})

    assert (s.scheduler_tick_seconds, s.worker_max_task_seconds) == (60, None)


def test_a_tick_and_a_cap_are_read_from_the_environment() -> None:
    env = {"MERCATO_SCHEDULER_TICK_SECONDS": "5", "MERCATO_WORKER_MAX_TASK_SECONDS": "8"}

    s = Settings.from_env(env)

    assert (s.scheduler_tick_seconds, s.worker_max_task_seconds) == (5, 8)


@pytest.mark.parametrize(
    "env",
    [
        {"MERCATO_SCHEDULER_TICK_SECONDS": "7"},
        {"MERCATO_SCHEDULER_TICK_SECONDS": "120"},
        {"MERCATO_WORKER_MAX_TASK_SECONDS": "0"},
    ],
)
def test_a_tick_not_dividing_a_minute_or_a_cap_below_a_second_is_refused(
    env: dict[str, str],
) -> None:
    with pytest.raises(ValueError, match="invalid MERCATO_\\* setting"):
        Settings.from_env(env)
