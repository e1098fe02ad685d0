"""Vendors' custom domains: normalised, one vendor per domain, one primary per vendor."""

from __future__ import annotations

import pytest

from mercato.domain.tenancy.model import DomainInvalid, InstallationAddress, normalise_domain
from mercato.domain.tenancy.services import PlatformService
from mercato.domain.tenancy.vendors import DomainService
from mercato.ports.errors import Conflict, InvalidInput, NotFound
from tests.support.tenancy_kit import TenancyKit, tenancy_kit

pytestmark = pytest.mark.unit


@pytest.fixture
def kit() -> TenancyKit:
    return tenancy_kit()


@pytest.mark.parametrize(
    "written",
    [
        "shop.example.com",
        "Shop.Example.COM",
        "shop.example.com.",
        "  shop.example.com  ",
        "\uff53\uff48\uff4f\uff50\uff0eexample\uff0ecom",  # full width,
    ],
)
def test_a_domain_is_normalised_for_case_width_and_trailing_dot(written: str) -> None:
    assert normalise_domain(written) == "shop.example.com"


def test_an_international_domain_is_stored_in_its_idna_form() -> None:
    assert normalise_domain("Bücher.Example") == "xn--bcher-kva.example"


@pytest.mark.parametrize(
    "written",
    [
        "",
        "shop..example.com",
        "-shop.example.com",
        "shop_example.com",
        "a b.com",
        "http://evil.example/path",
        "evil.example/path",
        "shop.example.com:8443",
        "localhost",
        "127.0.0.1",
        "[::1]",
        "::1",
        "intranet",
        "shop.example.123",
    ],
)
def test_a_host_that_is_not_a_domain_is_refused(written: str) -> None:
    with pytest.raises(DomainInvalid):
        normalise_domain(written)


async def test_a_host_verified_for_one_vendor_is_refused_to_another(kit: TenancyKit) -> None:
    acme = await kit.seed_vendor("acme")
    globex = await kit.seed_vendor("globex")
    claim = await kit.domains.add(acme.id, "shop.example.com")
    await kit.domains.mark_verified(acme.id, claim.id)

    for spelling in ("shop.example.com", "SHOP.Example.com."):
        with pytest.raises(Conflict, match="verified for another vendor"):
            await kit.domains.add(globex.id, spelling)

    assert await kit.domains.list(globex.id) == []
    assert [d.domain for d in await kit.domains.list(acme.id)] == ["shop.example.com"]


async def test_an_unverified_claim_never_blocks_the_verified_owner(kit: TenancyKit) -> None:
    squatter = await kit.seed_vendor("squatter")
    owner = await kit.seed_vendor("owner")
    early = await kit.domains.add(squatter.id, "shop.example.com")

    real = await kit.domains.add(owner.id, "shop.example.com")
    verified = await kit.domains.mark_verified(owner.id, real.id)

    assert verified.verified
    with pytest.raises(Conflict, match="verified for another vendor"):
        await kit.domains.mark_verified(squatter.id, early.id)
    [pending] = await kit.domains.list(squatter.id)
    assert not pending.verified


async def test_a_vendor_cannot_add_its_own_domain_twice(kit: TenancyKit) -> None:
    acme = await kit.seed_vendor("acme")
    await kit.domains.add(acme.id, "shop.example.com")

    with pytest.raises(Conflict):
        await kit.domains.add(acme.id, "Shop.Example.com")

    assert len(await kit.domains.list(acme.id)) == 1


async def test_an_added_domain_is_unverified_with_its_own_verification_token(
    kit: TenancyKit,
) -> None:
    acme = await kit.seed_vendor("acme")

    first = await kit.domains.add(acme.id, "Shop.Example.com")
    second = await kit.domains.add(acme.id, "www.example.com")

    assert first.domain == "shop.example.com"
    assert not first.verified
    assert first.verification_token.startswith("mercato-verify=")
    assert first.verification_token != second.verification_token


async def test_the_first_domain_becomes_primary_and_later_ones_do_not(kit: TenancyKit) -> None:
    acme = await kit.seed_vendor("acme")

    first = await kit.domains.add(acme.id, "shop.example.com")
    second = await kit.domains.add(acme.id, "www.example.com")

    assert first.is_primary
    assert not second.is_primary


async def test_each_vendors_first_domain_is_its_primary(kit: TenancyKit) -> None:
    acme = await kit.seed_vendor("acme")
    globex = await kit.seed_vendor("globex")
    await kit.domains.add(acme.id, "acme.example.com")

    theirs = await kit.domains.add(globex.id, "globex.example.com")

    assert theirs.is_primary


