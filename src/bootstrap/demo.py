"""``mercato demo``: a believable demo, seeded once."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from mercato.bootstrap.container import ApplicationContainer
from mercato.bootstrap.demo_customers import seed_demo_customers

__all__ = ["DemoReport", "seed_demo"]

PLATFORMS = (
    ("north", "North Market", "north.localhost"),
    ("south", "South Bazaar", "south.localhost"),
)
COMPANIES = ("Nordic Goods AB", "Sunrise Trading Ltd", "Atlas Retail GmbH")
VENDORS = (  # slug, name, company, platforms
    ("fjord-outfitters", "Fjord Outfitters", 0, ("north",)),
    ("lumen-lighting", "Lumen Lighting", 0, ("north", "south")),
    ("sol-ceramics", "Sol Ceramics", 1, ("south",)),
    ("atlas-books", "Atlas Books", 2, ("north", "south")),
)
ROLES = ("owner", "manager", "staff", "viewer")


@dataclass
class DemoReport:
    """What the demo seeded, and how to sign in."""

    created: bool
    password: str = ""
    accounts: list[str] = field(default_factory=list)


async def seed_demo(
    c: ApplicationContainer, password: str | None = None, days: int = 90
) -> DemoReport:
    """Seed the demo unless its super admin exists already (idempotent); ``days`` of
    orders."""
    t = c.components().container("tenancy")
    identity = t.identity()
    if await identity.by_email("admin@demo.mercato") is not None:
        await seed_demo_customers(c, [v[0] for v in VENDORS])  # a demo older than customers
        await _seed_optional(c, t, days)  # modules added since the demo was seeded
        return DemoReport(created=False)
    password = password or secrets.token_urlsafe(9)
    platform_ids = {}
    for code, name, domain in PLATFORMS:
        existing = await t.platforms().get(code)
        platform_ids[code] = (existing or await t.platforms().create(code, name, [domain])).id
    report = DemoReport(created=True, password=password)
    admin = await identity.create_user("admin@demo.mercato", password, "Ada Admin")
    await identity.grant_admin(admin.id, None)
    report.accounts.append("admin@demo.mercato (super admin)")
    ops = await identity.create_user("ops@south.demo.mercato", password, "Sam South")
    await identity.grant_admin(ops.id, platform_ids["south"])
    report.accounts.append("ops@south.demo.mercato (administrator of south)")
    companies = [(await t.companies().create(name)).id for name in COMPANIES]
    for slug, name, company, on in VENDORS:
        vendor = await t.vendors().create(
            slug, name, companies[company], [platform_ids[p] for p in on]
        )
        for role in ROLES:
            email = f"{role}@{slug}.demo.mercato"
            user = await identity.create_user(email, password, f"{name} {role.title()}")
            await t.teams().add_member(vendor.id, user.id, role)
        report.accounts.append(f"{{owner,manager,staff,viewer}}@{slug}.demo.mercato")
    await t.domains().add(await _vendor_id(t, "lumen-lighting"), "shop.lumen.example")
    await seed_demo_customers(c, [v[0] for v in VENDORS])
    await _seed_optional(c, t, days)
    return report


async def _seed_optional(c: ApplicationContainer, tenancy: object, days: int) -> None:
    """The optional modules' demo data, each idempotent (nothing when a module is absent)."""
    from mercato.bootstrap.demo_catalog import seed_catalog_demo
    from mercato.bootstrap.demo_orders import seed_commerce_demo

    vendors = {slug: await _vendor_id(tenancy, slug) for slug, *_ in VENDORS}
    found = {code: p.id for code, *_ in PLATFORMS if (p := await tenancy.platforms().get(code))}  # type: ignore[attr-defined]
    platforms = list(found.values())
    await seed_catalog_demo(c, vendors, platforms)
    on = {s: (vendors[s], [found[p] for p in where if p in found]) for s, *_, where in VENDORS}
    await seed_commerce_demo(c, on, platforms, days)


async def _vendor_id(tenancy: object, slug: str) -> int:
    vendor = await tenancy.vendors().by_slug(slug)  # type: ignore[attr-defined]
    assert vendor is not None
    return int(vendor.id)
