"""Tenancy's use cases wired to in-memory fakes, as ``bootstrap.modules.tenancy`` wires them.

:func:`tenancy_kit` builds every service over one :class:`InMemoryTenancy`, a
:class:`FakeClock`, a :class:`FakeTaskQueue`, a :class:`FakeMailer`, a
:class:`FakePasswordHasher` and a kernel of
the real core and tenancy definitions plus the optional :data:`CATALOG` module. The kit's
``seed_*`` helpers put a platform, a vendor and team members in place for a test.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from mercato.domain.core.definition import MODULE as CORE
from mercato.domain.kernel.definition import ModuleDefinition
from mercato.domain.kernel.enablement import EnablementService, FakeEnablementStore
from mercato.domain.kernel.enums import RolePreset
from mercato.domain.kernel.permissions import PermissionCatalogue
from mercato.domain.kernel.registry import ModuleRegistry
from mercato.domain.tenancy.access import AccessService
from mercato.domain.tenancy.definition import MODULE as TENANCY
from mercato.domain.tenancy.discovery import PermissionDiscoveryService
from mercato.domain.tenancy.housekeeping import TenancyHousekeeping
from mercato.domain.tenancy.identity import IdentityService
from mercato.domain.tenancy.menus import MenuConfigurationService
from mercato.domain.tenancy.metrics import TenancyMetricsProvider
from mercato.domain.tenancy.model import User, Vendor
from mercato.domain.tenancy.passwords import SEND_RESET_TASK, PasswordPorts, PasswordService
from mercato.domain.tenancy.services import PlatformService
from mercato.domain.tenancy.teams import SEND_INVITATION_TASK, Actor, TeamService
from mercato.domain.tenancy.throttle import LOGIN_POLICY, RESET_POLICY, Throttle
from mercato.domain.tenancy.tokens import TokenService
from mercato.domain.tenancy.vendors import CompanyService, DomainService, VendorService
from mercato.domain.tenancy.widgets import TenancyWidgetProvider
from mercato.ports.clock import FakeClock
from mercato.ports.mail import FakeMailer
from mercato.ports.security import FakePasswordHasher
from mercato.ports.tasks import FakeTaskQueue
from tests.support.fakes import FakeMenuConfiguration
from tests.support.modules import module
from tests.support.tenancy_fakes import InMemoryTenancy

__all__ = ["CATALOG", "PASSWORD", "TenancyKit", "tenancy_kit"]

PASSWORD = "correct horse battery"

CATALOG = module(
    "catalog",
    permissions=["catalog.view", "catalog.edit", "catalog.publish"],
    presets={
        RolePreset.OWNER: ["catalog.view", "catalog.edit", "catalog.publish"],
        RolePreset.MANAGER: ["catalog.view", "catalog.edit"],
        RolePreset.STAFF: ["catalog.view"],
    },
    menu=[("products", "catalog.view"), ("categories", "catalog.edit")],
)
"""An optional module with permissions, presets and admin menu items."""


@dataclass
class TenancyKit:
    """Every tenancy service and the fakes behind them."""

    repos: InMemoryTenancy
    clock: FakeClock
    tasks: FakeTaskQueue
    mailer: FakeMailer
    hasher: FakePasswordHasher
    registry: ModuleRegistry
    enablement: EnablementService
    store: FakeEnablementStore
    menu_store: FakeMenuConfiguration
    platforms: PlatformService
    companies: CompanyService
    vendors: VendorService
    domains: DomainService
    throttle: Throttle
    identity: IdentityService
    tokens: TokenService
    passwords: PasswordService
    discovery: PermissionDiscoveryService
    teams: TeamService
    access: AccessService
    housekeeping: TenancyHousekeeping
    menu_config: MenuConfigurationService
    metrics: TenancyMetricsProvider
    widgets: TenancyWidgetProvider
    users: dict[str, int] = field(default_factory=dict)
    delivered: int = 0

    async def deliver(self) -> None:
        """Run the e-mail tasks queued since the last call, as a worker would."""
        run = {
            SEND_INVITATION_TASK: self.teams.send_invitation,
            SEND_RESET_TASK: self.passwords.send_reset,
        }
        for task in self.tasks.enqueued[self.delivered :]:
            if task.task in run:
                await run[task.task](**task.kwargs)
        self.delivered = len(self.tasks.enqueued)

    def link_to(self, address: str) -> str:
        """The link in the last e-mail sent to ``address``."""
        body = self.mailer.to(address)[-1].body
        return next(line for line in body.splitlines() if line.startswith(("http", "/")))

    async def invitation_token(self, vendor_id: int, email: str, role: str, by: int | None) -> str:
        """Invite, deliver the e-mail, and read the token off its link."""
        await self.teams.invite(vendor_id, email, role, by, "https://north.test/auth/invitations")
        await self.deliver()
        return self.link_to(email.strip().lower()).rsplit("/", 1)[1]

    async def enabled(self, platform_id: int) -> frozenset[str]:
        """The modules enabled on the platform."""
        return await self.enablement.enabled_on(platform_id)

    async def seed_platform(self, code: str = "north") -> int:
        """A platform ``code`` answering on ``<code>.test``; its id."""
        return (await self.platforms.create(code, code.title(), [f"{code}.test"])).id

    async def seed_vendor(self, slug: str, *platform_ids: int) -> Vendor:
        """A vendor of a fresh company, active on ``platform_ids``."""
        company = await self.companies.create(f"{slug.title()} Holdings")
        return await self.vendors.create(slug, slug.title(), company.id, platform_ids)

    async def seed_user(self, who: str) -> User:
        """A user ``<who>@example.com`` with :data:`PASSWORD`, remembered in ``users``."""
        user = await self.identity.create_user(f"{who}@example.com", PASSWORD)
        self.users[who] = user.id
        return user

    async def seed_member(self, vendor_id: int, who: str, role: str) -> User:
        """A new user ``who`` on the vendor's team with ``role``."""
        user = await self.seed_user(who)
        await self.teams.add_member(vendor_id, user.id, role)
        return user

    async def actor(self, vendor_id: int, user_id: int, platform_id: int) -> Actor:
        """The user acting in the vendor, with what the access service says they hold over
        every installed module (as ``adapters.tenancy._vendor_common.actor`` builds it)."""
        every = frozenset(d.code for d in self.registry)
        held = await self.access.vendor_permissions(user_id, vendor_id, platform_id, every)
        return Actor(held, every)


