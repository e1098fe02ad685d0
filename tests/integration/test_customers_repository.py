"""The customers repository contract, run against the in-memory fake and the SQLAlchemy
repository on SQLite and PostgreSQL: the fake behaves like the real one."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from mercato.adapters.customers.repositories import SqlAlchemyCustomerRepository
from mercato.adapters.db.engine import create_engine, create_session_factory
from mercato.adapters.tenancy.repositories import SqlAlchemyPlatformRepository
from mercato.adapters.tenancy.repositories_vendors import (
    SqlAlchemyCompanyRepository,
    SqlAlchemyVendorRepository,
)
from mercato.domain.customers.model import Address, CustomerDraft, CustomerFilter
from mercato.domain.tenancy.model import VendorStatus
from mercato.ports.errors import Conflict, InvalidInput, NotFound
from mercato.ports.pagination import PageRequest
from tests.support.customers_fakes import InMemoryCustomers

pytestmark = [
    pytest.mark.integration,
    pytest.mark.parametrize(
        ("backend", "database_url"),
        [
            pytest.param("fake", "sqlite", id="fake"),
            pytest.param("sqlalchemy", "sqlite", id="sqlite"),
            pytest.param("sqlalchemy", "postgres", id="postgres", marks=pytest.mark.postgres),
        ],
        indirect=True,
    ),
]

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
NORTH, SOUTH = "north", "south"


@dataclass
class Store:
    """One backend's customers repository, and the ids of its vendors and platforms."""

    customers: Any
    vendors: dict[str, int]
    platforms: dict[str, int]


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store_url(backend: str, database_url: str, request: pytest.FixtureRequest) -> str | None:
    return None if backend == "fake" else str(request.getfixturevalue("migrated_url"))


@pytest.fixture
async def store(store_url: str | None) -> AsyncIterator[Store]:
    """acme (north and south), globex (north) and sol (south)."""
    plan = {"acme": (NORTH, SOUTH), "globex": (NORTH,), "sol": (SOUTH,)}
    if store_url is None:
        platforms = {NORTH: 1, SOUTH: 2}
        vendors = {slug: i for i, slug in enumerate(plan, start=1)}
        fake = InMemoryCustomers(
            {
                vendors[slug]: (slug, slug.title(), {platforms[p] for p in on})
                for slug, on in plan.items()
            }
        )
        yield Store(fake, vendors, platforms)
        return
    engine = create_engine(store_url)
    s = create_session_factory(engine)
    try:
        platforms = {
            code: (await SqlAlchemyPlatformRepository(s).add(code, code.title(), [])).id
            for code in (NORTH, SOUTH)
        }
        company = await SqlAlchemyCompanyRepository(s).add("Holdings", "")
        repo = SqlAlchemyVendorRepository(s)
        vendors = {}
        for slug, on in plan.items():
            vendors[slug] = (await repo.add(slug, slug.title(), company.id)).id
            for p in on:
                await repo.set_platform(vendors[slug], platforms[p], VendorStatus.ACTIVE)
        yield Store(SqlAlchemyCustomerRepository(s), vendors, platforms)
    finally:
        await engine.dispose()


def draft(email: str, name: str = "", **fields: Any) -> CustomerDraft:
    values: dict[str, Any] = {
        "phone": "",
        "addresses": (),
        "marketing_consent": False,
        "consent_at": None,
        "notes": "",
        "tags": (),
    }
    values.update(fields)
    return CustomerDraft(email, name, **values)


async def test_a_customer_round_trips_with_addresses_tags_and_consent(store: Store) -> None:
    acme = store.vendors["acme"]
    home = Address("Storgatan 1", "Malmö", "SE", "c/o Lima", "211 34", "Skåne", "Home")
    added = await store.customers.add(
        acme,
        draft(
            "ana@example.com",
            "Ana",
            phone="+46 70",
            addresses=(home,),
            marketing_consent=True,
            consent_at=T0,
            notes="Prefers e-mail",
            tags=("vip", "wholesale"),
        ),
        T0,
    )
    found = await store.customers.get(acme, added.id)
    assert found == added
    assert found.addresses == (home,) and found.tags == ("vip", "wholesale")
    assert (found.consent_at, found.created_at) == (T0, T0)


