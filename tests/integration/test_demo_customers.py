"""The demo seeds about 30 customers per demo vendor, once."""

from __future__ import annotations

import asyncio

import pytest

from mercato.adapters.db.migrations import upgrade
from mercato.bootstrap.demo import VENDORS, seed_demo
from mercato.bootstrap.library import close_container
from mercato.domain.customers.model import CustomerFilter
from mercato.ports.pagination import PageRequest
from tests.conftest import builtin_folders
from tests.support.app import container_with

pytestmark = pytest.mark.integration


async def _demo_twice(url: str) -> tuple[dict[str, int], dict[str, int], int]:
    c = container_with(url)
    try:
        await seed_demo(c, "demo-password-123", days=3)
        customers = c.components().container("customers").customers()
        vendors = c.components().container("tenancy").vendors()

        async def counts() -> dict[str, int]:
            found = {}
            for slug, *_ in VENDORS:
                vendor = await vendors.by_slug(slug)
                assert vendor is not None
                page = await customers.page(vendor.id, PageRequest(), CustomerFilter())
                found[slug] = page.total
            return found

        first = await counts()
        await seed_demo(c, days=3)
        consented = await customers.page(
            (await vendors.by_slug("atlas-books")).id,  # type: ignore[union-attr]
            PageRequest(),
            CustomerFilter(consent=True),
        )
        return first, await counts(), consented.total
    finally:
        await close_container(c)


def test_the_demo_seeds_customers_per_vendor_once(sqlite_url: str) -> None:
    upgrade(sqlite_url, builtin_folders())  # orders among them: the demo places orders too
    first, second, consented = asyncio.run(_demo_twice(sqlite_url))
    assert set(first.values()) == {30}
    assert second == first
    assert 0 < consented < 30