def tenancy_kit(
    *extra: ModuleDefinition, enabled: Mapping[int, Iterable[str]] | None = None
) -> TenancyKit:
    """The kit over core, tenancy and :data:`CATALOG` (plus ``extra`` definitions).

    ``enabled`` maps platform ids to the optional modules stored as enabled there.
    """
    repos = InMemoryTenancy()
    clock, tasks, hasher, mailer = FakeClock(), FakeTaskQueue(), FakePasswordHasher(), FakeMailer()
    registry = ModuleRegistry([CORE, TENANCY, CATALOG, *extra])
    store = FakeEnablementStore()
    for platform_id, codes in (enabled or {}).items():
        store.by_platform[platform_id] = set(codes)
    enablement = EnablementService(registry, store)
    menu_store = FakeMenuConfiguration()
    throttle = Throttle(repos.attempts, clock, LOGIN_POLICY)
    tokens = TokenService(repos.tokens, repos.users, clock)
    discovery = PermissionDiscoveryService(PermissionCatalogue(registry, enablement), repos.teams)
    return TenancyKit(
        repos=repos,
        clock=clock,
        tasks=tasks,
        mailer=mailer,
        hasher=hasher,
        registry=registry,
        enablement=enablement,
        store=store,
        menu_store=menu_store,
        platforms=PlatformService(repos.platforms, repos.vendors),
        companies=CompanyService(repos.companies),
        vendors=VendorService(repos.vendors, repos.companies, repos.platforms),
        domains=DomainService(repos.vendors, repos.platforms),
        throttle=throttle,
        identity=IdentityService(repos.users, hasher, throttle),
        tokens=tokens,
        passwords=PasswordService(
            PasswordPorts(repos.users, repos.resets, hasher, tokens, tasks, mailer, clock),
            Throttle(repos.attempts, clock, RESET_POLICY),
        ),
        discovery=discovery,
        teams=TeamService(
            repos.teams, repos.users, repos.vendors, registry, discovery, tasks, mailer, clock
        ),
        access=AccessService(repos.users, repos.teams, repos.vendors, discovery),
        housekeeping=TenancyHousekeeping(repos.teams, repos.attempts, repos.resets, clock),
        menu_config=MenuConfigurationService(registry, enablement, menu_store),
        metrics=TenancyMetricsProvider(repos.vendors, repos.users, repos.teams),
        widgets=TenancyWidgetProvider(repos.vendors, limit=2),
    )
