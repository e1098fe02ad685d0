"""Both sides of the boundary between two platforms, for the tenant-boundary tests.

On top of the :mod:`tests.support.world`: ``ops-south`` administers south only, ``ops-north``
north only; ``sol`` is a vendor on south only (owner ``sol-owner``), ``fjord`` one on north
only (company "North Holdings"); globex (north only) has an invitation, a custom role, a
domain and a second token. :func:`platform_state` reads
everything that belongs to one platform straight from the database, so that a test can
check that a request from the other side changed none of it.
"""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from typing import Any

from mercato.bootstrap.library import close_container
from tests.support.app import container_with
from tests.support.flaky.definition import MODULE as FLAKY
from tests.support.outbox import seed_failed_deliveries
from tests.support.probe.definition import MODULE as PROBE
from tests.support.world import PASSWORD, World

__all__ = ["Frontier", "platform_state", "seed_frontier"]


@dataclass
class Frontier:
    """The world, what was added to it, and the strings that belong to north only."""

    world: World
    ids: dict[str, int] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    north_only: tuple[str, ...] = ()

    def bearer(self, name: str) -> dict[str, str]:
        """Headers presenting the token ``name`` (the world's or the frontier's)."""
        secret = self.tokens.get(name) or self.world.tokens[name]
        return {"Authorization": f"Bearer {secret}"}


async def _seed(front: Frontier) -> None:
    world = front.world
    c = container_with(world.url, (PROBE, FLAKY))
    try:
        t = c.components().container("tenancy")
        identity, teams, tokens = t.identity(), t.teams(), t.tokens()
        north, south = world.platforms["north"], world.platforms["south"]
        for who, platform in (("ops-south", south), ("ops-north", north)):
            user = await identity.create_user(world.email(who), PASSWORD, who)
            await identity.grant_admin(user.id, platform)
            world.users[who] = user.id
            _, front.tokens[f"{who}@token"] = await tokens.issue(
                user.id, f"{who} token", platform_id=platform
            )
        company = await t.companies().create("Sol Holdings")
        sol = await t.vendors().create("sol", "Sol Ceramics", company.id, [south])
        world.vendors["sol"] = sol.id
        owner = await identity.create_user(world.email("sol-owner"), PASSWORD)
        world.users["sol-owner"] = owner.id
        await teams.add_member(sol.id, owner.id, "owner")
        _, front.tokens["sol"] = await tokens.issue(owner.id, "sol token", vendor_id=sol.id)
        north_company = await t.companies().create("North Holdings")
        fjord = await t.vendors().create("fjord", "Fjord", north_company.id, [north])
        world.vendors["fjord"] = fjord.id
        globex = world.vendors["globex"]
        invitation = await teams.invite(
            globex, "globex-invitee@example.com", "staff", None, "http://north.test/auth/i"
        )
        role = await teams.create_role(globex, "Globex secret role", ["team.view"])
        domain = await t.domains().add(globex, "globex-shop.example")
        token, _ = await tokens.issue(world.users["globex-owner"], "globex extra", vendor_id=globex)
        customer = (
            await c.components()
            .container("customers")
            .directory()
            .find_or_create(globex, "globex-customer@example.com", "Globex Customer")
        )
        front.ids.update(
            invitation_id=invitation.id,
            role_id=role.id,
            domain_id=domain.id,
            token_id=token.id,
            customer_id=customer.id,
        )
        if "catalog" in c.registry():  # removable: optional modules may be absent
            front.ids["product_id"] = await _globex_product(c, globex)
        if "orders" in c.registry():
            front.ids["number"] = await _globex_order(c, north, globex)
        front.north_only = (
            "globex",
            world.email("globex-owner"),
            world.email("ops-north"),
            "globex-invitee@example.com",
            "Globex secret role",
            "globex-shop.example",
            "globex extra",
            "North Market",
            "North Holdings",
            "globex-customer@example.com",
            "Globex north product",
            "GLOBEX-NORTH-SKU",
            "globex-buyer@example.com",
        )
    finally:
        await close_container(c)


async def _globex_product(c: Any, globex: int) -> int:
    from mercato.domain.catalog.model import ProductDraft, VariantDraft
    from mercato.ports.catalog import ProductStatus
    from mercato.ports.money import Money

    catalog = c.components().container("catalog").catalog()
    variant = VariantDraft("GLOBEX-NORTH-SKU", Money(500, "EUR"))
    draft = ProductDraft("", "Globex north product", (variant,), ProductStatus.ACTIVE)
    product = await catalog.create(globex, draft)
    return int(product.id)


