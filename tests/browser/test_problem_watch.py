"""The browser tier's own guard: what goes wrong behind a page fails the step."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route

from tests.browser.pages import Journey, Problems, Screenshots
from tests.support.processes import free_port

pytestmark = pytest.mark.browser


@pytest.fixture
def blank(browser: Browser, tmp_path: Path) -> Iterator[Journey]:
    """A watched tab on no server (screenshots into ``tmp_path``)."""
    context = browser.new_context()
    context.route("**/broken", _answer_503)
    problems = Problems()
    problems.watch(context)
    base = f"http://127.0.0.1:{free_port()}"
    yield Journey(context.new_page(), base, problems, Screenshots("watch", folder=tmp_path))
    context.close()


def _answer_503(route: Route) -> None:
    route.fulfill(status=503, body="down", content_type="text/plain")


def _console_error(page: Page, base: str) -> None:
    page.set_content("<script>console.error('boom')</script>")


def _script_error(page: Page, base: str) -> None:
    page.set_content("<script>throw new Error('kaput')</script>")


def _refused_request(page: Page, base: str) -> None:
    page.evaluate("url => fetch(url).catch(() => null)", f"{base}/nobody-listens")


def _server_error(page: Page, base: str) -> None:
    page.goto(f"{base}/broken")


@pytest.mark.parametrize(
    ("cause", "event", "reported"),
    [
        (_console_error, "console", "console error: boom"),
        (_script_error, "weberror", "script error: kaput"),
        (_refused_request, "requestfailed", "request failed: GET"),
        (_server_error, "response", "503: GET"),
    ],
    ids=["console-error", "script-error", "failed-request", "server-error"],
)
def test_a_problem_behind_the_page_fails_the_next_step(
    blank: Journey, cause: Callable[[Page, str], None], event: str, reported: str
) -> None:
    blank.step("clean")
    with blank.page.context.expect_event(event):
        cause(blank.page, blank.base_url)

    with pytest.raises(AssertionError, match=reported):
        blank.step("after")
