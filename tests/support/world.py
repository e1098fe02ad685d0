"""A believable tenancy world for web tests: platforms, vendors, owners, tokens.

``north`` (north.test) and ``south`` (south.test); vendors ``acme`` (north and south) and
``globex`` (north), each with an owner; a super admin; API tokens for each.
"""

from __future__ import annotations

import asyncio
import csv
import html as htmllib
import io
import re
from dataclasses import dataclass, field
from typing import Any

from mercato.bootstrap.library import close_container
from tests.support.app import container_with
from tests.support.flaky.definition import MODULE as FLAKY
from tests.support.probe.definition import MODULE as PROBE

__all__ = [
    "PASSWORD",
    "World",
    "build_world",
    "csrf_from",
    "csv_of",
    "href_of",
    "issue_token",
    "sign_in",
]

PASSWORD = "correct horse battery"
"""What north enables in the default world (the sweeps walk these modules' routes)."""


@dataclass
class World:
    """Ids and secrets of the seeded world."""

    url: str
    platforms: dict[str, int] = field(default_factory=dict)
    vendors: dict[str, int] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    def email(self, who: str) -> str:
        """The e-mail of user ``who`` (``admin``, ``acme-owner``...)."""
        return f"{who}@example.com"


async def _seed(world: World, enable: dict[str, list[str]]) -> None:
    c = container_with(world.url, (PROBE, FLAKY))
    try:
        t = c.components().container("tenancy")
        for code, name in (("north", "North Market"), ("south", "South Bazaar")):
            world.platforms[code] = (await t.platforms().create(code, name, [f"{code}.test"])).id
        for code, modules in enable.items():
            for m in modules:
                await c.enablement().enable(world.platforms[code], m)
        identity, teams, tokens = t.identity(), t.teams(), t.tokens()
        admin = await identity.create_user(world.email("admin"), PASSWORD, "Ada Admin")
        await identity.grant_admin(admin.id, None)
        world.users["admin"] = admin.id
        company = await t.companies().create("Example Holdings")
        plans = {"acme": ["north", "south"], "globex": ["north"]}
        for slug, on in plans.items():
            vendor = await t.vendors().create(
                slug, slug.title(), company.id, [world.platforms[p] for p in on]
            )
            world.vendors[slug] = vendor.id
            owner = await identity.create_user(world.email(f"{slug}-owner"), PASSWORD)
            world.users[f"{slug}-owner"] = owner.id
            await teams.add_member(vendor.id, owner.id, "owner")
            _, secret = await tokens.issue(owner.id, f"{slug} token", vendor_id=vendor.id)
            world.tokens[slug] = secret
        staff = await identity.create_user(world.email("acme-staff"), PASSWORD)
        world.users["acme-staff"] = staff.id
        await teams.add_member(world.vendors["acme"], staff.id, "staff")
        for code, pid in world.platforms.items():
            _, secret = await tokens.issue(admin.id, f"admin {code}", platform_id=pid)
            world.tokens[f"admin@{code}"] = secret
        _, secret = await tokens.issue(admin.id, "admin everywhere", every_platform=True)
        world.tokens["admin@*"] = secret
    finally:
        await close_container(c)


def optional_builtins() -> list[str]:
    """The built-in optional modules (catalog, ...): the world enables them on north."""
    from mercato.domain.kernel.discovery import discover_definitions
    from mercato.domain.kernel.enums import ModuleKind

    found = discover_definitions(("mercato.domain",), None)
    return [d.code for d in found if d.kind is ModuleKind.OPTIONAL]


def build_world(url: str, enable: dict[str, list[str]] | None = None) -> World:
    """Seed the world on the migrated database ``url``: by default probe and every built-in
    optional module enabled on north."""
    world = World(url)
    default = {"north": ["probe", *optional_builtins()]}
    asyncio.run(_seed(world, enable if enable is not None else default))
    return world


_CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    """The CSRF token of the first form of a page."""
    found = _CSRF.search(html)
    if found is None:
        raise AssertionError("the page has no CSRF token")
    return found.group(1)


def href_of(html: str, marker: str) -> str:
    """The address of the page's first link carrying the attribute ``marker`` (for example
    ``data-export``), unescaped as a browser follows it."""
    found = re.search(rf'<a href="([^"]*)"[^>]*(?<![\w-]){re.escape(marker)}(?![\w-])', html)
    if found is None:
        raise AssertionError(f"the page has no link with {marker}")
    return htmllib.unescape(found.group(1))


def csv_of(text: str, column: str) -> list[str]:
    """The values of ``column`` in a CSV download, in order."""
    return [row[column] for row in csv.DictReader(io.StringIO(text))]


def sign_in(client: Any, email: str, password: str = PASSWORD, next_: str = "/") -> Any:
    """Sign in through the real form (CSRF token included); return the final response."""
    page = client.get("/auth/login", headers={"accept": "text/html"})
    token = csrf_from(page.text)
    return client.post(
        "/auth/login",
        data={"email": email, "password": password, "next": next_, "_csrf_token": token},
        headers={"accept": "text/html"},
    )


def issue_token(world: World, who: str, vendor: str) -> str:
    """A vendor-scoped token for user ``who`` of the world, issued through the use case."""

    async def go() -> str:
        c = container_with(world.url, (PROBE, FLAKY))
        try:
            tokens = c.components().container("tenancy").tokens()
            _, secret = await tokens.issue(
                world.users[who], f"{who} token", vendor_id=world.vendors[vendor]
            )
            return str(secret)
        finally:
            await close_container(c)

    return asyncio.run(go())
