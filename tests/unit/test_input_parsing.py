"""Input the tenancy rules refuse (issue 7, item 12): role references, slugs and codes with a
trailing newline, addresses that are not addresses, a second open invitation."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mercato.domain.tenancy.discovery import custom_role, custom_role_id
from mercato.domain.tenancy.model import (
    DomainInvalid,
    Platform,
    PlatformCodeInvalid,
    check_email,
    check_slug,
)
from mercato.ports.errors import Conflict, InvalidInput
from tests.support.tenancy_kit import TenancyKit, tenancy_kit

pytestmark = pytest.mark.unit


@pytest.fixture
def kit() -> TenancyKit:
    return tenancy_kit()


@pytest.mark.parametrize(
    "written", ["custom:03", "custom:\uff12", "custom:99999999999999999999", "custom:", "custom:-1"]
)
def test_only_the_canonical_spelling_is_a_custom_role_reference(written: str) -> None:
    assert custom_role_id(written) is None


def test_a_custom_role_reference_reads_back_its_id() -> None:
    assert custom_role_id(custom_role(3)) == 3


@pytest.mark.parametrize("written", ["custom:03", "custom:\uff12", "custom:99999999999999999999"])
async def test_a_role_reference_in_another_spelling_is_refused(
    kit: TenancyKit, written: str
) -> None:
    vendor = await kit.seed_vendor("acme")
    ids = [(await kit.teams.create_role(vendor.id, n, [])).id for n in ("A", "B", "C")]
    assert {2, 3} <= set(ids)  # custom:03 and custom:\uff12 would name real roles

    with pytest.raises(InvalidInput, match="is not a role of this vendor"):
        await kit.teams.invite(vendor.id, "bob@example.com", written, None, "/accept")


@pytest.mark.parametrize("written", ["atlas-books\n", "atlas-books\r\n", "\natlas-books"])
def test_a_slug_or_code_with_a_newline_is_refused(written: str) -> None:
    with pytest.raises(InvalidInput):
        check_slug(written)
    with pytest.raises(PlatformCodeInvalid):
        Platform.check_code(written)


@pytest.mark.parametrize(
    "written", ["<script>alert(1)</script>@x.com", "a@b", "two@@x.com", "a@x.com\n<b>"]
)
def test_an_invitation_address_must_be_an_address(written: str) -> None:
    with pytest.raises(InvalidInput):
        check_email(written)


def test_an_address_is_lower_cased_with_its_domain_in_idna_form() -> None:
    assert check_email(" Ana@Bücher.Example ") == "ana@xn--bcher-kva.example"


async def test_one_address_cannot_hold_two_open_invitations_to_a_vendor(kit: TenancyKit) -> None:
    vendor = await kit.seed_vendor("acme")
    await kit.teams.invite(vendor.id, "bob@example.com", "staff", None, "/accept")

    with pytest.raises(Conflict, match="already has an open invitation"):
        await kit.teams.invite(vendor.id, "BOB@example.com", "viewer", None, "/accept")

    assert len(await kit.teams.invitations(vendor.id)) == 1


async def test_an_expired_invitation_makes_way_for_a_new_one(kit: TenancyKit) -> None:
    vendor = await kit.seed_vendor("acme")
    await kit.teams.invite(vendor.id, "bob@example.com", "staff", None, "/accept")
    kit.clock.advance(timedelta(days=8))

    renewed = await kit.teams.invite(vendor.id, "bob@example.com", "viewer", None, "/accept")

    assert [i.id for i in await kit.teams.invitations(vendor.id)] == [renewed.id]


async def test_a_platform_cannot_take_a_vendors_verified_domain(kit: TenancyKit) -> None:
    vendor = await kit.seed_vendor("acme")
    claim = await kit.domains.add(vendor.id, "shop.example.com")
    await kit.domains.mark_verified(vendor.id, claim.id)

    with pytest.raises(Conflict, match="verified for the vendor"):
        await kit.platforms.create("west", "West", ["shop.example.com"])


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "north.test:8000"])
async def test_a_platform_domain_is_a_host_name_only(kit: TenancyKit, host: str) -> None:
    with pytest.raises(DomainInvalid):
        await kit.platforms.create("west", "West", [host])


async def test_the_use_cases_refuse_names_longer_than_their_columns(kit: TenancyKit) -> None:
    """The limits hold for every caller (the CLI too), not only for the forms and the API."""
    vendor = await kit.seed_vendor("acme")
    user = await kit.seed_user("ada")
    refusals = [
        kit.companies.create("C" * 5000),
        kit.platforms.create("west", "P" * 3000),
        kit.identity.create_user("long@example.com", "long enough pw", "U" * 3000),
        kit.teams.create_role(vendor.id, "R" * 1000, []),
        kit.tokens.issue(user.id, "T" * 101, vendor_id=vendor.id),
    ]
    for refusal in refusals:
        with pytest.raises(InvalidInput, match="at most"):
            await refusal
