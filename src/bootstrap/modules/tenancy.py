"""The tenancy module's container."""

from __future__ import annotations

from dependency_injector import containers, providers

from mercato.adapters.mail import Mailbox
from mercato.adapters.security import Argon2PasswordHasher
from mercato.adapters.tenancy.auth import (
    TenancyAccessPolicy,
    TenancyIdentityResolver,
    TenancyVendorDirectory,
)
from mercato.adapters.tenancy.cache import (
    CachedRoles,
    CachedStorefronts,
    CachedVendorDirectory,
)
from mercato.adapters.tenancy.repositories import SqlAlchemyPlatformRepository
from mercato.adapters.tenancy.repositories_auth import SqlAlchemyCredentialStore
from mercato.adapters.tenancy.repositories_credentials import (
    SqlAlchemyAttemptLog,
    SqlAlchemyPasswordResetRepository,
    SqlAlchemyTokenRepository,
)
from mercato.adapters.tenancy.repositories_identity import SqlAlchemyUserRepository
from mercato.adapters.tenancy.repositories_teams import SqlAlchemyTeamRepository
from mercato.adapters.tenancy.repositories_vendors import (
    SqlAlchemyCompanyRepository,
    SqlAlchemyVendorRepository,
)
from mercato.bootstrap.settings import Settings
from mercato.domain.kernel.permissions import PermissionCatalogue
from mercato.domain.tenancy.access import AccessService
from mercato.domain.tenancy.administration import AdministrationService
from mercato.domain.tenancy.discovery import PermissionDiscoveryService
from mercato.domain.tenancy.housekeeping import TenancyHousekeeping
from mercato.domain.tenancy.identity import IdentityService
from mercato.domain.tenancy.menus import MenuConfigurationService
from mercato.domain.tenancy.metrics import TenancyMetricsProvider
from mercato.domain.tenancy.model import InstallationAddress
from mercato.domain.tenancy.passwords import PasswordPorts, PasswordService
from mercato.domain.tenancy.services import PlatformService
from mercato.domain.tenancy.storefront import StorefrontResolver
from mercato.domain.tenancy.teams import TeamService
from mercato.domain.tenancy.throttle import LOGIN_POLICY, RESET_POLICY, Throttle
from mercato.domain.tenancy.tokens import TokenService
from mercato.domain.tenancy.vendors import CompanyService, DomainService, VendorService
from mercato.domain.tenancy.widgets import TenancyWidgetProvider

__all__ = ["TenancyContainer"]


def _mailbox(settings: Settings) -> Mailbox | None:
    """The local mailbox, readable on pages in development mode only."""
    return Mailbox(settings.mailbox_dir) if settings.development_mode else None


class TenancyContainer(containers.DeclarativeContainer):
    """Repositories, use cases, providers and the web layer's identity and access answers."""

    root = providers.DependenciesContainer()

    platform_repository = providers.Singleton(SqlAlchemyPlatformRepository, root.sessions)
    company_repository = providers.Singleton(SqlAlchemyCompanyRepository, root.sessions)
    vendor_repository = providers.Singleton(SqlAlchemyVendorRepository, root.sessions)
    user_repository = providers.Singleton(SqlAlchemyUserRepository, root.sessions)
    team_repository = providers.Singleton(SqlAlchemyTeamRepository, root.sessions)
    token_repository = providers.Singleton(SqlAlchemyTokenRepository, root.sessions)
    attempt_log = providers.Singleton(SqlAlchemyAttemptLog, root.sessions)
    reset_repository = providers.Singleton(SqlAlchemyPasswordResetRepository, root.sessions)

    password_hasher = providers.Singleton(
        Argon2PasswordHasher,
        time_cost=root.settings.provided.argon2_time_cost,
        memory_cost=root.settings.provided.argon2_memory_kib,
    )
    throttle = providers.Singleton(Throttle, attempt_log, root.clock, LOGIN_POLICY)
    reset_throttle = providers.Singleton(Throttle, attempt_log, root.clock, RESET_POLICY)

    address = providers.Singleton(
        InstallationAddress,
        root.settings.provided.public_host,
        root.settings.provided.default_platform,
    )
    platforms = providers.Singleton(
        PlatformService, platform_repository, vendor_repository, address
    )
    companies = providers.Singleton(CompanyService, company_repository)
    vendors = providers.Singleton(
        VendorService, vendor_repository, company_repository, platform_repository
    )
    domains = providers.Singleton(DomainService, vendor_repository, platform_repository, address)
    storefronts = providers.Singleton(
        CachedStorefronts,
        providers.Singleton(StorefrontResolver, platform_repository, vendor_repository),
        root.config_cache,
    )
    identity = providers.Singleton(IdentityService, user_repository, password_hasher, throttle)
    tokens = providers.Singleton(TokenService, token_repository, user_repository, root.clock)
    passwords = providers.Singleton(
        PasswordService,
        providers.Singleton(
            PasswordPorts,
            user_repository,
            reset_repository,
            password_hasher,
            tokens,
            root.task_queue,
            root.mailer,
            root.clock,
        ),
        reset_throttle,
    )
    discovery = providers.Singleton(
        PermissionDiscoveryService,
        providers.Singleton(PermissionCatalogue, root.registry, root.enablement),
        providers.Singleton(CachedRoles, team_repository, root.config_cache),
    )
    teams = providers.Singleton(
        TeamService,
        team_repository,
        user_repository,
        vendor_repository,
        root.registry,
        discovery,
        root.task_queue,
        root.mailer,
        root.clock,
    )
    access = providers.Singleton(
        AccessService, user_repository, team_repository, vendor_repository, discovery
    )
    housekeeping = providers.Factory(
        TenancyHousekeeping, team_repository, attempt_log, reset_repository, root.clock
    )
    enablement = providers.Callable(lambda e: e, root.enablement)
    administration = providers.Singleton(
        AdministrationService, platforms, vendors, identity, root.enablement, domains, teams
    )
    menu_config = providers.Singleton(
        MenuConfigurationService, root.registry, root.enablement, root.menu_configuration
    )

    metrics_provider = providers.Singleton(
        TenancyMetricsProvider, vendor_repository, user_repository, team_repository
    )
    widget_provider = providers.Singleton(TenancyWidgetProvider, vendor_repository)

    mailbox = providers.Singleton(_mailbox, root.settings)

    credentials = providers.Singleton(SqlAlchemyCredentialStore, root.sessions)
    identity_resolver = providers.Singleton(
        TenancyIdentityResolver, tokens, credentials, root.config_cache
    )
    access_policy = providers.Singleton(TenancyAccessPolicy, access)
    vendor_directory = providers.Singleton(
        CachedVendorDirectory,
        providers.Singleton(TenancyVendorDirectory, vendor_repository),
        root.config_cache,
    )
