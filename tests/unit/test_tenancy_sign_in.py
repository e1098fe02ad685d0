"""Signing in: one error for every wrong credential, a hash checked either way, throttled per
(account, address) pair, per account (looser) and per address."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mercato.domain.tenancy.identity import IdentityService
from mercato.domain.tenancy.throttle import Throttle, ThrottlePolicy
from mercato.ports.errors import AuthenticationFailed, RateLimited
from mercato.ports.security import FakePasswordHasher
from tests.support.tenancy_kit import PASSWORD, TenancyKit, tenancy_kit

pytestmark = pytest.mark.unit

HOME = "192.0.2.1"
CAFE = "198.51.100.7"
WINDOW = timedelta(minutes=15)


@pytest.fixture
async def kit() -> TenancyKit:
    kit = tenancy_kit()
    await kit.seed_user("alice")
    return kit


async def _fail(kit: TenancyKit, email: str = "alice@example.com", address: str = HOME) -> None:
    with pytest.raises(AuthenticationFailed):
        await kit.identity.authenticate(email, "wrong password!", address)


async def test_the_right_credentials_sign_the_user_in(kit: TenancyKit) -> None:
    user = await kit.identity.authenticate("  Alice@Example.COM ", PASSWORD, HOME)

    assert user.id == kit.users["alice"]


async def test_an_unknown_e_mail_a_wrong_password_and_an_inactive_user_fail_alike(
    kit: TenancyKit,
) -> None:
    bob = await kit.seed_user("bob")
    await kit.identity.set_active(bob.id, False)
    attempts = [
        ("nobody@example.com", PASSWORD),
        ("alice@example.com", "not the password"),
        ("bob@example.com", PASSWORD),
    ]

    failures = []
    for email, password in attempts:
        with pytest.raises(AuthenticationFailed) as caught:
            await kit.identity.authenticate(email, password, HOME)
        failures.append((type(caught.value), caught.value.message, caught.value.field))

    assert failures == [(AuthenticationFailed, "wrong e-mail address or password", None)] * 3


async def test_five_failures_from_one_address_lock_that_address_out_of_the_account(
    kit: TenancyKit,
) -> None:
    for _ in range(5):
        await _fail(kit)

    with pytest.raises(RateLimited) as caught:
        await kit.identity.authenticate("alice@example.com", PASSWORD, HOME)

    assert caught.value.retry_after == WINDOW.total_seconds() + 1


async def test_four_failures_still_allow_the_right_password(kit: TenancyKit) -> None:
    for _ in range(4):
        await _fail(kit)

    user = await kit.identity.authenticate("alice@example.com", PASSWORD, HOME)

    assert user.id == kit.users["alice"]


async def test_a_lockout_from_one_address_does_not_lock_the_account_from_another(
    kit: TenancyKit,
) -> None:
    for _ in range(5):
        await _fail(kit, address=CAFE)  # someone at the cafe guesses alice's password
    with pytest.raises(RateLimited):
        await kit.identity.authenticate("alice@example.com", PASSWORD, CAFE)

    user = await kit.identity.authenticate("alice@example.com", PASSWORD, HOME)

    assert user.id == kit.users["alice"]


async def test_failures_spread_over_addresses_lock_the_account_only_at_its_looser_limit(
    kit: TenancyKit,
) -> None:
    for n in range(49):
        await _fail(kit, address=f"203.0.113.{n // 4}")  # 4 from each of 13 addresses
    assert await kit.identity.authenticate("alice@example.com", PASSWORD, CAFE)
    await _fail(kit, address="203.0.113.200")

    with pytest.raises(RateLimited):
        await kit.identity.authenticate("alice@example.com", PASSWORD, CAFE)


async def test_the_account_limit_ignores_the_case_of_the_e_mail(kit: TenancyKit) -> None:
    for email in ("alice@example.com", "ALICE@example.com", " Alice@Example.com"):
        await _fail(kit, email)
    for _ in range(2):
        await _fail(kit)

    with pytest.raises(RateLimited):
        await kit.identity.authenticate("alice@example.com", PASSWORD, HOME)


async def test_retry_after_counts_down_to_when_the_oldest_failure_leaves_the_window(
    kit: TenancyKit,
) -> None:
    for _ in range(5):
        await _fail(kit)
        kit.clock.advance(timedelta(minutes=1))

    with pytest.raises(RateLimited) as caught:
        await kit.identity.authenticate("alice@example.com", PASSWORD, HOME)

    assert caught.value.retry_after == (WINDOW - timedelta(minutes=5)).total_seconds() + 1


async def test_waiting_retry_after_seconds_lifts_the_lock_and_one_second_less_does_not(
    kit: TenancyKit,
) -> None:
    for _ in range(5):
        await _fail(kit)
    with pytest.raises(RateLimited) as caught:
        await kit.identity.authenticate("alice@example.com", PASSWORD, HOME)
    wait = timedelta(seconds=caught.value.retry_after)

    kit.clock.advance(wait - timedelta(seconds=1))
    with pytest.raises(RateLimited):
        await kit.identity.authenticate("alice@example.com", PASSWORD, HOME)
    kit.clock.advance(timedelta(seconds=1))
    user = await kit.identity.authenticate("alice@example.com", PASSWORD, HOME)

    assert user.id == kit.users["alice"]


async def test_failures_older_than_the_window_do_not_count(kit: TenancyKit) -> None:
    for _ in range(4):
        await _fail(kit)
    kit.clock.advance(WINDOW + timedelta(seconds=1))
    await _fail(kit)

    user = await kit.identity.authenticate("alice@example.com", PASSWORD, HOME)

    assert user.id == kit.users["alice"]


async def test_signing_in_clears_the_accounts_failures(kit: TenancyKit) -> None:
    for _ in range(4):
        await _fail(kit)
    await kit.identity.authenticate("alice@example.com", PASSWORD, HOME)
    for _ in range(4):
        await _fail(kit)

    user = await kit.identity.authenticate("alice@example.com", PASSWORD, HOME)

    assert user.id == kit.users["alice"]


async def test_twenty_failures_from_one_address_lock_the_address_for_every_account(
    kit: TenancyKit,
) -> None:
    for n in range(20):
        await _fail(kit, f"guess{n}@example.com", HOME)

    with pytest.raises(RateLimited):
        await kit.identity.authenticate("alice@example.com", PASSWORD, HOME)
    user = await kit.identity.authenticate("alice@example.com", PASSWORD, CAFE)

    assert user.id == kit.users["alice"]


async def test_a_rate_limited_attempt_is_refused_before_the_password_is_checked(
    kit: TenancyKit,
) -> None:
    for _ in range(5):
        await _fail(kit)
    failures_before = len(kit.repos.state.attempts)

    with pytest.raises(RateLimited):
        await kit.identity.authenticate("alice@example.com", "wrong password!", HOME)

    assert len(kit.repos.state.attempts) == failures_before


STRICT = ThrottlePolicy(per_pair=1, per_account=2, per_address=3, window=timedelta(minutes=1))


async def test_a_stricter_policy_locks_the_account_at_its_own_limit(kit: TenancyKit) -> None:
    throttle = Throttle(kit.repos.attempts, kit.clock, STRICT)
    await throttle.failed("a@example.com", HOME)
    await throttle.check("a@example.com", CAFE)
    await throttle.failed("a@example.com", CAFE)

    with pytest.raises(RateLimited) as caught:
        await throttle.check("a@example.com", "203.0.113.9")

    assert caught.value.retry_after == 61


async def test_a_stricter_policy_locks_the_address_at_its_own_limit(kit: TenancyKit) -> None:
    throttle = Throttle(kit.repos.attempts, kit.clock, STRICT)
    for email in ("a@example.com", "b@example.com"):
        await throttle.failed(email, HOME)
    await throttle.check("c@example.com", HOME)
    await throttle.failed("c@example.com", HOME)

    with pytest.raises(RateLimited):
        await throttle.check("d@example.com", HOME)
    await throttle.check("d@example.com", CAFE)


async def test_success_forgets_the_pair_but_not_the_address(kit: TenancyKit) -> None:
    policy = ThrottlePolicy(per_pair=2, per_account=5, per_address=2, window=timedelta(minutes=1))
    throttle = Throttle(kit.repos.attempts, kit.clock, policy)
    await throttle.failed("a@example.com", HOME)
    await throttle.failed("a@example.com", HOME)

    await throttle.succeeded("a@example.com", HOME)

    await throttle.check("a@example.com", CAFE)
    with pytest.raises(RateLimited):
        await throttle.check("b@example.com", HOME)


class _UpgradingHasher(FakePasswordHasher):
    """Reads old ``fake$`` hashes and writes ``v2$`` ones."""

    def hash(self, password: str) -> str:
        return "v2$" + password[::-1]

    def verify(self, password_hash: str, password: str) -> bool:
        return password_hash in {"v2$" + password[::-1], super().hash(password)}

    def needs_rehash(self, password_hash: str) -> bool:
        return not password_hash.startswith("v2$")


async def test_signing_in_with_an_outdated_hash_stores_a_fresh_one(kit: TenancyKit) -> None:
    upgrading = IdentityService(kit.repos.users, _UpgradingHasher(), kit.throttle)

    await upgrading.authenticate("alice@example.com", PASSWORD, HOME)

    stored = (await kit.identity.get(kit.users["alice"])).password_hash
    assert stored == "v2$" + PASSWORD[::-1]
    assert await upgrading.authenticate("alice@example.com", PASSWORD, HOME)


class _CountingHasher(FakePasswordHasher):
    """Remembers the hashes it verified against."""

    def __init__(self) -> None:
        self.verified: list[str] = []

    def verify(self, password_hash: str, password: str) -> bool:
        self.verified.append(password_hash)
        return super().verify(password_hash, password)


async def test_an_unknown_address_is_checked_against_a_dummy_hash_of_the_same_hasher(
    kit: TenancyKit,
) -> None:
    hasher = _CountingHasher()
    counting = IdentityService(kit.repos.users, hasher, kit.throttle)

    for _ in range(2):
        with pytest.raises(AuthenticationFailed):
            await counting.authenticate("nobody@example.com", PASSWORD, HOME)

    assert len(hasher.verified) == 2
    assert hasher.verified[0] == hasher.verified[1]
    assert hasher.verified[0].startswith("fake$")  # made by this hasher: the same cost


async def test_an_inactive_user_is_checked_against_their_hash_all_the_same(
    kit: TenancyKit,
) -> None:
    hasher = _CountingHasher()
    counting = IdentityService(kit.repos.users, hasher, kit.throttle)
    await kit.identity.set_active(kit.users["alice"], False)

    with pytest.raises(AuthenticationFailed):
        await counting.authenticate("alice@example.com", PASSWORD, HOME)

    assert hasher.verified == [(await kit.identity.get(kit.users["alice"])).password_hash]
