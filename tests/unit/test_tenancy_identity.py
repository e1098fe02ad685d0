"""Users, administrators and resetting a forgotten password."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from mercato.domain.tenancy.identity import MIN_PASSWORD_LENGTH
from mercato.ports.errors import AuthenticationFailed, Conflict, InvalidInput, NotFound
from mercato.ports.pagination import PageRequest
from tests.support.tenancy_kit import PASSWORD, TenancyKit, tenancy_kit

pytestmark = pytest.mark.unit

RESET_URL = "https://north.test/auth/reset"
NEW_PASSWORD = "a brand new secret"
ADDRESS = "192.0.2.1"


@pytest.fixture
def kit() -> TenancyKit:
    return tenancy_kit()


def _token_of(kit: TenancyKit) -> str:
    """The reset token in the link of the last queued e-mail."""
    link = kit.tasks.enqueued[-1].kwargs["link"]
    return str(parse_qs(urlsplit(link).query)["token"][0])


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


async def test_a_changed_password_replaces_the_old_one(kit: TenancyKit) -> None:
    alice = await kit.seed_user("alice")

    await kit.identity.change_password(alice.id, NEW_PASSWORD)

    assert await _can_sign_in(kit, NEW_PASSWORD)
    assert not await _can_sign_in(kit, PASSWORD)


async def test_a_too_short_new_password_is_refused(kit: TenancyKit) -> None:
    alice = await kit.seed_user("alice")

    with pytest.raises(InvalidInput):
        await kit.identity.change_password(alice.id, "short")

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


# Password reset


async def test_a_reset_request_queues_an_e_mail_with_a_link_holding_the_token(
    kit: TenancyKit,
) -> None:
    await kit.identity.create_user("alice@example.com", PASSWORD, "Alice")

    await kit.identity.request_password_reset(" ALICE@example.com ", RESET_URL)

    [queued] = kit.tasks.enqueued
    assert queued.task == "tenancy.send_password_reset"
    assert set(queued.kwargs) == {"email", "name", "link"}
    assert (queued.kwargs["email"], queued.kwargs["name"]) == ("alice@example.com", "Alice")
    assert queued.kwargs["link"] == f"{RESET_URL}?token={_token_of(kit)}"
    assert len(_token_of(kit)) >= 32


async def test_a_reset_token_sets_a_new_password(kit: TenancyKit) -> None:
    alice = await kit.seed_user("alice")
    await kit.identity.request_password_reset("alice@example.com", RESET_URL)

    user = await kit.identity.reset_password(_token_of(kit), NEW_PASSWORD)

    assert user.id == alice.id
    assert await _can_sign_in(kit, NEW_PASSWORD)
    assert not await _can_sign_in(kit, PASSWORD)


async def test_a_reset_token_works_once(kit: TenancyKit) -> None:
    await kit.seed_user("alice")
    await kit.identity.request_password_reset("alice@example.com", RESET_URL)
    token = _token_of(kit)
    await kit.identity.reset_password(token, NEW_PASSWORD)

    with pytest.raises(InvalidInput, match="invalid, used or expired"):
        await kit.identity.reset_password(token, "yet another secret")

    assert await _can_sign_in(kit, NEW_PASSWORD)


async def test_a_reset_token_works_for_an_hour_and_no_longer(kit: TenancyKit) -> None:
    await kit.seed_user("alice")
    await kit.identity.request_password_reset("alice@example.com", RESET_URL)
    early = _token_of(kit)
    await kit.identity.request_password_reset("alice@example.com", RESET_URL)
    late = _token_of(kit)

    kit.clock.advance(timedelta(hours=1) - timedelta(seconds=1))
    await kit.identity.reset_password(early, NEW_PASSWORD)
    kit.clock.advance(timedelta(seconds=1))
    with pytest.raises(InvalidInput):
        await kit.identity.reset_password(late, "yet another secret")

    assert await _can_sign_in(kit, NEW_PASSWORD)


async def test_a_too_short_password_does_not_spend_the_reset_token(kit: TenancyKit) -> None:
    await kit.seed_user("alice")
    await kit.identity.request_password_reset("alice@example.com", RESET_URL)
    token = _token_of(kit)

    with pytest.raises(InvalidInput, match="at least"):
        await kit.identity.reset_password(token, "short")
    await kit.identity.reset_password(token, NEW_PASSWORD)

    assert await _can_sign_in(kit, NEW_PASSWORD)


async def test_an_unknown_reset_token_is_refused(kit: TenancyKit) -> None:
    await kit.seed_user("alice")

    with pytest.raises(InvalidInput):
        await kit.identity.reset_password("made-up-token", NEW_PASSWORD)

    assert await _can_sign_in(kit, PASSWORD)


async def test_a_reset_for_an_unknown_or_inactive_address_queues_nothing(kit: TenancyKit) -> None:
    bob = await kit.seed_user("bob")
    await kit.identity.set_active(bob.id, False)

    await kit.identity.request_password_reset("nobody@example.com", RESET_URL)
    await kit.identity.request_password_reset("bob@example.com", RESET_URL)

    assert kit.tasks.enqueued == []
    assert kit.repos.state.resets == {}
