"""What a person does in the browser, as small steps the journeys share.

A :class:`Journey` is one browser tab of a test: it opens paths of the served app, fills
and submits forms, and saves a screenshot of every step as
``var/screenshots/<test>-<NN>-<step>.png``. Each step also checks that nothing went wrong
behind the page: a console error, an uncaught script error, a failed request or a response
of 500 or more fails the test (see :class:`Problems`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import (
    BrowserContext,
    ConsoleMessage,
    Locator,
    Page,
    Request,
    Response,
    expect,
)

from tests.support.mailbox import Outbox
from tests.support.processes import ROOT

__all__ = [
    "SCREENSHOTS",
    "TIMEOUT_MS",
    "Journey",
    "Problems",
    "Screenshots",
    "Site",
    "expect_dashboard",
    "invite_member",
    "sign_in",
    "sign_in_as",
    "sign_out",
]

TIMEOUT_MS = 10_000
SCREENSHOTS = ROOT / "var" / "screenshots"


@dataclass(frozen=True)
class Site:
    """A running ``mercato serve``: where it answers, and the demo accounts' password."""

    base_url: str
    password: str
    log: Path
    mailbox: Path

    def log_tail(self, lines: int = 40) -> str:
        """The end of the server's output (for failure messages)."""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


@dataclass
class Problems:
    """Everything that went wrong behind the pages of one browser context."""

    found: list[str] = field(default_factory=list)

    def watch(self, context: BrowserContext) -> None:
        """Record console errors, script errors, failed requests and 5xx responses."""
        context.on("console", self._console)
        context.on("weberror", lambda error: self.found.append(f"script error: {error.error}"))
        context.on("requestfailed", self._failed)
        context.on("response", self._response)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location
            self.found.append(
                f"console error: {message.text} ({where['url']}:{where['lineNumber']})"
            )

    def _failed(self, request: Request) -> None:
        self.found.append(f"request failed: {request.method} {request.url} ({request.failure})")

    def _response(self, response: Response) -> None:
        if response.status >= 500:
            self.found.append(f"{response.status}: {response.request.method} {response.url}")

    def assert_none(self, where: str, server_log: Callable[[], str] = str) -> None:
        """Fail with every problem seen so far, and the end of the server's log."""
        if self.found:
            listed = "\n  ".join(self.found)
            raise AssertionError(f"{where}:\n  {listed}\nserver log:\n{server_log()}")


@dataclass
class Screenshots:
    """The numbered screenshots of one test (every tab of the test shares the numbering)."""

    test: str
    folder: Path = SCREENSHOTS
    taken: list[Path] = field(default_factory=list)

    @classmethod
    def of(cls, test_name: str) -> Screenshots:
        """The screenshots of a test, named safely (``test_x[case]`` gives ``test_x-case-``)."""
        return cls(re.sub(r"[^\w.-]+", "-", test_name))

    def clear(self) -> None:
        """Remove the screenshots an earlier run of this test left behind."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob(f"{self.test}-*.png"):
            old.unlink()

    def take(self, page: Page, step: str) -> Path:
        """Save the whole page as ``<test>-<NN>-<step>.png``."""
        path = self.folder / f"{self.test}-{len(self.taken) + 1:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        self.taken.append(path)
        return path


@dataclass
class Journey:
    """One tab of a test on the served app: open, act, and record each step."""

    page: Page
    base_url: str
    problems: Problems
    screenshots: Screenshots
    server_log: Callable[[], str] = str

    def url(self, path: str) -> str:
        """The absolute URL of ``path`` on the served app."""
        return self.base_url + path

    def at(self, path: str) -> re.Pattern[str]:
        """A pattern matching the page's URL when it is ``path`` (any query string)."""
        return re.compile(re.escape(self.url(path)) + r"(\?.*)?$")

    def open(self, path_or_url: str) -> None:
        """Type an address into the address bar and wait for the page."""
        target = path_or_url if "://" in path_or_url else self.url(path_or_url)
        self.page.goto(target, wait_until="load")

    def step(self, name: str) -> None:
        """Screenshot this step and fail on anything that went wrong so far."""
        self.page.wait_for_load_state("load")
        self.screenshots.take(self.page, name)
        self.problems.assert_none(f"problems up to step '{name}'", self.server_log)

    def submit(self, button: Locator) -> None:
        """Click a form's submit button and wait for the page it leads to."""
        with self.page.expect_navigation(wait_until="load"):
            button.click()

    def menu_item(self, item: str) -> Locator:
        """The sidebar link of menu item ``item``."""
        return self.page.locator(f'nav.sidebar [data-menu-item="{item}"]')

    def follow_menu(self, item: str) -> None:
        """Click a sidebar link and wait for its page."""
        link = self.menu_item(item)
        expect(link).to_be_visible()
        self.submit(link)

    def heading(self) -> Locator:
        """The page's main heading."""
        return self.page.locator("main h1")


