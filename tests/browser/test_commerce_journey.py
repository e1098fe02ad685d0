"""Commerce in a real browser: the operator turns on inventory and orders; a vendor owner
creates a product, receives stock, places an order, fulfils it and sees the dashboard move.

This module has its own server (the demo, which enables the catalog on north).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from tests.browser.pages import Journey, Site, sign_in_as

pytestmark = pytest.mark.browser

ADMIN = "admin@demo.mercato"
OWNER = "owner@lumen-lighting.demo.mercato"
VENDOR = "lumen-lighting"
BASE = f"/vendor/{VENDOR}"


def _enable_commerce(journey: Journey, site: Site) -> None:
    """As the operator, enable inventory and orders on north (the catalog is on)."""
    sign_in_as(journey, ADMIN, site.password, "/admin/")
    journey.follow_menu("modules")
    for code in ("inventory", "orders"):
        row = journey.page.locator(f'[data-list="modules"] tr[data-module="{code}"]')
        button = row.locator(f'[data-action="enable-{code}"]')
        if button.count():
            journey.submit(button)
        expect(row.locator(".pill")).to_have_text("enabled")
    journey.step("commerce-enabled")


def _create_product(journey: Journey) -> None:
    journey.open(f"{BASE}/products/new")
    form = journey.page.locator("form.product-form")
    form.get_by_label("Title").fill("Journey Lamp")
    form.get_by_label("Status").select_option("active")
    form.get_by_label("Options (at most three)").fill("Size")
    form.get_by_label("SKU 1", exact=True).fill("JOURNEY-M")
    form.get_by_label("Option values 1", exact=True).fill("M")
    form.get_by_label("Price 1", exact=True).fill("25.00")
    form.get_by_label("Currency 1", exact=True).fill("EUR")
    journey.step("product-form")
    journey.submit(form.get_by_role("button", name="Create"))
    expect(journey.heading()).to_have_text("Journey Lamp")
    journey.step("product-created")


def _receive_stock(journey: Journey) -> None:
    journey.open(f"{BASE}/stock")
    movement = journey.page.locator('form[data-form="movement"]')
    movement.get_by_label("SKU").fill("JOURNEY-M")
    movement.get_by_label("Kind").select_option("receipt")
    movement.get_by_label("Quantity").fill("5")
    journey.submit(movement.get_by_role("button", name="Record"))
    expect(journey.page.locator('[data-sku="JOURNEY-M"]').first).to_contain_text("5")
    journey.step("stock-received")


def _place_order(journey: Journey) -> str:
    """Place 2 x JOURNEY-M with 4.50 shipping from the orders menu; the order's number."""
    page = journey.page
    journey.follow_menu("orders")
    journey.submit(page.locator('[data-action="place"]'))
    place = page.locator('form[data-form="place-order"]')
    place.get_by_label("E-mail").fill("journey.buyer@example.com")
    place.get_by_label("Name").fill("Journey Buyer")
    place.get_by_label("SKU 1", exact=True).fill("JOURNEY-M")
    place.get_by_label("Quantity 1", exact=True).fill("2")
    place.get_by_label(re.compile("^Shipping")).fill("450")
    journey.step("place-order-form")
    journey.submit(place.get_by_role("button", name="Place the order"))
    expect(journey.heading()).to_have_text(re.compile(r"^Order \d+$"))
    number = journey.heading().inner_text().split()[-1]
    expect(page.get_by_role("status")).to_have_text(f"Order {number} placed.")
    expect(page.locator("[data-total]")).to_have_text("54.50 EUR")
    journey.step("order-placed")
    return number


def _fulfil(journey: Journey, number: str) -> None:
    page = journey.page
    journey.submit(page.locator('form[data-action="fulfil"]').get_by_role("button"))
    expect(journey.heading()).to_have_text("Please confirm")
    expect(page.get_by_text(f"Fulfil order {number}?")).to_be_visible()
    journey.step("fulfil-confirm")
    journey.submit(page.locator("main form").get_by_role("button", name="Fulfil"))
    expect(page.locator('[data-status="fulfilment"]')).to_have_text("fulfilled")
    expect(page.locator('form[data-action="fulfil"]')).to_have_count(0)
    journey.step("order-fulfilled")


def _revenue_today(journey: Journey) -> int:
    """Today's revenue in cents, as the revenue chart's table on the dashboard writes it."""
    revenue = journey.page.locator('.widgets [data-widget="revenue_eur"]')
    expect(revenue).to_be_visible()
    revenue.get_by_text("Show the numbers").click()
    last = revenue.locator("details table tbody tr").last
    expect(last).to_be_visible()
    written = last.locator("td").inner_text()  # "EUR 1,234.50"
    return int(re.sub(r"[^0-9]", "", written))


def test_an_owner_sells_a_product_from_the_shelf_to_the_dashboard(
    new_journey: Callable[..., Journey], site: Site
) -> None:
    _enable_commerce(new_journey(), site)
    journey = new_journey()
    sign_in_as(journey, OWNER, site.password, f"{BASE}/")
    journey.open(f"{BASE}/")
    before = _revenue_today(journey)  # the demo's orders of today, if any
    _create_product(journey)
    _receive_stock(journey)
    number = _place_order(journey)
    _fulfil(journey, number)

    journey.open(f"{BASE}/")
    page = journey.page
    today = page.locator('.metrics [data-metric="orders.today"] .value')
    expect(today).to_have_text(re.compile(r"^[1-9]\d*$"))
    assert _revenue_today(journey) == before + 5450  # 2 x 25.00 + 4.50 shipping
    recent = page.locator('.widgets [data-widget="recent_orders"]')
    expect(recent.get_by_role("link", name=f"Order {number}")).to_be_visible()
    journey.step("dashboard")
