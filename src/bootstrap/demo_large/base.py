"""Vendors, products with their variants, and customers of the large demo, by COPY.

Rows get explicit ids (after the tables' current highest), so that the rows that refer to
them can be written in the same pass; the sequences are moved past them at the end.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from mercato.bootstrap.demo_large.plan import Plan
from mercato.bootstrap.demo_large.words import (
    ADJECTIVES,
    CITIES,
    FIRST_NAMES,
    KINDS,
    LAST_NAMES,
    MATERIALS,
    OPTION_VALUES,
    SHOP_WORDS,
    STREETS,
)

__all__ = ["SLUG_PREFIX", "Sellable", "VendorStock", "next_id", "write_base"]

SLUG_PREFIX = "gen-"
"""Every generated vendor's slug starts so (and no hand-made demo vendor's does)."""
_COUNTS = (1, 2, 3, 4, 5, 6)
_COUNT_WEIGHTS = (12, 18, 25, 25, 10, 10)  # 3.3 variants a product on average


@dataclass(slots=True)
class VendorStock:
    """What orders are made of, per generated vendor."""

    id: int
    platform_ids: tuple[int, ...]
    sellable: list[Sellable] = field(default_factory=list)
    customers: list[tuple[int, str, str]] = field(default_factory=list)  # id, email, name


Sellable = tuple[int, str, str, int]
"""An active variant: id, SKU, line title (product / options), price in cents."""


async def next_id(conn: Any, table: str) -> int:
    """The first free id of ``table`` (after its highest)."""
    return int(await conn.fetchval(f"SELECT coalesce(max(id), 0) + 1 FROM {table}"))


async def write_base(
    conn: Any,
    plan: Plan,
    platform_ids: tuple[int, int],
    now: datetime,
    rng: random.Random,
    done: Callable[[str, int], None],
) -> list[VendorStock]:
    """Write companies, vendors (on the platforms), products, variants and customers;
    ``done(what, rows)`` after each."""
    vendors = await _vendors(conn, plan, platform_ids, now)
    done("vendors (and their companies)", len(vendors))
    products, variants = await _catalog(conn, plan, vendors, now, rng)
    done("products", products)
    done("variants", variants)
    done("customers", await _customers(conn, plan, vendors, now, rng))
    return vendors


def _vendor_platforms(i: int, north: int, south: int) -> tuple[int, ...]:
    if i == 0:
        return (north,)  # the largest vendor sells on the first demo platform
    if i % 5 == 0:
        return (north, south)
    return (north,) if i % 2 else (south,)


async def _vendors(
    conn: Any, plan: Plan, platform_ids: tuple[int, int], now: datetime
) -> list[VendorStock]:
    since = now - timedelta(days=plan.days + 35)
    first_company = await next_id(conn, "companies")
    first_vendor = await next_id(conn, "vendors")
    first, second = SHOP_WORDS
    companies: list[tuple[Any, ...]] = []
    vendor_rows: list[tuple[Any, ...]] = []
    joined: list[tuple[Any, ...]] = []
    made: list[VendorStock] = []
    for i in range(plan.vendors):
        company_id = first_company + i // 4
        if i % 4 == 0:
            companies.append((company_id, f"Generated Holdings {i // 4 + 1}", "", since))
        name = f"{first[i % len(first)]} {second[(i // len(first)) % len(second)]} {i + 1}"
        slug = f"{SLUG_PREFIX}{i + 1:04d}-{name.split(maxsplit=1)[0].lower()}"
        vendor_id = first_vendor + i
        vendor_rows.append((vendor_id, slug, name, company_id, since))
        on = _vendor_platforms(i, *platform_ids)
        joined.extend((vendor_id, p, "active", since) for p in on)
        made.append(VendorStock(vendor_id, on))
    await conn.copy_records_to_table(
        "companies",
        records=companies,
        columns=["id", "name", "registration_number", "created_at"],
    )
    await conn.copy_records_to_table(
        "vendors", records=vendor_rows, columns=["id", "slug", "name", "company_id", "created_at"]
    )
    await conn.copy_records_to_table(
        "vendor_platforms",
        records=joined,
        columns=["vendor_id", "platform_id", "status", "joined_at"],
    )
    return made


def _combinations(options: tuple[str, ...]) -> list[tuple[str, ...]]:
    combos: list[tuple[str, ...]] = [(v,) for v in OPTION_VALUES[options[0]]]
    for option in options[1:]:
        combos = [(*c, v) for c in combos for v in OPTION_VALUES[option]]
    return combos


def _code(value: str) -> str:
    return "".join(ch for ch in value.upper() if ch.isalnum())[:3]


async def _catalog(
    conn: Any, plan: Plan, vendors: list[VendorStock], now: datetime, rng: random.Random
) -> tuple[int, int]:
    product_id = await next_id(conn, "catalog_products")
    variant_id = await next_id(conn, "catalog_variants")
    products, variants = [], []
    for stock, count in zip(vendors, plan.products, strict=True):
        for p in range(1, count + 1):
            noun, kind, code, options, base = rng.choice(KINDS)
            title = f"{rng.choice(ADJECTIVES)} {rng.choice(MATERIALS)} {noun}"
            status = (
                "active" if p == 1 else rng.choices(("active", "draft", "archived"), (90, 6, 4))[0]
            )
            combos = _combinations(options)
            start = rng.randrange(len(combos))
            k = min(len(combos), rng.choices(_COUNTS, _COUNT_WEIGHTS)[0])
            price = int(base * rng.uniform(0.7, 1.6)) // 100 * 100 + 90
            skus: list[str] = []
            for position in range(1, k + 1):
                values = combos[(start + position - 1) % len(combos)]
                sku = f"{code}-{p:05d}-{'-'.join(_code(v) for v in values)}"
                if sku in skus:
                    sku = f"{code}-{p:05d}-{position}"
                skus.append(sku)
                padded = (*values, "", "", "")[:3]
                compare = price * 5 // 4 if rng.random() < 0.1 else None
                variants.append(
                    (
                        variant_id,
                        stock.id,
                        product_id,
                        position,
                        sku,
                        *padded,
                        price,
                        "EUR",
                        compare,
                    )
                )
                if status == "active":
                    stock.sellable.append((variant_id, sku, " / ".join((title, *values)), price))
                variant_id += 1
            tags = (kind.lower(), title.split()[1].lower())
            created = now - timedelta(days=rng.uniform(plan.days, plan.days + 30))
            products.append(
                (
                    product_id,
                    stock.id,
                    f"{title.lower().replace(' ', '-')}-{p}",
                    title,
                    f"<p>{title}: {kind.lower()} from the generated catalogue.</p>",
                    kind,
                    ",".join(tags),
                    json.dumps(list(options)),
                    status,
                    "\n".join((title, *tags, *skus)).lower(),
                    created,
                    created,
                )
            )
            product_id += 1
    await conn.copy_records_to_table(
        "catalog_products",
        records=products,
        columns=[
            "id",
            "vendor_id",
            "handle",
            "title",
            "description",
            "product_type",
            "tags",
            "options",
            "status",
            "search_text",
            "created_at",
            "updated_at",
        ],
    )
    await conn.copy_records_to_table(
        "catalog_variants",
        records=variants,
        columns=[
            "id",
            "vendor_id",
            "product_id",
            "position",
            "sku",
            "option1",
            "option2",
            "option3",
            "price_amount",
            "currency",
            "compare_at_amount",
        ],
    )
    return len(products), len(variants)


async def _customers(
    conn: Any, plan: Plan, vendors: list[VendorStock], now: datetime, rng: random.Random
) -> int:
    customer_id = await next_id(conn, "customers")
    rows = []
    for stock, count in zip(vendors, plan.customers, strict=True):
        for c in range(1, count + 1):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            email = f"{first}.{last}.{c}@example.{'org' if c % 3 else 'com'}".lower()
            addresses = []
            if c % 2:
                city, country = rng.choice(CITIES)
                street = f"{rng.choice(STREETS)} {rng.randint(1, 180)}"
                addresses.append({"line1": street, "city": city, "country": country})
            created = now - timedelta(days=rng.uniform(plan.days, plan.days + 30))
            consent = c % 3 != 1
            rows.append(
                (
                    customer_id,
                    stock.id,
                    email,
                    f"{first} {last}",
                    "",
                    json.dumps(addresses),
                    consent,
                    created if consent else None,
                    "",
                    created,
                    created,
                )
            )
            stock.customers.append((customer_id, email, f"{first} {last}"))
            customer_id += 1
    await conn.copy_records_to_table(
        "customers",
        records=rows,
        columns=[
            "id",
            "vendor_id",
            "email",
            "name",
            "phone",
            "addresses",
            "marketing_consent",
            "consent_at",
            "notes",
            "created_at",
            "updated_at",
        ],
    )
    return len(rows)
