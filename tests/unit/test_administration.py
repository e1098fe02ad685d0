"""Cross-platform administration: grants decide which platforms an operator may act on."""

from __future__ import annotations

import pytest

from mercato.domain.tenancy.administration import (
    CannotLockOneselfOut,
    NotAnAdministrator,
    SuperAdminRequired,
)
from mercato.domain.tenancy.model import VendorStatus
from mercato.ports.errors import InvalidInput, NotFound, PermissionDenied
from tests.support.administration import Setting, administration_setting

pytestmark = pytest.mark.unit


@pytest.fixture
async def s() -> Setting:
    return await administration_setting()


# -- which platform ------------------------------------------------------------------------


async def test_the_platform_acted_from_needs_no_further_grant(s: Setting) -> None:
    await s.admin.ensure_administers(s.on_north(s.plain), s.north)


async def test_acting_on_another_platform_needs_a_grant_there(s: Setting) -> None:
    with pytest.raises(NotAnAdministrator) as refused:
        await s.admin.attach_vendor(s.on_north(s.north_admin), s.acme, s.south)
    assert refused.value.field == "platform"
    assert isinstance(refused.value, PermissionDenied)
    assert [m.platform_id for m in await s.repos.vendors.platforms_of(s.acme)] == [s.north]


async def test_a_super_admin_acts_on_every_platform(s: Setting) -> None:
    await s.admin.attach_vendor(s.on_north(s.root), s.acme, s.south)
    changed = await s.admin.set_vendor_status(
        s.on_north(s.root), s.acme, s.south, VendorStatus.SUSPENDED
    )
    assert changed.status is VendorStatus.SUSPENDED


async def test_a_grant_on_the_other_platform_lets_an_administrator_act_there(s: Setting) -> None:
    await s.repos.users.grant_admin(s.north_admin, s.south)
    joined = await s.admin.attach_vendor(s.on_north(s.north_admin), s.acme, s.south)
    assert joined.status is VendorStatus.ACTIVE


async def test_suspending_a_vendor_on_another_platform_is_refused(s: Setting) -> None:
    await s.admin.attach_vendor(s.on_north(s.root), s.acme, s.south)
    with pytest.raises(NotAnAdministrator):
        await s.admin.set_vendor_status(
            s.on_north(s.north_admin), s.acme, s.south, VendorStatus.SUSPENDED
        )
    on_south = await s.repos.vendors.on_platform(s.acme, s.south)
    assert on_south is not None and on_south.status is VendorStatus.ACTIVE


async def test_a_vendor_is_created_only_on_platforms_the_operator_administers(
    s: Setting,
) -> None:
    with pytest.raises(NotAnAdministrator):
        await s.admin.create_vendor(
            s.on_north(s.north_admin), "globex", "Globex", s.company, [s.north, s.south]
        )
    assert await s.repos.vendors.by_slug("globex") is None
    created = await s.admin.create_vendor(
        s.on_north(s.north_admin), "globex", "Globex", s.company, [s.north]
    )
    assert [m.platform_id for m in await s.repos.vendors.platforms_of(created.id)] == [s.north]


async def test_a_module_is_switched_on_another_platform_only_by_its_administrator(
    s: Setting,
) -> None:
    with pytest.raises(NotAnAdministrator):
        await s.admin.set_module_enabled(s.on_north(s.north_admin), s.south, "catalog", True)
    assert s.store.by_platform.get(s.south, set()) == set()
    change = await s.admin.set_module_enabled(s.on_north(s.root), s.south, "catalog", True)
    assert change.changed == ("catalog",) and s.store.by_platform[s.south] == {"catalog"}


# -- platforms -----------------------------------------------------------------------------


async def test_only_a_super_admin_creates_a_platform(s: Setting) -> None:
    with pytest.raises(SuperAdminRequired):
        await s.admin.create_platform(s.on_north(s.north_admin), "east", "East")
    assert await s.repos.platforms.by_code("east") is None
    created = await s.admin.create_platform(s.on_north(s.root), "east", "East", ["east.test"])
    assert created.domains == ("east.test",)


