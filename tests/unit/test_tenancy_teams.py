"""Vendor teams: the last-owner rule, the actor's grant rule and custom roles."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from mercato.domain.tenancy.discovery import custom_role
from mercato.domain.tenancy.model import Vendor, VendorStatus
from mercato.domain.tenancy.teams import Actor
from mercato.ports.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from mercato.ports.permissions import ALL_PERMISSIONS
from tests.support.tenancy_kit import TenancyKit, tenancy_kit

pytestmark = pytest.mark.unit


@dataclass
class Shop:
    """A platform with vendor ``acme`` whose team is an owner (olive) and a manager (maria)."""

    kit: TenancyKit
    platform_id: int
    vendor: Vendor
    owner: int
    manager: int

    async def actor(self, user_id: int) -> Actor:
        return await self.kit.actor(self.vendor.id, user_id, self.platform_id)

    async def role_of(self, user_id: int) -> str | None:
        found = await self.kit.teams.membership(self.vendor.id, user_id)
        return None if found is None else found.role


@pytest.fixture
async def shop() -> Shop:
    kit = tenancy_kit()
    pid = await kit.seed_platform()
    acme = await kit.seed_vendor("acme", pid)
    owner = await kit.seed_member(acme.id, "olive", "owner")
    manager = await kit.seed_member(acme.id, "maria", "manager")
    return Shop(kit, pid, acme, owner.id, manager.id)


# The last-owner rule


async def test_the_last_owner_cannot_be_removed(shop: Shop) -> None:
    with pytest.raises(Conflict, match="at least one owner"):
        await shop.kit.teams.remove(shop.vendor.id, shop.owner)

    assert await shop.role_of(shop.owner) == "owner"


async def test_the_last_owner_cannot_be_demoted(shop: Shop) -> None:
    with pytest.raises(Conflict, match="at least one owner"):
        await shop.kit.teams.change_role(shop.vendor.id, shop.owner, "manager")
    with pytest.raises(Conflict, match="at least one owner"):
        await shop.kit.teams.add_member(shop.vendor.id, shop.owner, "viewer")

    assert await shop.role_of(shop.owner) == "owner"


async def test_an_owner_can_be_removed_once_another_owner_exists(shop: Shop) -> None:
    await shop.kit.teams.change_role(shop.vendor.id, shop.manager, "owner")

    await shop.kit.teams.remove(shop.vendor.id, shop.owner)

    assert await shop.role_of(shop.owner) is None
    assert await shop.role_of(shop.manager) == "owner"


async def test_an_owner_can_be_demoted_once_another_owner_exists(shop: Shop) -> None:
    await shop.kit.teams.change_role(shop.vendor.id, shop.manager, "owner")

    await shop.kit.teams.change_role(shop.vendor.id, shop.owner, "staff")

    assert await shop.role_of(shop.owner) == "staff"
    with pytest.raises(Conflict):
        await shop.kit.teams.remove(shop.vendor.id, shop.manager)


async def test_accepting_an_invitation_cannot_demote_the_last_owner(shop: Shop) -> None:
    teams, vendor_id = shop.kit.teams, shop.vendor.id
    as_viewer = await shop.kit.invitation_token(vendor_id, "bob@example.com", "viewer", None)
    bob = await shop.kit.seed_user("bob")
    await teams.add_member(vendor_id, bob.id, "owner")
    await teams.change_role(vendor_id, shop.owner, "staff")

    with pytest.raises(Conflict, match="at least one owner"):
        await teams.accept(as_viewer, bob.id)

    assert await shop.role_of(bob.id) == "owner"


# The actor rule: nobody gives, takes or removes permissions they do not hold


async def test_a_manager_cannot_make_anyone_an_owner(shop: Shop) -> None:
    staff = await shop.kit.seed_member(shop.vendor.id, "sam", "staff")
    maria = await shop.actor(shop.manager)

    with pytest.raises(PermissionDenied, match=r"roles\.manage"):
        await shop.kit.teams.change_role(shop.vendor.id, staff.id, "owner", maria)
    with pytest.raises(PermissionDenied):
        await shop.kit.teams.change_role(shop.vendor.id, shop.manager, "owner", maria)

    assert await shop.role_of(staff.id) == "staff"
    assert await shop.role_of(shop.manager) == "manager"


async def test_a_manager_cannot_invite_an_owner(shop: Shop) -> None:
    maria = await shop.actor(shop.manager)

    with pytest.raises(PermissionDenied):
        await shop.kit.teams.invite(
            shop.vendor.id, "new@example.com", "owner", shop.manager, "/accept", maria
        )

    assert await shop.kit.teams.invitations(shop.vendor.id) == []
    assert shop.kit.tasks.enqueued == []


async def test_a_manager_cannot_demote_or_remove_an_owner(shop: Shop) -> None:
    second = await shop.kit.seed_member(shop.vendor.id, "otto", "owner")
    maria = await shop.actor(shop.manager)

    with pytest.raises(PermissionDenied):
        await shop.kit.teams.change_role(shop.vendor.id, second.id, "viewer", maria)
    with pytest.raises(PermissionDenied):
        await shop.kit.teams.remove(shop.vendor.id, second.id, maria)

    assert await shop.role_of(second.id) == "owner"


async def test_a_manager_can_manage_roles_they_hold_entirely(shop: Shop) -> None:
    staff = await shop.kit.seed_member(shop.vendor.id, "sam", "staff")
    maria = await shop.actor(shop.manager)

    await shop.kit.teams.change_role(shop.vendor.id, staff.id, "manager", maria)
    await shop.kit.teams.change_role(shop.vendor.id, staff.id, "viewer", maria)
    await shop.kit.teams.remove(shop.vendor.id, staff.id, maria)

    assert await shop.role_of(staff.id) is None


async def test_an_owner_can_make_demote_and_remove_owners(shop: Shop) -> None:
    olive = await shop.actor(shop.owner)

    await shop.kit.teams.change_role(shop.vendor.id, shop.manager, "owner", olive)
    assert await shop.role_of(shop.manager) == "owner"
    await shop.kit.teams.change_role(shop.vendor.id, shop.manager, "staff", olive)
    assert await shop.role_of(shop.manager) == "staff"
    await shop.kit.teams.change_role(shop.vendor.id, shop.manager, "owner", olive)
    await shop.kit.teams.remove(shop.vendor.id, shop.manager, olive)
    assert await shop.role_of(shop.manager) is None


async def test_an_actor_holding_every_permission_may_give_any_role(shop: Shop) -> None:
    everything = Actor(frozenset({ALL_PERMISSIONS}), await shop.kit.enabled(shop.platform_id))

    await shop.kit.teams.change_role(shop.vendor.id, shop.manager, "owner", everything)

    assert await shop.role_of(shop.manager) == "owner"


async def test_a_manager_cannot_give_a_custom_role_holding_more_than_they_do(shop: Shop) -> None:
    teams, vendor_id = shop.kit.teams, shop.vendor.id
    admin_role = await teams.create_role(vendor_id, "Role admin", ["team.view", "roles.manage"])
    helper = await teams.create_role(vendor_id, "Helper", ["team.view", "domains.view"])
    staff = await shop.kit.seed_member(vendor_id, "sam", "staff")
    maria = await shop.actor(shop.manager)

    with pytest.raises(PermissionDenied, match=r"roles\.manage"):
        await teams.change_role(vendor_id, staff.id, custom_role(admin_role.id), maria)
    await teams.change_role(vendor_id, staff.id, custom_role(helper.id), maria)

    assert await shop.role_of(staff.id) == custom_role(helper.id)


# Roles


@pytest.mark.parametrize("role", ["janitor", "Owner", "custom:", "custom:x", "custom:42"])
async def test_a_role_the_vendor_does_not_have_is_refused(shop: Shop, role: str) -> None:
    with pytest.raises(InvalidInput, match="is not a role of this vendor"):
        await shop.kit.teams.change_role(shop.vendor.id, shop.manager, role)

    assert await shop.role_of(shop.manager) == "manager"


async def test_another_vendors_custom_role_cannot_be_given(shop: Shop) -> None:
    globex = await shop.kit.seed_vendor("globex", shop.platform_id)
    theirs = await shop.kit.teams.create_role(globex.id, "Helper", ["team.view"])

    with pytest.raises(InvalidInput):
        await shop.kit.teams.change_role(shop.vendor.id, shop.manager, custom_role(theirs.id))


async def test_a_custom_role_may_only_name_installed_permissions(shop: Shop) -> None:
    with pytest.raises(InvalidInput, match="unknown permission"):
        await shop.kit.teams.create_role(shop.vendor.id, "Odd", ["team.view", "rockets.launch"])

    role = await shop.kit.teams.create_role(shop.vendor.id, "Editor", ["catalog.edit"])

    assert role.permissions == {"catalog.edit"}
    assert [r.name for r in await shop.kit.teams.roles(shop.vendor.id)] == ["Editor"]


@pytest.mark.parametrize("name", ["", "   ", "owner", " Viewer "])
async def test_a_custom_role_needs_a_name_that_is_not_a_preset(shop: Shop, name: str) -> None:
    with pytest.raises(InvalidInput):
        await shop.kit.teams.create_role(shop.vendor.id, name, ["team.view"])

    assert await shop.kit.teams.roles(shop.vendor.id) == []


async def test_updating_a_custom_role_changes_what_its_holders_may_do(shop: Shop) -> None:
    teams, vendor_id = shop.kit.teams, shop.vendor.id
    role = await teams.create_role(vendor_id, "Helper", ["team.view"])
    await teams.change_role(vendor_id, shop.manager, custom_role(role.id))

    await teams.update_role(vendor_id, role.id, "Helper", ["team.view", "domains.view"])

    held = await shop.actor(shop.manager)
    assert held.permissions == {"team.view", "domains.view"}


async def test_a_custom_role_cannot_be_deleted_while_a_member_holds_it(shop: Shop) -> None:
    teams, vendor_id = shop.kit.teams, shop.vendor.id
    role = await teams.create_role(vendor_id, "Helper", ["team.view"])
    await teams.change_role(vendor_id, shop.manager, custom_role(role.id))

    with pytest.raises(Conflict, match="still hold"):
        await teams.delete_role(vendor_id, role.id)
    await teams.change_role(vendor_id, shop.manager, "staff")
    await teams.delete_role(vendor_id, role.id)

    assert await teams.roles(vendor_id) == []


async def test_deleting_another_vendors_role_is_not_found(shop: Shop) -> None:
    globex = await shop.kit.seed_vendor("globex", shop.platform_id)
    theirs = await shop.kit.teams.create_role(globex.id, "Helper", ["team.view"])

    with pytest.raises(NotFound):
        await shop.kit.teams.delete_role(shop.vendor.id, theirs.id)

    assert [r.id for r in await shop.kit.teams.roles(globex.id)] == [theirs.id]


# Membership


async def test_adding_an_unknown_user_is_not_found(shop: Shop) -> None:
    with pytest.raises(NotFound):
        await shop.kit.teams.add_member(shop.vendor.id, 999, "staff")


async def test_removing_someone_not_on_the_team_is_not_found(shop: Shop) -> None:
    stranger = await shop.kit.seed_user("stranger")

    with pytest.raises(NotFound):
        await shop.kit.teams.remove(shop.vendor.id, stranger.id)


async def test_a_user_sees_the_vendors_active_on_the_platform_they_work_for(shop: Shop) -> None:
    kit = shop.kit
    globex = await kit.seed_vendor("globex", shop.platform_id)
    initech = await kit.seed_vendor("initech", shop.platform_id)
    elsewhere = await kit.seed_vendor("elsewhere")
    for vendor in (globex, initech, elsewhere):
        await kit.teams.add_member(vendor.id, shop.manager, "staff")
    await kit.vendors.set_status(initech.id, shop.platform_id, VendorStatus.SUSPENDED)

    slugs = await kit.teams.vendor_slugs_of(shop.manager, shop.platform_id)

    assert slugs == ["acme", "globex"]


async def test_a_role_manager_cannot_write_permissions_they_lack_into_a_role(shop: Shop) -> None:
    """Editing one's own custom role into more than one has is refused (no escalation)."""
    teams, vendor_id = shop.kit.teams, shop.vendor.id
    own = await teams.create_role(vendor_id, "Role keeper", ["team.view", "roles.manage"])
    keeper = await shop.kit.seed_member(vendor_id, "kim", custom_role(own.id))
    kim = await shop.actor(keeper.id)

    with pytest.raises(PermissionDenied, match=r"team\.manage"):
        await teams.update_role(
            vendor_id, own.id, own.name, ["team.view", "roles.manage", "team.manage"], kim
        )
    with pytest.raises(PermissionDenied, match=r"tokens\.manage"):
        await teams.create_role(vendor_id, "Helpers", ["tokens.manage"], kim)
    with pytest.raises(InvalidInput, match="not a team permission"):
        await teams.create_role(vendor_id, "Ops", ["platforms.manage"])
    unchanged = await teams.roles(vendor_id)
    assert [r.permissions for r in unchanged] == [frozenset({"team.view", "roles.manage"})]


async def test_a_role_is_weighed_over_every_module_not_only_those_enabled_here(
    shop: Shop,
) -> None:
    teams, vendor_id = shop.kit.teams, shop.vendor.id
    lead_role = await teams.create_role(vendor_id, "Lead", ["team.view", "team.manage"])
    catalog_role = await teams.create_role(vendor_id, "Cataloguer", ["catalog.view"])
    lead = await shop.kit.seed_member(vendor_id, "lee", custom_role(lead_role.id))
    here = await shop.kit.enabled(shop.platform_id)
    assert "catalog" not in here  # the role's module is off on this platform, on elsewhere
    # what the lead holds here: the same whatever platform the modules are weighed on
    lee = Actor(frozenset({"team.view", "team.manage"}), here)

    with pytest.raises(PermissionDenied, match=r"catalog\.view"):
        await teams.change_role(vendor_id, shop.manager, custom_role(catalog_role.id), lee)
    with pytest.raises(PermissionDenied, match=r"catalog\.view"):
        await teams.invite(
            vendor_id, "c@example.com", custom_role(catalog_role.id), lead.id, "http://x", lee
        )

    assert await shop.role_of(shop.manager) == "manager"
