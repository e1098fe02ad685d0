"""What people do with tenancy in a real browser: sign in, run the platform, build a team.

One test per journey, each in its own browser context against the module's server; a
journey that needs something another one did (an invitation, say) does it itself.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.pages import (
    Journey,
    Site,
    expect_dashboard,
    invite_member,
    sign_in,
    sign_in_as,
    sign_out,
)

pytestmark = pytest.mark.browser

ADMIN = "admin@demo.mercato"
OWNER = "owner@lumen-lighting.demo.mercato"
VENDOR = "lumen-lighting"
ADMIN_METRICS = (
    "tenancy.vendors.active",
    "tenancy.vendors.suspended",
    "tenancy.users",
    "tenancy.team_members",
    "tenancy.domains.verified",
    "tenancy.domains.pending",
)
VENDOR_METRICS = ("tenancy.team_members", "tenancy.domains.verified", "tenancy.domains.pending")


def test_the_platform_admin_signs_in_and_sees_every_dashboard_widget(
    journey: Journey, site: Site
) -> None:
    journey.open("/auth/login")
    expect(journey.heading()).to_have_text("Sign in")
    journey.step("sign-in-form")

    sign_in(journey, ADMIN, site.password)

    expect(journey.page).to_have_url(journey.at("/admin/"))
    expect(journey.page.locator("header .who")).to_have_text("Ada Admin")
    expect(journey.page.locator('header [data-platform="north"]')).to_be_visible()
    expect_dashboard(journey, ADMIN_METRICS, widgets=("recent_vendors",))
    widget = journey.page.locator('.widgets [data-widget="recent_vendors"]')
    expect(widget.get_by_role("link", name="Lumen Lighting")).to_be_visible()
    journey.step("dashboard")


def test_the_admin_enables_announcements_and_opens_its_page_from_the_menu(
    journey: Journey, site: Site
) -> None:
    sign_in_as(journey, ADMIN, site.password, "/admin/")
    expect(journey.menu_item("announcements")).to_have_count(0)
    journey.follow_menu("modules")
    row = journey.page.locator('[data-list="modules"] tr[data-module="announcements"]')
    expect(row.locator(".pill")).to_have_text("disabled")
    journey.step("modules-before")

    journey.submit(row.locator('[data-action="enable-announcements"]'))

    expect(row.locator(".pill")).to_have_text("enabled")
    expect(row.locator('[data-action="disable-announcements"]')).to_be_visible()
    expect(journey.menu_item("announcements")).to_be_visible()
    journey.step("modules-after")
    journey.follow_menu("announcements")
    expect(journey.page).to_have_url(journey.at("/admin/announcements"))
    expect(journey.heading()).to_have_text("Announcements")
    expect(journey.page.get_by_text("No announcements.")).to_be_visible()
    journey.step("announcements")


def test_a_vendor_owner_invites_a_team_member_and_sees_the_invitation(
    journey: Journey, site: Site
) -> None:
    sign_in_as(journey, ADMIN, site.password, "/admin/")
    sign_out(journey)
    journey.step("signed-out")
    sign_in(journey, OWNER, site.password)
    expect(journey.page).to_have_url(journey.at(f"/vendor/{VENDOR}/"))
    expect(journey.page.locator(f'header [data-vendor="{VENDOR}"]')).to_be_visible()
    expect_dashboard(journey, VENDOR_METRICS)
    journey.step("vendor-dashboard")

    link = invite_member(journey, site, VENDOR, "newcomer@lumen.example", "staff")

    port = site.base_url.rsplit(":", 1)[1]  # north's own domain, never the host we came by
    assert link.startswith(f"http://north.localhost:{port}/auth/invitations/")
    expect(journey.page.locator("main")).not_to_contain_text("/auth/invitations/")
    journey.submit(journey.page.get_by_role("link", name="Back to the team"))
    invitation = journey.page.locator('[data-list="invitations"] tr', has_text="newcomer@lumen")
    expect(invitation).to_have_count(1)
    expect(invitation.locator(".pill")).to_have_text("open")
    expect(invitation).to_contain_text("Staff")
    expect(journey.page.locator("main")).not_to_contain_text(link)
    journey.step("team-with-invitation")


def test_an_invited_person_creates_an_account_and_lands_on_the_vendor_dashboard(
    journey: Journey, new_journey: Callable[[], Journey], site: Site
) -> None:
    sign_in_as(journey, OWNER, site.password, f"/vendor/{VENDOR}/")
    link = invite_member(journey, site, VENDOR, "joiner@lumen.example", "manager")
    invitee = new_journey()
    assert invitee.page.context.cookies() == []

    invitee.open(urlsplit(link).path)  # north.localhost and 127.0.0.1 are both north here
    expect(invitee.heading()).to_have_text("Join the team of Lumen Lighting")
    expect(invitee.page.locator("main")).to_contain_text("joiner@lumen.example")
    invitee.page.get_by_label("Your name").fill("Jo Joiner")
    invitee.page.get_by_label("Choose a password").fill("a-long-enough-password")
    invitee.step("invitation-form")
    invitee.submit(invitee.page.get_by_role("button", name="Create my account and join"))

    expect(invitee.page).to_have_url(invitee.at(f"/vendor/{VENDOR}/"))
    expect(invitee.page.locator("header .who")).to_have_text("Jo Joiner")
    expect_dashboard(invitee, VENDOR_METRICS)
    invitee.step("vendor-dashboard")
    invitee.follow_menu("team")
    member = invitee.page.locator('[data-list="members"] tr', has_text="joiner@lumen.example")
    expect(member).to_contain_text("you")
    invitee.step("team")


def test_a_stranger_is_sent_to_sign_in_and_back_to_the_page_they_asked_for(
    journey: Journey, site: Site
) -> None:
    journey.open("/admin/vendors")

    expect(journey.page).to_have_url(journey.at("/auth/login"))
    assert "next=%2Fadmin%2Fvendors" in journey.page.url
    expect(journey.page.locator("nav.sidebar a")).to_have_count(0)
    journey.step("sign-in-form")
    sign_in(journey, ADMIN, site.password)

    expect(journey.page).to_have_url(journey.at("/admin/vendors"))
    expect(journey.heading()).to_have_text("Vendors on North Market")
    vendors = journey.page.locator("main table")
    for name in ("Fjord Outfitters", "Lumen Lighting", "Atlas Books"):
        expect(vendors).to_contain_text(name)
    journey.step("vendors")


def _fits(journey: Journey, width: int) -> None:
    """The page is no wider than the screen (nothing stretches it sideways)."""
    wide = journey.page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, f"{journey.page.url} is {wide} px wide on a {width} px screen"


def test_pages_work_on_a_390_px_screen_with_the_sidebar_collapsed(
    new_journey: Callable[..., Journey], site: Site
) -> None:
    phone = new_journey(width=390)
    sign_in_as(phone, ADMIN, site.password, "/admin/")
    sidebar = phone.page.locator("nav.sidebar")
    expect(sidebar).to_be_hidden()
    _fits(phone, 390)
    phone.step("dashboard-narrow")

    phone.page.locator("header label.menu-button").click()
    expect(sidebar).to_be_visible()
    phone.step("menu-open")
    phone.follow_menu("companies")
    expect(phone.heading()).to_have_text("Companies")
    phone.submit(phone.page.get_by_role("link", name="New company"))
    phone.page.get_by_label("Name").fill("W" * 200)
    phone.submit(phone.page.get_by_role("button", name="Create company"))
    for page in ("companies", "vendors/new", "users", "platforms"):
        phone.open(f"/admin/{page}")
        _fits(phone, 390)
        phone.step(f"narrow-{page.replace('/', '-')}")


def test_the_invitation_link_is_copied_with_its_button(journey: Journey, site: Site) -> None:
    journey.page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in_as(journey, OWNER, site.password, f"/vendor/{VENDOR}/")
    link = invite_member(journey, site, VENDOR, "copier@lumen.example", "staff")
    expect(journey.page.locator("[data-invited-vendor]")).to_have_text("Lumen Lighting")
    sign_out(journey)
    sign_in(journey, ADMIN, site.password)
    journey.open("/admin/mailbox")
    mail = journey.page.locator("article.mail", has_text="copier@lumen.example").first

    mail.get_by_role("button", name="Copy the link").click()

    expect(mail.get_by_role("button", name="Copied")).to_be_visible()
    assert journey.page.evaluate("navigator.clipboard.readText()") == link
    journey.step("link-copied")
