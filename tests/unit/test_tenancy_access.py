"""Who may do what: role presets from enabled modules, custom roles, admins and suspension."""

from __future__ import annotations

import pytest

from mercato.domain.kernel.enums import RolePreset
from mercato.domain.tenancy.discovery import custom_role
from mercato.domain.tenancy.model import VendorStatus
from tests.support.tenancy_kit import TenancyKit, tenancy_kit

pytestmark = pytest.mark.unit

OWNER, MANAGER, STAFF, VIEWER = (
    RolePreset.OWNER,
    RolePreset.MANAGER,
    RolePreset.STAFF,
    RolePreset.VIEWER,
)
CORE_AND_TENANCY_PRESETS = {
    OWNER: {
        "dashboard.view",
        "settings.view",
        "settings.edit",
        "team.view",
        "team.manage",
        "roles.manage",
        "tokens.manage",
        "domains.view",
        "domains.manage",
    },
    MANAGER: {
        "dashboard.view",
        "settings.view",
        "team.view",
        "team.manage",
        "tokens.manage",
        "domains.view",
    },
    STAFF: {"dashboard.view", "team.view", "domains.view"},
    VIEWER: {"dashboard.view", "team.view"},
}


@pytest.fixture
def kit() -> TenancyKit:
    return tenancy_kit()


async def _member_permissions(
    kit: TenancyKit, user_id: int, vendor_id: int, pid: int
) -> frozenset[str]:
    return await kit.access.vendor_permissions(user_id, vendor_id, pid, await kit.enabled(pid))


async def test_role_presets_hold_the_permissions_the_enabled_modules_declare(
    kit: TenancyKit,
) -> None:
    pid = await kit.seed_platform()

    presets = kit.discovery.presets(await kit.enabled(pid))

    assert presets == CORE_AND_TENANCY_PRESETS


async def test_enabling_a_module_later_adds_its_permissions_to_the_presets(
    kit: TenancyKit,
) -> None:
    pid = await kit.seed_platform()
    other = await kit.seed_platform("south")

    await kit.enablement.enable(pid, "catalog")

    presets = kit.discovery.presets(await kit.enabled(pid))
    assert presets[OWNER] - CORE_AND_TENANCY_PRESETS[OWNER] == {
        "catalog.view",
        "catalog.edit",
        "catalog.publish",
    }
    assert presets[MANAGER] - CORE_AND_TENANCY_PRESETS[MANAGER] == {"catalog.view", "catalog.edit"}
    assert presets[STAFF] - CORE_AND_TENANCY_PRESETS[STAFF] == {"catalog.view"}
    assert presets[VIEWER] == CORE_AND_TENANCY_PRESETS[VIEWER]
    assert kit.discovery.presets(await kit.enabled(other)) == CORE_AND_TENANCY_PRESETS


async def test_a_member_gains_a_module_enabled_later_without_a_change_of_role(
    kit: TenancyKit,
) -> None:
    pid = await kit.seed_platform()
    acme = await kit.seed_vendor("acme", pid)
    staff = await kit.seed_member(acme.id, "sam", "staff")
    assert "catalog.view" not in await _member_permissions(kit, staff.id, acme.id, pid)

    await kit.enablement.enable(pid, "catalog")

    assert await _member_permissions(kit, staff.id, acme.id, pid) == {
        "dashboard.view",
        "team.view",
        "domains.view",
        "catalog.view",
    }


async def test_disabling_a_module_takes_its_permissions_back_from_members(kit: TenancyKit) -> None:
    pid = await kit.seed_platform()
    await kit.enablement.enable(pid, "catalog")
    acme = await kit.seed_vendor("acme", pid)
    owner = await kit.seed_member(acme.id, "olive", "owner")

    await kit.enablement.disable(pid, "catalog")

    held = await _member_permissions(kit, owner.id, acme.id, pid)
    assert held == CORE_AND_TENANCY_PRESETS[OWNER]


