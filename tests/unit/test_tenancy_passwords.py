"""Forgotten and changed passwords: links mailed by the worker, tokens that die together,
throttled requests, and API tokens revoked on request."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from mercato.domain.tenancy.identity import session_stamp
from mercato.domain.tenancy.passwords import SEND_RESET_TASK
from mercato.ports.errors import AuthenticationFailed, InvalidInput, RateLimited
from tests.support.tenancy_kit import PASSWORD, TenancyKit, tenancy_kit

pytestmark = pytest.mark.unit

RESET_URL = "https://north.test/auth/password/reset"
NEW_PASSWORD = "a brand new secret"
HOME = "192.0.2.1"
CAFE = "198.51.100.7"


@pytest.fixture
async def kit() -> TenancyKit:
    kit = tenancy_kit()
    await kit.seed_user("alice")
    return kit


async def _reset_link(kit: TenancyKit, email: str = "alice@example.com") -> str:
    """Ask for a reset, run the queued task as the worker would; the mailed link."""
    await kit.passwords.request_reset(email, RESET_URL, HOME)
    task = kit.tasks.enqueued[-1]
    assert task.task == SEND_RESET_TASK
    assert await kit.passwords.send_reset(**task.kwargs)
    [link] = [line for line in kit.mailer.sent[-1].body.splitlines() if "token=" in line]
    return link


def _token(link: str) -> str:
    return str(parse_qs(urlsplit(link).query)["token"][0])


async def _can_sign_in(kit: TenancyKit, password: str) -> bool:
    try:
        await kit.identity.authenticate("alice@example.com", password, HOME)
    except AuthenticationFailed:
        return False
    return True


async def test_a_reset_request_queues_no_secret_and_the_worker_mails_the_link(
    kit: TenancyKit,
) -> None:
    await kit.passwords.request_reset(" ALICE@example.com ", RESET_URL, HOME)

    [queued] = kit.tasks.enqueued
    assert dict(queued.kwargs) == {"user_id": kit.users["alice"], "reset_url": RESET_URL}
    assert kit.mailer.sent == []  # nothing made yet: the worker makes the token
    await kit.passwords.send_reset(**queued.kwargs)
    [mail] = kit.mailer.sent
    assert mail.to == "alice@example.com"
    link = next(line for line in mail.body.splitlines() if line.startswith(RESET_URL))
    assert len(_token(link)) >= 32


async def test_a_reset_token_sets_a_new_password_once(kit: TenancyKit) -> None:
    token = _token(await _reset_link(kit))

    changed = await kit.passwords.reset(token, NEW_PASSWORD, revoke_tokens=False)
    with pytest.raises(InvalidInput, match="invalid, used or expired"):
        await kit.passwords.reset(token, "yet another secret", revoke_tokens=False)

    assert changed.user.id == kit.users["alice"]
    assert await _can_sign_in(kit, NEW_PASSWORD)
    assert not await _can_sign_in(kit, PASSWORD)


async def test_using_a_reset_token_voids_the_users_other_reset_tokens(kit: TenancyKit) -> None:
    first = _token(await _reset_link(kit))
    second = _token(await _reset_link(kit))

    await kit.passwords.reset(second, NEW_PASSWORD, revoke_tokens=False)

    with pytest.raises(InvalidInput, match="invalid, used or expired"):
        await kit.passwords.reset(first, "an attacker's password", revoke_tokens=False)
    assert await _can_sign_in(kit, NEW_PASSWORD)


async def test_a_reset_token_works_for_an_hour_and_no_longer(kit: TenancyKit) -> None:
    token = _token(await _reset_link(kit))

    kit.clock.advance(timedelta(hours=1))
    with pytest.raises(InvalidInput):
        await kit.passwords.reset(token, NEW_PASSWORD, revoke_tokens=False)
    fresh = _token(await _reset_link(kit))
    kit.clock.advance(timedelta(hours=1) - timedelta(seconds=1))
    await kit.passwords.reset(fresh, NEW_PASSWORD, revoke_tokens=False)

    assert await _can_sign_in(kit, NEW_PASSWORD)


async def test_a_too_short_password_does_not_spend_the_reset_token(kit: TenancyKit) -> None:
    token = _token(await _reset_link(kit))

    with pytest.raises(InvalidInput, match="at least"):
        await kit.passwords.reset(token, "short", revoke_tokens=False)
    await kit.passwords.reset(token, NEW_PASSWORD, revoke_tokens=False)

    assert await _can_sign_in(kit, NEW_PASSWORD)


async def test_an_unknown_reset_token_is_refused(kit: TenancyKit) -> None:
    with pytest.raises(InvalidInput):
        await kit.passwords.reset("made-up-token", NEW_PASSWORD, revoke_tokens=False)

    assert await _can_sign_in(kit, PASSWORD)


async def test_a_reset_for_an_unknown_or_inactive_address_queues_nothing(kit: TenancyKit) -> None:
    bob = await kit.seed_user("bob")
    await kit.identity.set_active(bob.id, False)

    await kit.passwords.request_reset("nobody@example.com", RESET_URL, HOME)
    await kit.passwords.request_reset("bob@example.com", RESET_URL, HOME)

    assert kit.tasks.enqueued == []
    assert kit.repos.state.resets == {}


async def test_a_user_deactivated_before_the_worker_runs_gets_no_link(kit: TenancyKit) -> None:
    await kit.passwords.request_reset("alice@example.com", RESET_URL, HOME)
    await kit.identity.set_active(kit.users["alice"], False)

    assert not await kit.passwords.send_reset(**kit.tasks.enqueued[0].kwargs)
    assert kit.mailer.sent == [] and kit.repos.state.resets == {}


async def test_reset_requests_are_throttled_alike_for_known_and_unknown_addresses(
    kit: TenancyKit,
) -> None:
    for email in ("alice@example.com", "nobody@example.com"):
        for _ in range(3):
            await kit.passwords.request_reset(email, RESET_URL, HOME)
        with pytest.raises(RateLimited) as caught:
            await kit.passwords.request_reset(email, RESET_URL, HOME)
        assert caught.value.retry_after > 0

    await kit.passwords.request_reset("alice@example.com", RESET_URL, CAFE)  # another address
    assert len(kit.tasks.enqueued) == 4


async def test_one_address_asking_for_many_accounts_is_stopped(kit: TenancyKit) -> None:
    for n in range(10):
        await kit.passwords.request_reset(f"guess{n}@example.com", RESET_URL, HOME)

    with pytest.raises(RateLimited):
        await kit.passwords.request_reset("alice@example.com", RESET_URL, HOME)


async def test_a_new_password_gives_the_user_a_new_session_stamp(kit: TenancyKit) -> None:
    before = session_stamp(await kit.identity.get(kit.users["alice"]))

    changed = await kit.passwords.change(kit.users["alice"], PASSWORD, NEW_PASSWORD, False)

    assert session_stamp(changed.user) != before
    assert session_stamp(await kit.identity.get(kit.users["alice"])) == session_stamp(changed.user)


async def test_changing_a_password_needs_the_current_one(kit: TenancyKit) -> None:
    with pytest.raises(InvalidInput, match="current password"):
        await kit.passwords.change(kit.users["alice"], "not my password", NEW_PASSWORD, False)
    with pytest.raises(InvalidInput, match="at least"):
        await kit.passwords.change(kit.users["alice"], PASSWORD, "short", False)

    assert await _can_sign_in(kit, PASSWORD)


async def test_a_new_password_revokes_the_users_api_tokens_when_asked(kit: TenancyKit) -> None:
    alice, bob = kit.users["alice"], (await kit.seed_user("bob")).id
    north = await kit.seed_platform()
    for user in (alice, alice, bob):
        await kit.tokens.issue(user, "script", platform_id=north)

    kept = await kit.passwords.change(alice, PASSWORD, NEW_PASSWORD, revoke_tokens=False)
    token = _token(await _reset_link(kit))
    revoked = await kit.passwords.reset(token, "a third password", revoke_tokens=True)

    assert (kept.tokens_revoked, revoked.tokens_revoked) == (0, 2)
    assert all(t.is_revoked for t in await kit.tokens.of_user(alice))
    assert not any(t.is_revoked for t in await kit.tokens.of_user(bob))
