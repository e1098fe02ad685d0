"""A setting for the cross-platform administration rules: two platforms, one vendor, four
users, the real :class:`AdministrationService` over in-memory fakes."""

from __future__ import annotations

from dataclasses import dataclass

from mercato.domain.kernel.enablement import FakeEnablementStore
from mercato.domain.kernel.permissions import PermissionCatalogue
from mercato.domain.tenancy.administration import AdministrationService, Operator
from mercato.domain.tenancy.discovery import PermissionDiscoveryService
from mercato.domain.tenancy.identity import IdentityService
from mercato.domain.tenancy.model import VendorStatus
from mercato.domain.tenancy.services import PlatformService
from mercato.domain.tenancy.teams import TeamService
from mercato.domain.tenancy.throttle import LOGIN_POLICY, Throttle
from mercato.domain.tenancy.vendors import VendorService
from mercato.ports.clock import FakeClock
from mercato.ports.mail import FakeMailer
from mercato.ports.security import FakePasswordHasher
from mercato.ports.tasks import FakeTaskQueue
from tests.support.modules import kernel, module
from tests.support.tenancy_fakes import InMemoryTenancy

__all__ = ["Setting", "administration_setting"]


@dataclass
class Setting:
    """Platforms north and south, vendor acme on north, and four users.

    ``root`` is a super admin, ``north_admin`` and ``south_admin`` administer one platform
    each, ``plain`` holds no grant.
    """

    admin: AdministrationService
    repos: InMemoryTenancy
    store: FakeEnablementStore
    north: int
    south: int
    acme: int
    company: int
    root: int
    north_admin: int
    south_admin: int
    plain: int

    def on_north(self, user_id: int) -> Operator:
        """``user_id`` acting from north (whose guard let them in)."""
        return Operator(user_id, self.north)

    async def grants(self, user_id: int) -> set[int | None]:
        """The platforms (``None``: all) the user administers."""
        return {g.platform_id for g in await self.repos.users.admin_roles(user_id)}

    async def is_active(self, user_id: int) -> bool:
        """Whether the user may sign in."""
        user = await self.repos.users.by_id(user_id)
        assert user is not None
        return user.is_active


async def administration_setting() -> Setting:
    """The setting below, over in-memory fakes."""
    repos = InMemoryTenancy()
    clock = FakeClock()
    registry, enablement, store = kernel(module("catalog"))
    identity = IdentityService(
        repos.users, FakePasswordHasher(), Throttle(repos.attempts, clock, LOGIN_POLICY)
    )
    discovery = PermissionDiscoveryService(PermissionCatalogue(registry, enablement), repos.teams)
    teams = TeamService(
        repos.teams,
        repos.users,
        repos.vendors,
        registry,
        discovery,
        FakeTaskQueue(),
        FakeMailer(),
        clock,
    )
    admin = AdministrationService(
        PlatformService(repos.platforms),
        VendorService(repos.vendors, repos.companies, repos.platforms),
        identity,
        enablement,
        teams=teams,
    )
    north = await repos.platforms.add("north", "North", ["north.test"])
    south = await repos.platforms.add("south", "South", ["south.test"])
    company = await repos.companies.add("Acme Ltd", "")
    acme = await repos.vendors.add("acme", "Acme", company.id)
    await repos.vendors.set_platform(acme.id, north.id, VendorStatus.ACTIVE)
    users = {}
    for name in ("root", "north_admin", "south_admin", "plain"):
        users[name] = (await repos.users.add(f"{name}@example.com", name, "x")).id
    await repos.users.grant_admin(users["root"], None)
    await repos.users.grant_admin(users["north_admin"], north.id)
    await repos.users.grant_admin(users["south_admin"], south.id)
    return Setting(admin, repos, store, north.id, south.id, acme.id, company.id, **users)