async def _globex_order(c: Any, north: int, globex: int) -> int:
    """An order of globex's product; its number."""
    from mercato.domain.orders.placing import PlaceOrder, RequestedLine

    orders = c.components().container("orders").orders()
    wanted = PlaceOrder("globex-buyer@example.com", (RequestedLine("GLOBEX-NORTH-SKU", 1),))
    return int((await orders.place(north, globex, "frontier", wanted)).number)


def seed_frontier(world: World) -> Frontier:
    """Add both sides of the boundary to the (copied) world's database; the new tokens join
    ``world.tokens`` too."""
    front = Frontier(world)
    asyncio.run(_seed(front))
    # A failed delivery of a north event (the super admin's page lists every platform's).
    (front.ids["delivery_id"],) = seed_failed_deliveries(world.url, world.platforms["north"], 1)
    world.tokens.update(front.tokens)
    return front


# What belongs to the platform ``:p``: the platform, its domains, modules, menus and
# administrators, the vendors on it with everything of theirs, and their people.
_VENDORS = "SELECT vendor_id FROM vendor_platforms WHERE platform_id = :p"
_PEOPLE = (
    f"SELECT user_id FROM vendor_members WHERE vendor_id IN ({_VENDORS}) "
    "UNION SELECT user_id FROM platform_admins WHERE platform_id = :p OR platform_id IS NULL"
)
_STATE = {
    "platform": "SELECT id, code, name, settings FROM platforms WHERE id = :p",
    "domains": "SELECT * FROM platform_domains WHERE platform_id = :p",
    "modules": "SELECT platform_id, module FROM platform_modules WHERE platform_id = :p",
    "menus": "SELECT * FROM menu_configs WHERE platform_id = :p",
    "admins": "SELECT user_id, platform_id FROM platform_admins "
    "WHERE platform_id = :p OR platform_id IS NULL",
    "memberships": "SELECT vendor_id, platform_id, status FROM vendor_platforms "
    f"WHERE vendor_id IN ({_VENDORS})",
    "vendors": f"SELECT * FROM vendors WHERE id IN ({_VENDORS})",
    "members": "SELECT vendor_id, user_id, role FROM vendor_members "
    f"WHERE vendor_id IN ({_VENDORS})",
    "roles": f"SELECT * FROM vendor_roles WHERE vendor_id IN ({_VENDORS})",
    "invitations": f"SELECT * FROM invitations WHERE vendor_id IN ({_VENDORS})",
    "vendor_domains": f"SELECT * FROM vendor_domains WHERE vendor_id IN ({_VENDORS})",
    "tokens": "SELECT id, user_id, name, vendor_id, platform_id, revoked_at FROM api_tokens "
    f"WHERE vendor_id IN ({_VENDORS}) OR platform_id = :p OR user_id IN ({_PEOPLE})",
    "people": "SELECT id, email, display_name, password_hash, is_active FROM users "
    f"WHERE id IN ({_PEOPLE})",
    "customers": f"SELECT * FROM customers WHERE vendor_id IN ({_VENDORS})",
    "customer_tags": f"SELECT * FROM customer_tags WHERE vendor_id IN ({_VENDORS})",
    "products": f"SELECT * FROM catalog_products WHERE vendor_id IN ({_VENDORS})",
    "variants": f"SELECT * FROM catalog_variants WHERE vendor_id IN ({_VENDORS})",
    "orders": f"SELECT * FROM orders WHERE vendor_id IN ({_VENDORS})",
    "order_lines": "SELECT * FROM order_lines WHERE order_id IN "
    f"(SELECT id FROM orders WHERE vendor_id IN ({_VENDORS}))",
    "event_deliveries": "SELECT * FROM event_deliveries WHERE event_id IN "
    "(SELECT id FROM event_outbox WHERE platform_id = :p)",
}


def platform_state(url: str, platform_id: int) -> dict[str, list[tuple[Any, ...]]]:
    """Every row that belongs to the platform, read from the SQLite database ``url``."""
    with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as db:
        return {
            name: sorted(db.execute(query, {"p": platform_id}).fetchall(), key=repr)
            for name, query in _STATE.items()
        }
