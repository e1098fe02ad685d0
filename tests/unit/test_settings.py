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


def test_links_default_to_the_served_address_and_follow_the_public_url() -> None:
    assert Settings.from_env({}).base_url == "http://127.0.0.1:8000"
    assert Settings.from_env({"MERCATO_SECURE_COOKIES": "true"}).base_url.startswith("https://")
    public = Settings.from_env({"MERCATO_PUBLIC_URL": "https://market.example/"})
    assert public.base_url == "https://market.example"


@pytest.mark.parametrize(
    "url", ["market.example", "ftp://market.example", "https://market.example/shop", "https://"]
)
def test_a_public_url_is_an_http_address_without_a_path(url: str) -> None:
    with pytest.raises(ValueError, match="invalid MERCATO_\\* setting"):
        Settings.from_env({"MERCATO_PUBLIC_URL": url})


def test_development_mode_is_its_own_setting_and_follows_debug() -> None:
    assert not Settings.from_env({}).development_mode
    assert Settings.from_env({"MERCATO_DEVELOPMENT": "true"}).development_mode
    assert Settings.from_env({"MERCATO_DEBUG": "true"}).development_mode


def test_the_outbox_settings_are_read_from_the_environment_and_checked() -> None:
    default = Settings.from_env({})
    assert (default.event_retention_days, default.event_handler_timeout) == (14, 30.0)
    assert default.event_max_attempts == 8
    env = {
        "MERCATO_EVENT_RETENTION_DAYS": "3",
        "MERCATO_EVENT_HANDLER_TIMEOUT": "2.5",
        "MERCATO_EVENT_MAX_ATTEMPTS": "4",
    }
    read = Settings.from_env(env)
    assert (read.event_retention_days, read.event_handler_timeout) == (3, 2.5)
    assert read.event_max_attempts == 4
    for name in ("RETENTION_DAYS", "HANDLER_TIMEOUT", "MAX_ATTEMPTS"):
        with pytest.raises(ValueError, match=name.lower()):
            Settings.from_env({f"MERCATO_EVENT_{name}": "0"})