async def test_a_custom_role_grants_only_its_permissions_of_enabled_modules(
    kit: TenancyKit,
) -> None:
    pid = await kit.seed_platform()
    acme = await kit.seed_vendor("acme", pid)
    role = await kit.teams.create_role(acme.id, "Editor", ["team.view", "catalog.edit"])
    editor = await kit.seed_member(acme.id, "eddie", custom_role(role.id))

    before = await _member_permissions(kit, editor.id, acme.id, pid)
    await kit.enablement.enable(pid, "catalog")
    after = await _member_permissions(kit, editor.id, acme.id, pid)

    assert before == {"team.view"}
    assert after == {"team.view", "catalog.edit"}


async def test_a_permission_of_a_disabled_module_is_not_among_all_codes(kit: TenancyKit) -> None:
    pid = await kit.seed_platform()

    codes = kit.discovery.all_codes(await kit.enabled(pid))

    assert "team.manage" in codes
    assert "dashboard.view" in codes
    assert not {c for c in codes if c.startswith("catalog.")}


async def test_a_custom_role_of_another_vendor_grants_nothing(kit: TenancyKit) -> None:
    pid = await kit.seed_platform()
    acme = await kit.seed_vendor("acme", pid)
    globex = await kit.seed_vendor("globex", pid)
    role = await kit.teams.create_role(globex.id, "Helper", ["team.view"])

    held = await kit.discovery.role_permissions(
        acme.id, custom_role(role.id), await kit.enabled(pid)
    )

    assert held == frozenset()


@pytest.mark.parametrize("role", ["janitor", "custom:", "custom:abc", "custom:99"])
async def test_a_role_that_is_neither_a_preset_nor_a_custom_role_grants_nothing(
    kit: TenancyKit, role: str
) -> None:
    pid = await kit.seed_platform()
    acme = await kit.seed_vendor("acme", pid)

    assert await kit.discovery.role_permissions(acme.id, role, await kit.enabled(pid)) == set()


async def test_a_super_admin_holds_every_enabled_permission_on_every_platform(
    kit: TenancyKit,
) -> None:
    north = await kit.seed_platform("north")
    south = await kit.seed_platform("south")
    await kit.enablement.enable(south, "catalog")
    acme = await kit.seed_vendor("acme", north)
    root = await kit.seed_user("root")
    await kit.identity.grant_admin(root.id, None)

    on_north = await kit.access.platform_permissions(root.id, north, await kit.enabled(north))
    on_south = await kit.access.platform_permissions(root.id, south, await kit.enabled(south))
    in_acme = await _member_permissions(kit, root.id, acme.id, north)

    every = kit.discovery.all_codes(await kit.enabled(north))
    assert on_north == every | {"events.manage"}
    assert "catalog.publish" not in on_north
    assert "catalog.publish" in on_south
    assert in_acme == every  # what only super admins hold is no vendor permission


async def test_only_a_super_admin_acting_for_every_platform_holds_super_admin_permissions(
    kit: TenancyKit,
) -> None:
    north = await kit.seed_platform("north")
    root = await kit.seed_user("root")
    await kit.identity.grant_admin(root.id, None)
    operator = await kit.seed_user("operator")
    await kit.identity.grant_admin(operator.id, north)
    enabled = await kit.enabled(north)

    assert "events.manage" in await kit.access.platform_permissions(root.id, north, enabled)
    scoped = await kit.access.platform_permissions(root.id, north, enabled, scoped=True)
    admin = await kit.access.platform_permissions(operator.id, north, enabled)
    assert "events.manage" not in scoped and "vendors.manage" in scoped
    assert "events.manage" not in admin and "vendors.manage" in admin
    assert "events.manage" not in kit.discovery.all_codes(enabled)