async def test_a_platform_is_edited_only_by_its_administrators(s: Setting) -> None:
    with pytest.raises(NotAnAdministrator):
        await s.admin.update_platform(s.on_north(s.north_admin), "south", name="Mine")
    south = await s.repos.platforms.by_code("south")
    assert south is not None and south.name == "South"
    updated = await s.admin.update_platform(s.on_north(s.north_admin), "north", name="North!")
    assert updated.name == "North!"
    with pytest.raises(NotFound):
        await s.admin.update_platform(s.on_north(s.root), "mars", name="Mars")


# -- administrator grants ------------------------------------------------------------------


async def test_only_a_super_admin_grants_super_admin(s: Setting) -> None:
    with pytest.raises(SuperAdminRequired):
        await s.admin.grant_admin(s.on_north(s.north_admin), "plain@example.com", None)
    assert await s.grants(s.plain) == set()
    await s.admin.grant_admin(s.on_north(s.root), "plain@example.com", None)
    assert await s.grants(s.plain) == {None}


async def test_a_platform_grant_is_given_only_by_an_administrator_of_that_platform(
    s: Setting,
) -> None:
    with pytest.raises(NotAnAdministrator):
        await s.admin.grant_admin(s.on_north(s.north_admin), "plain@example.com", s.south)
    user = await s.admin.grant_admin(s.on_north(s.north_admin), " Plain@Example.com ", s.north)
    assert user.id == s.plain and await s.grants(s.plain) == {s.north}


async def test_a_grant_to_an_unknown_address_is_refused_on_the_email_field(s: Setting) -> None:
    with pytest.raises(InvalidInput) as refused:
        await s.admin.grant_admin(s.on_north(s.root), "nobody@example.com", s.north)
    assert refused.value.field == "email"


async def test_nobody_revokes_their_own_grant(s: Setting) -> None:
    with pytest.raises(CannotLockOneselfOut) as refused:
        await s.admin.revoke_admin(s.on_north(s.root), s.root, None)
    assert refused.value.field == "user_id" and isinstance(refused.value, PermissionDenied)
    assert await s.grants(s.root) == {None}


async def test_grants_are_revoked_within_what_the_operator_may_grant(s: Setting) -> None:
    with pytest.raises(SuperAdminRequired):
        await s.admin.revoke_admin(s.on_north(s.north_admin), s.root, None)
    with pytest.raises(NotAnAdministrator):
        await s.admin.revoke_admin(s.on_north(s.north_admin), s.south_admin, s.south)
    assert await s.grants(s.south_admin) == {s.south}
    await s.admin.revoke_admin(s.on_north(s.root), s.south_admin, s.south)
    assert await s.grants(s.south_admin) == set()


# -- activation ----------------------------------------------------------------------------


async def test_nobody_deactivates_themselves(s: Setting) -> None:
    with pytest.raises(CannotLockOneselfOut) as refused:
        await s.admin.set_user_active(s.on_north(s.root), s.root, False)
    assert refused.value.field == "active"
    assert await s.is_active(s.root)


async def test_only_a_super_admin_deactivates_an_administrator(s: Setting) -> None:
    with pytest.raises(SuperAdminRequired):
        await s.admin.set_user_active(s.on_north(s.north_admin), s.south_admin, False)
    assert await s.is_active(s.south_admin)
    user = await s.admin.set_user_active(s.on_north(s.root), s.south_admin, False)
    assert not user.is_active


async def test_an_administrator_deactivates_and_reactivates_a_user_without_grants(
    s: Setting,
) -> None:
    user = await s.admin.set_user_active(s.on_north(s.north_admin), s.plain, False)
    assert not user.is_active
    user = await s.admin.set_user_active(s.on_north(s.north_admin), s.plain, True)
    assert user.is_active


async def test_activating_an_unknown_user_is_not_found(s: Setting) -> None:
    with pytest.raises(NotFound):
        await s.admin.set_user_active(s.on_north(s.root), 999, False)
