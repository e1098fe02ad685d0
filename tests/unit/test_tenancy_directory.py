"""Platforms, companies and vendors: validation, uniqueness and vendors' platform standing."""

from __future__ import annotations

import pytest

from mercato.domain.tenancy.model import (
    DomainInvalid,
    PlatformCodeInvalid,
    PlatformCodeTaken,
    VendorStatus,
)
from mercato.domain.tenancy.services import PlatformDirectoryService
from mercato.ports.errors import Conflict, InvalidInput, NotFound
from mercato.ports.pagination import PageRequest
from tests.support.tenancy_kit import TenancyKit, tenancy_kit

pytestmark = pytest.mark.unit


@pytest.fixture
def kit() -> TenancyKit:
    return tenancy_kit()


# Platforms


async def test_a_platform_keeps_its_domains_normalised_and_without_duplicates(
    kit: TenancyKit,
) -> None:
    platform = await kit.platforms.create(
        "north", "  North Market ", ["North.Test", "north.test.", "WWW.north.test", " "]
    )

    assert platform.name == "North Market"
    assert platform.domains == ("north.test", "www.north.test")
    assert await kit.platforms.get("north") == platform


@pytest.mark.parametrize("code", ["n", "North", "9lives", "with space", "x" * 41])
async def test_a_platform_code_must_be_a_slug(kit: TenancyKit, code: str) -> None:
    with pytest.raises(PlatformCodeInvalid):
        await kit.platforms.create(code, "North", [])

    assert await kit.platforms.all() == []


async def test_a_platform_code_is_taken_once(kit: TenancyKit) -> None:
    await kit.platforms.create("north", "North", [])

    with pytest.raises(PlatformCodeTaken) as caught:
        await kit.platforms.create("north", "Another North", [])

    assert caught.value.field == "code"
    assert [p.name for p in await kit.platforms.all()] == ["North"]


async def test_a_domain_answers_for_one_platform_only(kit: TenancyKit) -> None:
    await kit.platforms.create("north", "North", ["north.test"])

    with pytest.raises(PlatformCodeTaken, match="platform 'north'") as caught:
        await kit.platforms.create("south", "South", ["NORTH.test"])

    assert caught.value.field == "domains"
    assert await kit.platforms.get("south") is None


async def test_an_invalid_platform_domain_is_reported_on_the_domains_field(
    kit: TenancyKit,
) -> None:
    with pytest.raises(DomainInvalid) as caught:
        await kit.platforms.create("north", "North", ["not a domain"])

    assert caught.value.field == "domains"


async def test_a_platform_needs_a_name(kit: TenancyKit) -> None:
    with pytest.raises(InvalidInput) as caught:
        await kit.platforms.create("north", "  ", [])

    assert caught.value.field == "name"


async def test_updating_a_platform_keeps_what_is_not_given(kit: TenancyKit) -> None:
    await kit.platforms.create("north", "North", ["north.test"])

    renamed = await kit.platforms.update("north", name="North Market")
    moved = await kit.platforms.update("north", domains=["north.test", "Shop.North.Test"])

    assert renamed.domains == ("north.test",)
    assert (moved.name, moved.domains) == ("North Market", ("north.test", "shop.north.test"))


async def test_updating_a_platform_cannot_take_another_platforms_domain(
    kit: TenancyKit,
) -> None:
    await kit.platforms.create("north", "North", ["north.test"])
    await kit.platforms.create("south", "South", ["south.test"])

    with pytest.raises(PlatformCodeTaken):
        await kit.platforms.update("south", domains=["south.test", "north.test"])

    assert (await kit.platforms.get_or_fail("south")).domains == ("south.test",)


async def test_an_unknown_platform_is_not_found(kit: TenancyKit) -> None:
    with pytest.raises(NotFound):
        await kit.platforms.get_or_fail("nowhere")
    with pytest.raises(NotFound):
        await kit.platforms.update("nowhere", name="Somewhere")


async def test_the_platform_directory_finds_platforms_by_code_and_host(kit: TenancyKit) -> None:
    north = await kit.platforms.create("north", "North", ["north.test"])
    directory = PlatformDirectoryService(kit.repos.platforms)

    by_host = await directory.by_host("NORTH.test")

    assert by_host is not None
    assert (by_host.id, by_host.code, by_host.domains) == (north.id, "north", ("north.test",))
    assert await directory.by_code("north") == by_host
    assert await directory.by_host("south.test") is None
    assert [p.code for p in await directory.all()] == ["north"]


# Companies


