"""The customers module's rules and use cases, without I/O (over the in-memory repository)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mercato.domain.customers.metrics import CustomerMetricsProvider
from mercato.domain.customers.model import (
    Address,
    CustomerFilter,
    CustomerInput,
    CustomerPatch,
    check_address,
    check_email,
    check_phone,
    check_tags,
)
from mercato.domain.customers.services import CustomerDirectoryService, CustomerService
from mercato.ports.clock import FakeClock
from mercato.ports.customers import CustomerDirectory
from mercato.ports.errors import Conflict, InvalidInput, NotFound
from mercato.ports.pagination import PageRequest
from mercato.ports.scope import Scope
from tests.support.customers_fakes import InMemoryCustomers

pytestmark = pytest.mark.unit

HOME = Address("Storgatan 1", "Malmö", "se", postal_code="211 34", label="Home")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def repo() -> InMemoryCustomers:
    return InMemoryCustomers({1: ("acme", "Acme", {10}), 2: ("globex", "Globex", {10, 20})})


@pytest.fixture
def service(repo: InMemoryCustomers, clock: FakeClock) -> CustomerService:
    return CustomerService(repo, clock)


def test_an_email_is_normalised_to_lower_case() -> None:
    assert check_email("  Ana.Lima@Example.COM ") == "ana.lima@example.com"


@pytest.mark.parametrize("email", ["", "   ", "not-an-address", "a@", "@example.com", "a b@x.org"])
def test_what_is_not_an_email_is_refused_on_the_email_field(email: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_email(email)
    assert refused.value.field == "email"


def test_tags_are_lower_cased_deduplicated_and_sorted() -> None:
    assert check_tags(["VIP", " wholesale ", "vip", "", "Big   Spender"]) == (
        "big spender",
        "vip",
        "wholesale",
    )


@pytest.mark.parametrize(
    "tags", [["-dash-first"], ["x" * 41], ["semi;colon"], ["t"] * 0 + [f"t{i}" for i in range(21)]]
)
def test_bad_tags_are_refused_on_the_tags_field(tags: list[str]) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_tags(tags)
    assert refused.value.field == "tags"


@pytest.mark.parametrize("phone", ["+46 70 123 45 67", "(040) 12-34.56", ""])
def test_phone_numbers_are_kept(phone: str) -> None:
    assert check_phone(phone) == phone


@pytest.mark.parametrize("phone", ["call me", "=1+2", "12", "+" + "1" * 40])
def test_what_is_not_a_phone_number_is_refused(phone: str) -> None:
    with pytest.raises(InvalidInput, match="phone number"):
        check_phone(phone)


def test_an_address_is_stripped_and_its_country_upper_cased() -> None:
    checked = check_address(Address("  Storgatan   1 ", " Malmö", "se"))
    assert (checked.line1, checked.city, checked.country) == ("Storgatan 1", "Malmö", "SE")


@pytest.mark.parametrize(
    ("address", "message"),
    [
        (Address("", "Malmö", "SE"), "the first line is required"),
        (Address("Storgatan 1", " ", "SE"), "the city is required"),
        (Address("Storgatan 1", "Malmö", "Sweden"), "two-letter ISO code"),
        (Address("Storgatan 1", "Malmö", "S1"), "two-letter ISO code"),
        (Address("Storgatan 1", "Malmö", "SE", postal_code="1" * 21), "postal code has at most"),
    ],
)
def test_an_incomplete_address_is_refused(address: Address, message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as refused:
        check_address(address)
    assert refused.value.field == "addresses"


async def test_a_customer_is_recorded_with_its_fields_normalised(
    service: CustomerService,
) -> None:
    c = await service.create(
        1,
        CustomerInput(
            "Ana@Example.com", " Ana  Lima ", "+46 70", (HOME,), False, " hi ", ("VIP", "vip")
        ),
    )
    assert (c.email, c.name, c.notes, c.tags) == ("ana@example.com", "Ana Lima", "hi", ("vip",))
    assert c.addresses[0].country == "SE"
    assert await service.get(1, c.id) == c


async def test_an_email_is_unique_per_vendor_whatever_its_case(service: CustomerService) -> None:
    await service.create(1, CustomerInput("ana@example.com"))
    with pytest.raises(Conflict) as refused:
        await service.create(1, CustomerInput("ANA@example.com"))
    assert refused.value.field == "email"
    other = await service.create(2, CustomerInput("Ana@Example.com"))  # another vendor: fine
    assert other.vendor_id == 2


async def test_consent_is_dated_when_given_kept_while_it_holds_and_cleared_when_withdrawn(
    service: CustomerService, clock: FakeClock
) -> None:
    c = await service.create(1, CustomerInput("ana@example.com"))
    assert (c.marketing_consent, c.consent_at) == (False, None)
    clock.advance(timedelta(days=1))
    given_at = clock.now()
    c = await service.update(1, c.id, CustomerPatch(marketing_consent=True))
    assert (c.marketing_consent, c.consent_at) == (True, given_at)
    clock.advance(timedelta(days=1))
    c = await service.update(1, c.id, CustomerPatch(name="Ana", marketing_consent=True))
    assert c.consent_at == given_at  # still the day it was given
    c = await service.update(1, c.id, CustomerPatch(marketing_consent=False))
    assert (c.marketing_consent, c.consent_at) == (False, None)


async def test_consent_given_on_creation_is_dated(
    service: CustomerService, clock: FakeClock
) -> None:
    c = await service.create(1, CustomerInput("ana@example.com", marketing_consent=True))
    assert c.consent_at == clock.now()


async def test_a_patch_changes_only_what_it_gives(service: CustomerService) -> None:
    c = await service.create(1, CustomerInput("ana@example.com", "Ana", tags=("vip",)))
    c = await service.update(1, c.id, CustomerPatch(phone="+46 70 1"))
    assert (c.name, c.tags, c.phone) == ("Ana", ("vip",), "+46 70 1")
    c = await service.update(1, c.id, CustomerPatch(tags=()))
    assert c.tags == ()


async def test_another_vendors_customer_is_not_found(service: CustomerService) -> None:
    c = await service.create(1, CustomerInput("ana@example.com"))
    with pytest.raises(NotFound):
        await service.get(2, c.id)
    with pytest.raises(NotFound):
        await service.update(2, c.id, CustomerPatch(name="Taken"))
    with pytest.raises(NotFound):
        await service.delete(2, c.id)
    assert (await service.get(1, c.id)).name == ""


async def test_the_list_filters_by_tag_and_consent(service: CustomerService) -> None:
    await service.create(1, CustomerInput("a@example.com", tags=("vip",), marketing_consent=True))
    await service.create(1, CustomerInput("b@example.com", tags=("vip",)))
    await service.create(1, CustomerInput("c@example.com"))
    vip = await service.page(1, PageRequest(sort="email"), CustomerFilter(tag="VIP"))
    assert [c.email for c in vip.items] == ["a@example.com", "b@example.com"]
    consented = await service.page(1, PageRequest(), CustomerFilter(consent=True))
    assert [c.email for c in consented.items] == ["a@example.com"]
    with pytest.raises(InvalidInput) as refused:
        await service.page(1, PageRequest(sort="phone"))
    assert refused.value.field == "sort"


async def test_the_export_comes_in_batches_by_id(service: CustomerService) -> None:
    for i in range(7):
        await service.create(1, CustomerInput(f"c{i}@example.com"))
    await service.create(2, CustomerInput("other@example.com"))
    batches = [list(b) async for b in service.export(1, batch=3)]
    assert [len(b) for b in batches] == [3, 3, 1]
    assert [c.email for b in batches for c in b] == [f"c{i}@example.com" for i in range(7)]


async def test_the_export_keeps_the_lists_search_and_filter_in_every_batch(
    service: CustomerService,
) -> None:
    for i in range(7):
        tags = ("vip",) if i % 2 else ()
        await service.create(1, CustomerInput(f"c{i}@{'shop' if i < 5 else 'mail'}.com", tags=tags))
    await service.create(2, CustomerInput("c9@shop.com", tags=("vip",)))
    batches = [list(b) async for b in service.export(1, CustomerFilter(tag="vip"), "shop", 1)]
    assert [[c.email for c in b] for b in batches] == [["c1@shop.com"], ["c3@shop.com"]]
    listed = await service.page(1, PageRequest(search="shop"), CustomerFilter(tag="vip"))
    assert [c.email for b in batches for c in b] == sorted(c.email for c in listed.items)


async def test_the_directory_finds_or_records_a_customer_once(
    repo: InMemoryCustomers, clock: FakeClock
) -> None:
    directory = CustomerDirectoryService(repo, clock)
    assert isinstance(directory, CustomerDirectory)
    first = await directory.find_or_create(1, "Ana@Example.com", "Ana")
    again = await directory.find_or_create(1, "ana@EXAMPLE.com", "Someone Else")
    assert again == first and first.email == "ana@example.com" and again.name == "Ana"
    assert await directory.get(1, first.id) == first
    assert await directory.get(2, first.id) is None
    with pytest.raises(InvalidInput) as refused:
        await directory.find_or_create(1, "nope")
    assert refused.value.field == "email"


async def test_the_metrics_count_the_vendor_or_the_platforms_vendors(
    service: CustomerService, repo: InMemoryCustomers, clock: FakeClock
) -> None:
    await service.create(1, CustomerInput("old@example.com"))
    clock.advance(timedelta(days=31))
    await service.create(1, CustomerInput("new@example.com"))
    await service.create(2, CustomerInput("globex@example.com"))
    provider = CustomerMetricsProvider(repo, clock)
    vendor = {m.key: m.value for m in await provider.metrics(Scope(10, "north", 1))}
    assert vendor == {"customers.total": 2, "customers.new_30d": 1}
    north = {m.key: m.value for m in await provider.metrics(Scope(10, "north"))}
    assert north == {"customers.total": 3, "customers.new_30d": 2}
    south = {m.key: m.value for m in await provider.metrics(Scope(20, "south"))}
    assert south == {"customers.total": 1, "customers.new_30d": 1}