async def test_an_email_is_taken_once_per_vendor(store: Store) -> None:
    acme, globex = store.vendors["acme"], store.vendors["globex"]
    ana = await store.customers.add(acme, draft("ana@example.com"), T0)
    with pytest.raises(Conflict) as refused:
        await store.customers.add(acme, draft("ana@example.com"), T0)
    assert refused.value.field == "email"
    await store.customers.add(globex, draft("ana@example.com"), T0)
    bo = await store.customers.add(acme, draft("bo@example.com"), T0)
    with pytest.raises(Conflict):
        await store.customers.replace(acme, bo.id, draft("ana@example.com"), T0)
    assert (await store.customers.get(acme, bo.id)).email == "bo@example.com"
    assert (await store.customers.get(acme, ana.id)).email == "ana@example.com"


async def test_another_vendors_customer_is_neither_read_changed_nor_deleted(store: Store) -> None:
    acme, globex = store.vendors["acme"], store.vendors["globex"]
    ana = await store.customers.add(acme, draft("ana@example.com", "Ana"), T0)
    assert await store.customers.get(globex, ana.id) is None
    with pytest.raises(NotFound):
        await store.customers.replace(globex, ana.id, draft("x@example.com"), T0)
    assert await store.customers.remove(globex, ana.id) is False
    assert (await store.customers.get(acme, ana.id)).name == "Ana"
    assert await store.customers.remove(acme, ana.id) is True
    assert await store.customers.get(acme, ana.id) is None


async def test_replacing_writes_every_field_and_the_tags(store: Store) -> None:
    acme = store.vendors["acme"]
    ana = await store.customers.add(acme, draft("ana@example.com", tags=("a", "b")), T0)
    later = T0 + timedelta(hours=1)
    saved = await store.customers.replace(
        acme, ana.id, draft("ana@example.org", tags=("c",)), later
    )
    assert (saved.email, saved.tags, saved.created_at, saved.updated_at) == (
        "ana@example.org",
        ("c",),
        T0,
        later,
    )
    assert await store.customers.get(acme, ana.id) == saved


async def test_the_search_matches_wildcards_literally(store: Store) -> None:
    acme = store.vendors["acme"]
    for email, name in (
        ("percent@example.com", "100% Cotton"),
        ("plain@example.com", "1000 Cotton"),
        ("under_score@example.com", "Under"),
        ("underxscore@example.com", "Other"),
        ("slash@example.com", "a/b"),
    ):
        await store.customers.add(acme, draft(email, name), T0)

    async def emails(search: str) -> list[str]:
        page = await store.customers.page(
            acme, PageRequest(search=search, sort="email"), CustomerFilter()
        )
        return [c.email for c in page.items]

    assert await emails("100%") == ["percent@example.com"]
    assert await emails("under_") == ["under_score@example.com"]
    assert await emails("a/b") == ["slash@example.com"]
    assert await emails("COTTON") == ["percent@example.com", "plain@example.com"]


async def test_the_list_filters_sorts_and_pages_within_the_vendor(store: Store) -> None:
    acme, globex = store.vendors["acme"], store.vendors["globex"]
    for i in range(5):
        await store.customers.add(
            acme,
            draft(
                f"c{i}@example.com",
                f"Name {4 - i}",
                tags=("vip",) if i % 2 == 0 else (),
                marketing_consent=i < 2,
                consent_at=T0 if i < 2 else None,
            ),
            T0 + timedelta(minutes=i),
        )
    await store.customers.add(globex, draft("g@example.com", tags=("vip",)), T0)
    everyone = await store.customers.page(acme, PageRequest(size=2), CustomerFilter())
    assert (everyone.total, everyone.pages) == (5, 3)
    assert [c.email for c in everyone.items] == ["c4@example.com", "c3@example.com"]
    by_name = await store.customers.page(acme, PageRequest(2, 2, sort="name"), CustomerFilter())
    assert [c.name for c in by_name.items] == ["Name 2", "Name 3"]
    vip = await store.customers.page(acme, PageRequest(sort="email"), CustomerFilter("VIP"))
    assert [c.email for c in vip.items] == ["c0@example.com", "c2@example.com", "c4@example.com"]
    both = await store.customers.page(acme, PageRequest(sort="email"), CustomerFilter("vip", True))
    assert [c.email for c in both.items] == ["c0@example.com"]
    none = await store.customers.page(
        acme, PageRequest(sort="email"), CustomerFilter(consent=False)
    )
    assert [c.email for c in none.items] == ["c2@example.com", "c3@example.com", "c4@example.com"]
    with pytest.raises(InvalidInput):
        await store.customers.page(acme, PageRequest(sort="notes"), CustomerFilter())