async def test_a_company_needs_a_unique_name(kit: TenancyKit) -> None:
    created = await kit.companies.create("  Example Holdings ", " HRB 123 ")

    with pytest.raises(InvalidInput):
        await kit.companies.create("   ")
    with pytest.raises(Conflict):
        await kit.companies.create("Example Holdings")

    assert (created.name, created.registration_number) == ("Example Holdings", "HRB 123")
    assert await kit.companies.by_name(" Example Holdings") == created
    assert (await kit.companies.list(PageRequest())).total == 1


async def test_an_unknown_company_is_not_found(kit: TenancyKit) -> None:
    with pytest.raises(NotFound):
        await kit.companies.get(404)


# Vendors


async def test_a_new_vendor_is_active_on_the_platforms_it_joins(kit: TenancyKit) -> None:
    north = await kit.seed_platform("north")
    south = await kit.seed_platform("south")
    company = await kit.companies.create("Acme Holdings")

    acme = await kit.vendors.create("acme", "  Acme ", company.id, [north, south])

    assert acme.name == "Acme"
    assert await kit.vendors.by_slug("acme") == acme
    assert [(m.platform_id, m.status) for m in await kit.vendors.platforms_of(acme.id)] == [
        (north, VendorStatus.ACTIVE),
        (south, VendorStatus.ACTIVE),
    ]


@pytest.mark.parametrize(
    ("slug", "name", "company", "platform", "field"),
    [
        ("A", "Acme", True, True, "slug"),
        ("acme", "  ", True, True, "name"),
        ("acme", "Acme", False, True, "company_id"),
        ("acme", "Acme", True, False, "platform_id"),
    ],
)
async def test_a_vendor_needs_a_slug_a_name_a_company_and_known_platforms(
    kit: TenancyKit, slug: str, name: str, company: bool, platform: bool, field: str
) -> None:
    pid = await kit.seed_platform()
    holding = await kit.companies.create("Acme Holdings")

    with pytest.raises(InvalidInput) as caught:
        await kit.vendors.create(
            slug, name, holding.id if company else 404, [pid if platform else 404]
        )

    assert caught.value.field == field
    assert (await kit.vendors.list(PageRequest())).total == 0


async def test_a_vendor_slug_is_taken_once(kit: TenancyKit) -> None:
    await kit.seed_vendor("acme")
    company = await kit.companies.create("Other Holdings")

    with pytest.raises(Conflict):
        await kit.vendors.create("acme", "Other Acme", company.id)

    assert (await kit.vendors.list(PageRequest())).total == 1


async def test_attaching_a_vendor_again_keeps_its_standing(kit: TenancyKit) -> None:
    pid = await kit.seed_platform()
    acme = await kit.seed_vendor("acme", pid)
    await kit.vendors.set_status(acme.id, pid, VendorStatus.SUSPENDED)

    again = await kit.vendors.attach(acme.id, pid)

    assert again.status is VendorStatus.SUSPENDED
    assert len(await kit.vendors.platforms_of(acme.id)) == 1


async def test_attaching_a_vendor_joins_it_active(kit: TenancyKit) -> None:
    north = await kit.seed_platform("north")
    south = await kit.seed_platform("south")
    acme = await kit.seed_vendor("acme", north)

    joined = await kit.vendors.attach(acme.id, south)

    assert (joined.platform_id, joined.status) == (south, VendorStatus.ACTIVE)
    assert [v.slug for v in (await kit.vendors.list(PageRequest(), [south])).items] == ["acme"]


async def test_attaching_needs_a_known_vendor_and_platform(kit: TenancyKit) -> None:
    pid = await kit.seed_platform()
    acme = await kit.seed_vendor("acme")

    with pytest.raises(NotFound):
        await kit.vendors.attach(404, pid)
    with pytest.raises(InvalidInput):
        await kit.vendors.attach(acme.id, 404)

    assert await kit.vendors.platforms_of(acme.id) == []


async def test_the_status_on_a_platform_the_vendor_has_not_joined_cannot_be_set(
    kit: TenancyKit,
) -> None:
    pid = await kit.seed_platform()
    acme = await kit.seed_vendor("acme")

    with pytest.raises(NotFound):
        await kit.vendors.set_status(acme.id, pid, VendorStatus.SUSPENDED)

    assert await kit.vendors.platforms_of(acme.id) == []


async def test_an_unknown_vendor_is_not_found(kit: TenancyKit) -> None:
    with pytest.raises(NotFound):
        await kit.vendors.get(404)