async def test_a_platform_admin_holds_permissions_on_their_platform_only(kit: TenancyKit) -> None:
    north = await kit.seed_platform("north")
    south = await kit.seed_platform("south")
    acme = await kit.seed_vendor("acme", north, south)
    operator = await kit.seed_user("operator")
    await kit.identity.grant_admin(operator.id, north)

    assert await kit.access.is_admin_of(operator.id, north)
    assert not await kit.access.is_admin_of(operator.id, south)
    assert "vendors.manage" in await kit.access.platform_permissions(
        operator.id, north, await kit.enabled(north)
    )
    assert (
        await kit.access.platform_permissions(operator.id, south, await kit.enabled(south))
        == frozenset()
    )
    assert await _member_permissions(kit, operator.id, acme.id, south) == frozenset()


async def test_a_team_member_holds_no_platform_permissions(kit: TenancyKit) -> None:
    pid = await kit.seed_platform()
    acme = await kit.seed_vendor("acme", pid)
    owner = await kit.seed_member(acme.id, "olive", "owner")

    held = await kit.access.platform_permissions(owner.id, pid, await kit.enabled(pid))

    assert held == frozenset()
    assert not await kit.access.is_admin_of(owner.id, pid)


async def test_a_member_holds_their_role_and_a_stranger_nothing(kit: TenancyKit) -> None:
    pid = await kit.seed_platform()
    acme = await kit.seed_vendor("acme", pid)
    globex = await kit.seed_vendor("globex", pid)
    manager = await kit.seed_member(acme.id, "maria", "manager")

    assert (
        await _member_permissions(kit, manager.id, acme.id, pid)
        == (CORE_AND_TENANCY_PRESETS[MANAGER])
    )
    assert await _member_permissions(kit, manager.id, globex.id, pid) == frozenset()


async def test_a_suspended_vendor_grants_nothing_to_its_members_but_admins_keep_access(
    kit: TenancyKit,
) -> None:
    pid = await kit.seed_platform()
    acme = await kit.seed_vendor("acme", pid)
    owner = await kit.seed_member(acme.id, "olive", "owner")
    operator = await kit.seed_user("operator")
    await kit.identity.grant_admin(operator.id, pid)

    await kit.vendors.set_status(acme.id, pid, VendorStatus.SUSPENDED)

    assert await _member_permissions(kit, owner.id, acme.id, pid) == frozenset()
    assert "team.manage" in await _member_permissions(kit, operator.id, acme.id, pid)


async def test_reactivating_a_vendor_gives_its_members_their_permissions_back(
    kit: TenancyKit,
) -> None:
    pid = await kit.seed_platform()
    acme = await kit.seed_vendor("acme", pid)
    owner = await kit.seed_member(acme.id, "olive", "owner")
    await kit.vendors.set_status(acme.id, pid, VendorStatus.SUSPENDED)

    await kit.vendors.set_status(acme.id, pid, VendorStatus.ACTIVE)

    assert (
        await _member_permissions(kit, owner.id, acme.id, pid) == (CORE_AND_TENANCY_PRESETS[OWNER])
    )


async def test_suspension_on_one_platform_leaves_the_vendor_working_on_another(
    kit: TenancyKit,
) -> None:
    north = await kit.seed_platform("north")
    south = await kit.seed_platform("south")
    acme = await kit.seed_vendor("acme", north, south)
    owner = await kit.seed_member(acme.id, "olive", "owner")

    await kit.vendors.set_status(acme.id, north, VendorStatus.SUSPENDED)

    assert await _member_permissions(kit, owner.id, acme.id, north) == frozenset()
    assert "team.manage" in await _member_permissions(kit, owner.id, acme.id, south)


async def test_members_hold_nothing_on_a_platform_the_vendor_has_not_joined(
    kit: TenancyKit,
) -> None:
    north = await kit.seed_platform("north")
    south = await kit.seed_platform("south")
    acme = await kit.seed_vendor("acme", north)
    owner = await kit.seed_member(acme.id, "olive", "owner")

    assert await _member_permissions(kit, owner.id, acme.id, south) == frozenset()