async def test_batches_follow_the_ids_of_the_vendor_only(store: Store) -> None:
    acme, globex = store.vendors["acme"], store.vendors["globex"]
    ids = [(await store.customers.add(acme, draft(f"c{i}@example.com"), T0)).id for i in range(5)]
    await store.customers.add(globex, draft("g@example.com"), T0)
    first = await store.customers.batch_after(acme, 0, 2, CustomerFilter())
    rest = await store.customers.batch_after(acme, first[-1].id, 10, CustomerFilter())
    assert [c.id for c in [*first, *rest]] == ids


async def test_batches_match_as_the_page_does(store: Store) -> None:
    acme, globex = store.vendors["acme"], store.vendors["globex"]
    for i in range(6):
        tags = ("vip",) if i % 2 else ()
        name = "Ana Lima" if i < 4 else "Bo"
        await store.customers.add(acme, draft(f"c{i}@example.com", name, tags=tags), T0)
    await store.customers.add(globex, draft("g@example.com", "Ana", tags=("vip",)), T0)
    where = CustomerFilter(tag="vip")
    first = await store.customers.batch_after(acme, 0, 1, where, "LIMA")
    rest = await store.customers.batch_after(acme, first[-1].id, 10, where, "LIMA")
    listed = await store.customers.page(acme, PageRequest(search="LIMA", sort="email"), where)
    assert [c.email for c in [*first, *rest]] == ["c1@example.com", "c3@example.com"]
    assert [c.email for c in listed.items] == ["c1@example.com", "c3@example.com"]
    assert [c.tags for c in first] == [("vip",)]


async def test_find_or_add_records_once_and_keeps_the_name(store: Store) -> None:
    acme = store.vendors["acme"]
    first = await store.customers.find_or_add(acme, "ana@example.com", "Ana", T0)
    again = await store.customers.find_or_add(acme, "ana@example.com", "Other", T0)
    assert again.id == first.id and again.name == "Ana"
    assert (await store.customers.page(acme, PageRequest(), CustomerFilter())).total == 1


async def test_the_platform_sees_the_customers_of_its_vendors_only(store: Store) -> None:
    v, p = store.vendors, store.platforms
    await store.customers.add(v["acme"], draft("a@example.com"), T0)
    await store.customers.add(v["globex"], draft("g@example.com"), T0 + timedelta(days=40))
    await store.customers.add(v["sol"], draft("s@example.com"), T0)
    north = await store.customers.platform_page(
        p[NORTH], None, PageRequest(sort="email"), CustomerFilter()
    )
    assert [(r.vendor_slug, r.customer.email) for r in north.items] == [
        ("acme", "a@example.com"),
        ("globex", "g@example.com"),
    ]
    sol_on_north = await store.customers.platform_page(
        p[NORTH], v["sol"], PageRequest(), CustomerFilter()
    )
    assert sol_on_north.total == 0
    assert await store.customers.vendor_choices(p[SOUTH]) == [("acme", "Acme"), ("sol", "Sol")]
    since = T0 + timedelta(days=10)
    assert await store.customers.count_on_platform(p[NORTH], since) == (2, 1)
    assert await store.customers.count_on_platform(p[SOUTH], since) == (2, 0)
    assert await store.customers.count(v["globex"], since) == (1, 1)
