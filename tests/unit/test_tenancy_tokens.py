"""Personal API tokens: one scope, shown once, stored hashed, revocable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from mercato.domain.tenancy.identity import hash_token
from mercato.domain.tenancy.tokens import TOKEN_PREFIX
from mercato.ports.errors import AuthenticationFailed, InvalidInput, NotFound, PermissionDenied
from tests.support.tenancy_kit import TenancyKit, tenancy_kit

pytestmark = pytest.mark.unit


@dataclass
class Setting:
    kit: TenancyKit
    platform_id: int
    vendor_id: int
    user_id: int


@pytest.fixture
async def setting() -> Setting:
    kit = tenancy_kit()
    pid = await kit.seed_platform()
    acme = await kit.seed_vendor("acme", pid)
    owner = await kit.seed_member(acme.id, "olive", "owner")
    return Setting(kit, pid, acme.id, owner.id)


async def test_an_issued_token_is_shown_once_and_stored_hashed(setting: Setting) -> None:
    token, secret = await setting.kit.tokens.issue(
        setting.user_id, "  CI deploy ", vendor_id=setting.vendor_id
    )

    assert secret.startswith(TOKEN_PREFIX)
    assert token.name == "CI deploy"
    assert token.prefix == secret[:12]
    assert token.token_hash == hash_token(secret)
    assert secret not in repr(token)
    assert (token.vendor_id, token.platform_id) == (setting.vendor_id, None)


async def test_two_tokens_have_different_secrets(setting: Setting) -> None:
    _, first = await setting.kit.tokens.issue(setting.user_id, "a", vendor_id=setting.vendor_id)
    _, second = await setting.kit.tokens.issue(setting.user_id, "b", vendor_id=setting.vendor_id)

    assert first != second


async def test_a_token_authenticates_its_user_and_records_the_use(setting: Setting) -> None:
    issued, secret = await setting.kit.tokens.issue(
        setting.user_id, "CI", platform_id=setting.platform_id
    )
    setting.kit.clock.advance(timedelta(minutes=3))

    token, user = await setting.kit.tokens.authenticate(secret)

    assert (token.id, user.id) == (issued.id, setting.user_id)
    assert token.platform_id == setting.platform_id
    [stored] = await setting.kit.tokens.of_user(setting.user_id)
    assert stored.last_used_at == setting.kit.clock.now()


async def test_a_busy_token_records_its_use_at_most_once_a_minute(setting: Setting) -> None:
    _, secret = await setting.kit.tokens.issue(
        setting.user_id, "CI", platform_id=setting.platform_id
    )
    await setting.kit.tokens.authenticate(secret)
    first = setting.kit.clock.now()
    uses = []
    for seconds in (20, 20, 19):  # 59 s after the first use
        setting.kit.clock.advance(timedelta(seconds=seconds))
        await setting.kit.tokens.authenticate(secret)
        [stored] = await setting.kit.tokens.of_user(setting.user_id)
        uses.append(stored.last_used_at)
    assert uses == [first, first, first]

    setting.kit.clock.advance(timedelta(seconds=1))  # a minute after the first use
    await setting.kit.tokens.authenticate(secret)
    [stored] = await setting.kit.tokens.of_user(setting.user_id)
    assert stored.last_used_at == setting.kit.clock.now()


async def test_a_token_needs_a_scope(setting: Setting) -> None:
    with pytest.raises(InvalidInput) as caught:
        await setting.kit.tokens.issue(setting.user_id, "CI")

    assert caught.value.field == "scope"
    assert await setting.kit.tokens.of_user(setting.user_id) == []


async def test_a_vendor_token_may_also_be_confined_to_one_platform(setting: Setting) -> None:
    issued, _ = await setting.kit.tokens.issue(
        setting.user_id, "CI", vendor_id=setting.vendor_id, platform_id=setting.platform_id
    )

    assert (issued.vendor_id, issued.platform_id) == (setting.vendor_id, setting.platform_id)


async def test_a_token_needs_a_name(setting: Setting) -> None:
    with pytest.raises(InvalidInput) as caught:
        await setting.kit.tokens.issue(setting.user_id, "   ", vendor_id=setting.vendor_id)

    assert caught.value.field == "name"


async def test_a_revoked_token_no_longer_authenticates(setting: Setting) -> None:
    token, secret = await setting.kit.tokens.issue(
        setting.user_id, "CI", vendor_id=setting.vendor_id
    )

    await setting.kit.tokens.revoke(token.id, user_id=setting.user_id)

    with pytest.raises(AuthenticationFailed, match="revoked"):
        await setting.kit.tokens.authenticate(secret)
    [stored] = await setting.kit.tokens.of_user(setting.user_id)
    assert stored.is_revoked


async def test_a_vendor_revokes_the_tokens_scoped_to_it(setting: Setting) -> None:
    token, secret = await setting.kit.tokens.issue(
        setting.user_id, "CI", vendor_id=setting.vendor_id
    )

    await setting.kit.tokens.revoke(token.id, vendor_id=setting.vendor_id)

    with pytest.raises(AuthenticationFailed):
        await setting.kit.tokens.authenticate(secret)


async def test_nobody_revokes_someone_elses_token(setting: Setting) -> None:
    token, secret = await setting.kit.tokens.issue(
        setting.user_id, "CI", vendor_id=setting.vendor_id
    )
    mallory = await setting.kit.seed_user("mallory")
    globex = await setting.kit.seed_vendor("globex", setting.platform_id)

    for owner in ({"user_id": mallory.id}, {"vendor_id": globex.id}, {}):
        with pytest.raises(NotFound):
            await setting.kit.tokens.revoke(token.id, **owner)

    _, user = await setting.kit.tokens.authenticate(secret)
    assert user.id == setting.user_id


@pytest.mark.parametrize("secret", ["", "not-a-token", f"{TOKEN_PREFIX}made-up-secret"])
async def test_an_unknown_secret_does_not_authenticate(setting: Setting, secret: str) -> None:
    await setting.kit.tokens.issue(setting.user_id, "CI", vendor_id=setting.vendor_id)

    with pytest.raises(AuthenticationFailed):
        await setting.kit.tokens.authenticate(secret)


async def test_a_token_of_a_deactivated_user_does_not_authenticate(setting: Setting) -> None:
    _, secret = await setting.kit.tokens.issue(setting.user_id, "CI", vendor_id=setting.vendor_id)
    await setting.kit.seed_member(setting.vendor_id, "otto", "owner")  # acme keeps an owner

    await setting.kit.identity.set_active(setting.user_id, False)

    with pytest.raises(AuthenticationFailed):
        await setting.kit.tokens.authenticate(secret)


async def test_tokens_are_listed_by_user_and_by_vendor(setting: Setting) -> None:
    vendor_token, _ = await setting.kit.tokens.issue(
        setting.user_id, "shop", vendor_id=setting.vendor_id
    )
    platform_token, _ = await setting.kit.tokens.issue(
        setting.user_id, "ops", platform_id=setting.platform_id
    )

    mine = {t.id for t in await setting.kit.tokens.of_user(setting.user_id)}
    vendors = [t.id for t in await setting.kit.tokens.of_vendor(setting.vendor_id)]

    assert mine == {vendor_token.id, platform_token.id}
    assert vendors == [vendor_token.id]


async def test_only_a_super_admin_holds_a_token_for_every_platform(setting: Setting) -> None:
    with pytest.raises(PermissionDenied):
        await setting.kit.tokens.issue(setting.user_id, "everywhere", every_platform=True)
    await setting.kit.identity.grant_admin(setting.user_id, None)

    token, _ = await setting.kit.tokens.issue(setting.user_id, "everywhere", every_platform=True)

    assert (token.vendor_id, token.platform_id) == (None, None)
