"""An operator's reach: their grants, bounded by a platform-scoped token, and what they may
see and change with it (vendors, users, grants, platforms)."""

from __future__ import annotations

import pytest

from mercato.domain.tenancy.administration import (
    NotAnAdministrator,
    Operator,
    Reach,
    SuperAdminRequired,
)
from mercato.domain.tenancy.model import PlatformAdmin, VendorStatus
from mercato.ports.errors import Conflict, InvalidInput, NotFound
from tests.support.administration import Setting, administration_setting

pytestmark = pytest.mark.unit


@pytest.fixture
async def s() -> Setting:
    return await administration_setting()


def test_a_super_admin_reaches_every_platform_but_their_token_only_its_own() -> None:
    grants = [PlatformAdmin(1, None)]
    assert Reach.of(Operator(1, 10), grants).everything
    scoped = Reach.of(Operator(1, 10, token_platform_id=10), grants)
    assert scoped.platforms == frozenset({10}) and scoped.super_admin
    assert scoped.covers(10) and not scoped.covers(20) and not scoped.covers(None)


def test_a_platform_admin_reaches_their_grants_and_the_platform_they_act_from() -> None:
    reach = Reach.of(Operator(1, 10), [PlatformAdmin(1, 20)])
    assert reach.platforms == frozenset({10, 20})
    token = Reach.of(Operator(1, 20, token_platform_id=20), [PlatformAdmin(1, 20)])
    assert token.platforms == frozenset({20})


async def test_a_super_admins_platform_token_acts_on_its_platform_only(s: Setting) -> None:
    token = Operator(s.root, s.north, token_platform_id=s.north)
    with pytest.raises(NotAnAdministrator):
        await s.admin.update_platform(token, "south", name="Taken")
    with pytest.raises(NotAnAdministrator):
        await s.admin.attach_vendor(token, s.acme, s.south)
    with pytest.raises(SuperAdminRequired):
        await s.admin.grant_admin(token, "plain@example.com", None)
    with pytest.raises(SuperAdminRequired):
        await s.admin.create_platform(token, "east", "East")
    assert await s.grants(s.plain) == set()
    assert [m.platform_id for m in await s.repos.vendors.platforms_of(s.acme)] == [s.north]


async def test_attaching_a_vendor_of_no_administered_platform_needs_a_super_admin(
    s: Setting,
) -> None:
    with pytest.raises(NotAnAdministrator) as refused:
        await s.admin.attach_vendor(Operator(s.south_admin, s.south), s.acme, s.south)
    assert refused.value.field == "vendor"
    assert [m.platform_id for m in await s.repos.vendors.platforms_of(s.acme)] == [s.north]
    joined = await s.admin.attach_vendor(Operator(s.root, s.south), s.acme, s.south)
    assert joined.status is VendorStatus.ACTIVE


async def test_a_vendor_outside_the_reach_is_not_found(s: Setting) -> None:
    with pytest.raises(NotFound):
        await s.admin.vendor(Operator(s.south_admin, s.south), "acme")
    assert (await s.admin.vendor(Operator(s.north_admin, s.north), "acme")).id == s.acme


async def test_only_a_super_admin_creates_a_vendor_on_no_platform(s: Setting) -> None:
    with pytest.raises(InvalidInput):
        await s.admin.create_vendor(s.on_north(s.north_admin), "lone", "Lone", s.company, [])
    created = await s.admin.create_vendor(s.on_north(s.root), "lone", "Lone", s.company, [])
    assert await s.repos.vendors.platforms_of(created.id) == []


async def test_a_platform_admin_changes_only_users_of_their_platforms_alone(s: Setting) -> None:
    await s.repos.teams.set_member(s.acme, s.plain, "staff")  # acme is on north
    with pytest.raises(NotAnAdministrator):
        await s.admin.set_user_active(Operator(s.south_admin, s.south), s.plain, False)
    await s.repos.vendors.set_platform(s.acme, s.south, VendorStatus.ACTIVE)
    with pytest.raises(NotAnAdministrator):  # on south now, and still on north
        await s.admin.set_user_active(Operator(s.south_admin, s.south), s.plain, False)
    user = await s.admin.set_user_active(s.on_north(s.root), s.plain, False)
    assert not user.is_active


async def test_the_last_active_owner_of_a_vendor_is_not_deactivated(s: Setting) -> None:
    await s.repos.teams.set_member(s.acme, s.plain, "owner")
    with pytest.raises(Conflict) as refused:
        await s.admin.set_user_active(s.on_north(s.root), s.plain, False)
    assert refused.value.field == "active" and await s.is_active(s.plain)
    other = (await s.repos.users.add("other@example.com", "Other", "x")).id
    await s.repos.teams.set_member(s.acme, other, "owner")
    await s.admin.set_user_active(s.on_north(s.root), other, False)
    with pytest.raises(Conflict):  # the other owner is deactivated: plain is the last active
        await s.admin.set_user_active(s.on_north(s.root), s.plain, False)


async def test_platform_admins_see_their_platforms_only(s: Setting) -> None:
    north_only = await s.admin.platforms(s.on_north(s.north_admin))
    assert [p.code for p in north_only] == ["north"]
    assert [p.code for p in await s.admin.platforms(s.on_north(s.root))] == ["north", "south"]
    with pytest.raises(NotFound):
        await s.admin.platform(s.on_north(s.north_admin), "south")