async def test_making_another_domain_primary_un_primaries_the_first(kit: TenancyKit) -> None:
    acme = await kit.seed_vendor("acme")
    first = await kit.domains.add(acme.id, "shop.example.com")
    second = await kit.domains.add(acme.id, "www.example.com")

    await kit.domains.make_primary(acme.id, second.id)

    listed = await kit.domains.list(acme.id)
    assert [(d.id, d.is_primary) for d in listed] == [(second.id, True), (first.id, False)]


async def test_making_a_domain_primary_leaves_other_vendors_primaries_alone(
    kit: TenancyKit,
) -> None:
    acme = await kit.seed_vendor("acme")
    globex = await kit.seed_vendor("globex")
    theirs = await kit.domains.add(globex.id, "globex.example.com")
    await kit.domains.add(acme.id, "shop.example.com")
    mine = await kit.domains.add(acme.id, "www.example.com")

    await kit.domains.make_primary(acme.id, mine.id)

    assert [d.is_primary for d in await kit.domains.list(globex.id) if d.id == theirs.id] == [True]


async def test_another_vendors_domain_cannot_be_changed_or_removed(kit: TenancyKit) -> None:
    acme = await kit.seed_vendor("acme")
    globex = await kit.seed_vendor("globex")
    await kit.domains.add(acme.id, "acme.example.com")
    theirs = await kit.domains.add(globex.id, "globex.example.com")

    with pytest.raises(NotFound):
        await kit.domains.make_primary(acme.id, theirs.id)
    with pytest.raises(NotFound):
        await kit.domains.mark_verified(acme.id, theirs.id)
    with pytest.raises(NotFound):
        await kit.domains.remove(acme.id, theirs.id)

    assert await kit.domains.list(globex.id) == [theirs]


async def test_marking_a_domain_verified_keeps_it_primary(kit: TenancyKit) -> None:
    acme = await kit.seed_vendor("acme")
    added = await kit.domains.add(acme.id, "shop.example.com")

    verified = await kit.domains.mark_verified(acme.id, added.id)

    assert verified.verified
    assert verified.is_primary


async def test_a_removed_domain_can_be_added_by_another_vendor(kit: TenancyKit) -> None:
    acme = await kit.seed_vendor("acme")
    globex = await kit.seed_vendor("globex")
    added = await kit.domains.add(acme.id, "shop.example.com")

    await kit.domains.remove(acme.id, added.id)
    moved = await kit.domains.add(globex.id, "shop.example.com")

    assert await kit.domains.list(acme.id) == []
    assert moved.vendor_id == globex.id


async def test_a_platform_domain_or_its_subdomain_cannot_become_a_vendor_domain() -> None:
    kit = tenancy_kit()
    pid = await kit.seed_platform()
    platform = await kit.repos.platforms.by_id(pid)
    assert platform is not None and platform.domains
    acme = await kit.seed_vendor("acme", pid)
    base = platform.domains[0]
    for taken in (base, f"globex.{base}", f"deep.globex.{base}"):
        with pytest.raises(InvalidInput, match="belongs to the platform"):
            await kit.domains.add(acme.id, taken)
    assert await kit.domains.list(acme.id) == []


async def test_removing_the_primary_domain_makes_the_oldest_remaining_one_primary() -> None:
    kit = tenancy_kit()
    pid = await kit.seed_platform()
    acme = await kit.seed_vendor("acme", pid)
    first = await kit.domains.add(acme.id, "one.acme.example")
    second = await kit.domains.add(acme.id, "two.acme.example")
    third = await kit.domains.add(acme.id, "three.acme.example")
    assert first.is_primary
    await kit.domains.remove(acme.id, first.id)
    primary = [d.id for d in await kit.domains.list(acme.id) if d.is_primary]
    assert primary == [second.id]
    await kit.domains.remove(acme.id, third.id)  # not primary: nothing moves
    assert [d.id for d in await kit.domains.list(acme.id) if d.is_primary] == [second.id]
    await kit.domains.remove(acme.id, second.id)
    assert await kit.domains.list(acme.id) == []


async def test_the_installations_own_host_is_no_vendors_and_only_the_default_platforms() -> None:
    kit = tenancy_kit()
    address = InstallationAddress("market.example", "north")
    domains = DomainService(kit.repos.vendors, kit.repos.platforms, address)
    platforms = PlatformService(kit.repos.platforms, kit.repos.vendors, address)
    south = await platforms.create("south", "South", ["south.example"])
    acme = await kit.seed_vendor("acme", south.id)
    with pytest.raises(InvalidInput, match="address of this installation"):
        await domains.add(acme.id, "Market.Example.")
    with pytest.raises(InvalidInput, match="address of this installation") as refused:
        await platforms.update("south", domains=["south.example", "market.example"])
    assert refused.value.field == "domains"
    north = await platforms.create("north", "North", ["market.example"])
    assert north.domains == ("market.example",)
    assert await kit.domains.list(acme.id) == []
