"""The browser tier: Debian's Chromium, driven by Playwright, against ``mercato serve``.

Each test module gets its own server on a fresh SQLite database seeded with the demo (and
the example ``announcements`` module installed, not enabled); each test gets fresh browser
contexts (no cookies) from one Chromium shared by the package. A journey is a test function
that takes ``journey`` (and ``new_journey`` for a second person); the steps live in
``tests/browser/pages.py``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, expect, sync_playwright

from tests.browser.pages import TIMEOUT_MS, Journey, Problems, Screenshots, Site
from tests.support.processes import (
    ROOT,
    install_entry_point,
    mercato,
    mercato_env,
    serving,
)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ANNOUNCEMENTS = ROOT / "examples" / "mercato-announcements"
DEMO_PASSWORD = "browser-demo-password"


def _require_chromium() -> None:
    """Skip without Debian's Chromium; in CI (``CI`` set), fail instead."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return
    reason = f"{CHROMIUM} is missing: install Debian's chromium package (make browser-deps)"
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless; ``launch`` gives it a fresh temporary profile.

    Package-scoped, so that Playwright's driver stops before the other tiers run.
    """
    _require_chromium()
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS, timeout=30_000
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def site(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """``mercato serve`` on 127.0.0.1 (platform north) over a migrated, seeded SQLite file."""
    work = tmp_path_factory.mktemp("browser_site")
    entry_points = install_entry_point(
        work / "site",
        "mercato_announcements",
        "announcements",
        "mercato_announcements.definition:MODULE",
    )
    mailbox = work / "mailbox"
    env = mercato_env(
        f"sqlite:///{work / 'mercato.db'}",
        entry_points,
        MERCATO_DEFAULT_PLATFORM="north",
        MERCATO_DEVELOPMENT="true",  # as under make run
        MERCATO_MAILBOX_DIR=str(mailbox),
    )
    env["PYTHONPATH"] = os.pathsep.join([env["PYTHONPATH"], str(ANNOUNCEMENTS)])
    mercato(env, "db", "upgrade")
    mercato(env, "demo", "--password", DEMO_PASSWORD, "--days", "14")
    log = work / "server.log"
    with serving(env, log) as base_url:
        yield Site(base_url, DEMO_PASSWORD, log, mailbox)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """Keep each phase's report on the item, so fixtures can tell that a test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def new_journey(
    browser: Browser, site: Site, request: pytest.FixtureRequest
) -> Iterator[Callable[..., Journey]]:
    """``new_journey()``: a tab in a fresh browser context (another person, no cookies);
    ``new_journey(width=390)`` for a narrow screen (a phone).

    Every context is watched for problems; at the end they are checked once more, and a
    failed test leaves a screenshot of each tab as ``<test>-<NN>-failed.png``.
    """
    shots = Screenshots.of(request.node.name)
    shots.clear()
    opened: list[tuple[BrowserContext, Journey]] = []

    def make(width: int = 1280) -> Journey:
        context = browser.new_context(viewport={"width": width, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        problems = Problems()
        problems.watch(context)
        journey = Journey(context.new_page(), site.base_url, problems, shots, site.log_tail)
        opened.append((context, journey))
        return journey

    yield make
    failed = getattr(request.node, "report_call", None)
    try:
        for _, journey in opened:
            if failed is not None and failed.failed:
                shots.take(journey.page, "failed")
            else:
                journey.problems.assert_none("problems after the last step", site.log_tail)
    finally:
        for context, _ in opened:
            context.close()


@pytest.fixture
def journey(new_journey: Callable[[], Journey]) -> Journey:
    """A tab in a fresh browser context: a person who has not signed in yet."""
    return new_journey()
