"""Users and administrators."""

from __future__ import annotations

import pytest

from mercato.domain.tenancy.identity import MIN_PASSWORD_LENGTH
from mercato.ports.errors import AuthenticationFailed, Conflict, InvalidInput, NotFound
from mercato.ports.pagination import PageRequest
from tests.support.tenancy_kit import PASSWORD, TenancyKit, tenancy_kit

pytestmark = pytest.mark.unit

ADDRESS = "192.0.2.1"


@pytest.fixture
def kit() -> TenancyKit:
    return tenancy_kit()


async def _can_sign_in(kit: TenancyKit, password: str) -> bool:
    try:
        await kit.identity.authenticate("alice@example.com", password, ADDRESS)
    except AuthenticationFailed:
        return False
    return True


# Users


async def test_a_new_user_is_active_with_a_lower_case_e_mail_and_a_default_name(
    kit: TenancyKit,
) -> None:
    user = await kit.identity.create_user(" Alice@Example.COM ", PASSWORD)

    assert (user.email, user.display_name, user.is_active) == ("alice@example.com", "alice", True)
    assert user.password_hash == kit.hasher.hash(PASSWORD)
    assert await kit.identity.by_email("ALICE@example.com ") == user


async def test_a_display_name_is_kept_when_given(kit: TenancyKit) -> None:
    user = await kit.identity.create_user("alice@example.com", PASSWORD, "  Alice Liddell ")

    assert user.display_name == "Alice Liddell"


async def test_an_e_mail_is_registered_once_whatever_its_case(kit: TenancyKit) -> None:
    await kit.identity.create_user("alice@example.com", PASSWORD)

    with pytest.raises(Conflict):
        await kit.identity.create_user("ALICE@example.com", PASSWORD)

    assert (await kit.identity.list(PageRequest())).total == 1


@pytest.mark.parametrize(
    ("email", "password", "field"),
    [
        ("alice", PASSWORD, "email"),
        ("alice@localhost", PASSWORD, "email"),
        ("alice@example.com", "x" * (MIN_PASSWORD_LENGTH - 1), "password"),
    ],
)
async def test_a_user_needs_an_e_mail_address_and_a_long_enough_password(
    kit: TenancyKit, email: str, password: str, field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        await kit.identity.create_user(email, password)

    assert caught.value.field == field
    assert (await kit.identity.list(PageRequest())).total == 0


async def test_a_password_of_exactly_the_minimum_length_is_accepted(kit: TenancyKit) -> None:
    user = await kit.identity.create_user("alice@example.com", "x" * MIN_PASSWORD_LENGTH)

    assert user.is_active


async def test_an_unknown_user_is_not_found(kit: TenancyKit) -> None:
    with pytest.raises(NotFound):
        await kit.identity.get(404)
    with pytest.raises(NotFound):
        await kit.identity.set_active(404, False)

    assert await kit.identity.by_id_or_none(404) is None


async def test_a_deactivated_user_cannot_sign_in_until_reactivated(kit: TenancyKit) -> None:
    alice = await kit.seed_user("alice")

    assert not (await kit.identity.set_active(alice.id, False)).is_active
    assert not await _can_sign_in(kit, PASSWORD)
    await kit.identity.set_active(alice.id, True)
    assert await _can_sign_in(kit, PASSWORD)


# Administrators


async def test_administrator_grants_are_listed_and_revoked(kit: TenancyKit) -> None:
    pid = await kit.seed_platform()
    alice = await kit.seed_user("alice")
    await kit.identity.grant_admin(alice.id, pid)
    await kit.identity.grant_admin(alice.id, None)

    grants = await kit.identity.admin_roles(alice.id)
    await kit.identity.revoke_admin(alice.id, None)

    assert [(g.platform_id, g.is_super_admin) for g in grants] == [(None, True), (pid, False)]
    assert [g.platform_id for g in await kit.identity.admin_roles(alice.id)] == [pid]
    assert [(u.id, g.platform_id) for u, g in await kit.identity.admins()] == [(alice.id, pid)]


async def test_an_unknown_user_cannot_be_made_administrator(kit: TenancyKit) -> None:
    with pytest.raises(NotFound):
        await kit.identity.grant_admin(404, None)

    assert await kit.identity.admins() == []