def sign_in(journey: Journey, email: str, password: str) -> None:
    """Fill the sign-in form (already open) and submit it."""
    form = journey.page.locator('form[action="/auth/login"]')
    expect(form).to_be_visible()
    form.get_by_label("E-mail").fill(email)
    form.get_by_label("Password").fill(password)
    journey.submit(form.get_by_role("button", name="Sign in"))


def sign_in_as(journey: Journey, email: str, password: str, lands_on: str) -> None:
    """Open the sign-in page, sign in, and land on ``lands_on`` (two steps)."""
    journey.open("/auth/login")
    journey.step("sign-in-form")
    sign_in(journey, email, password)
    expect(journey.page).to_have_url(journey.at(lands_on))
    journey.step("signed-in")


def sign_out(journey: Journey) -> None:
    """Press the top bar's sign-out button and land on the sign-in page."""
    journey.submit(journey.page.locator("header.topbar").get_by_role("button", name="Sign out"))
    expect(journey.page).to_have_url(journey.at("/auth/login"))
    expect(journey.page.get_by_role("status")).to_have_text("You are signed out.")


def expect_dashboard(journey: Journey, metrics: Sequence[str], widgets: Sequence[str] = ()) -> None:
    """The dashboard shows a card with a number for every metric, every widget, and no
    module's slot is "unavailable"."""
    page = journey.page
    expect(journey.heading()).to_have_text("Dashboard")
    for key in metrics:
        card = page.locator(f'.metrics [data-metric="{key}"]')
        expect(card).to_be_visible()
        expect(card.locator(".value")).to_have_text(re.compile(r"\d"))
    for key in widgets:
        expect(page.locator(f'.widgets [data-widget="{key}"]')).to_be_visible()
    for rendered in page.locator(".metrics .metric, .widgets .widget").all():
        expect(rendered).to_be_visible()
    expect(page.locator('[data-status="unavailable"]')).to_have_count(0)
    expect(page.get_by_text("Some parts of this page are unavailable")).to_have_count(0)


def invite_member(
    journey: Journey, site: Site, vendor: str, email: str, role: str = "staff"
) -> str:
    """From the vendor dashboard, invite ``email`` on the team page; the link mailed to them.

    Leaves the tab on the "Invitation sent" page, which never shows the link.
    """
    journey.follow_menu("team")
    expect(journey.page).to_have_url(journey.at(f"/vendor/{vendor}/team"))
    form = journey.page.locator('form[data-form="invite"]')
    form.get_by_label("E-mail").fill(email)
    form.get_by_label("Role").select_option(role)
    journey.step("team-invite-form")
    journey.submit(form.get_by_role("button", name="Send the invitation"))
    expect(journey.heading()).to_have_text("Invitation sent")
    expect(journey.page.locator("[data-development-mode]")).to_contain_text("local mailbox")
    journey.step("invitation-sent")
    return Outbox(None, site.mailbox).link_to(email)
