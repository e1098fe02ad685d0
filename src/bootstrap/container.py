"""The root dependency-injector container, composed with one container per enabled module."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dependency_injector import containers, providers
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mercato.adapters.core.repositories import SqlAlchemyTaskRunLedger
from mercato.adapters.db.engine import create_engine, create_session_factory
from mercato.adapters.db.scope import ProviderConnections
from mercato.adapters.events.delivery import FreshUnits
from mercato.adapters.events.publisher import OutboxEventPublisher
from mercato.adapters.events.store import SqlAlchemyEventStore
from mercato.adapters.mail import MailboxMailer
from mercato.adapters.system import SystemClock
from mercato.adapters.tenancy.cache import (
    CachedEnablementStore,
    CachedMenuConfiguration,
    CachedPlatformDirectory,
    ConfigCache,
)
from mercato.adapters.tenancy.repositories import (
    SqlAlchemyEnablementStore,
    SqlAlchemyMenuConfiguration,
    SqlAlchemyPlatformRepository,
)
from mercato.adapters.web.sessions import DatabaseSessionStore
from mercato.adapters.worker.runner import TaskRunner
from mercato.bootstrap.components import ModuleContainers, ModuleContracts
from mercato.bootstrap.events import build_event_delivery
from mercato.bootstrap.settings import Settings
from mercato.bootstrap.tasks import build_task_queue
from mercato.domain.core.dispatch import EventDispatcher
from mercato.domain.core.events import RetryPolicy
from mercato.domain.kernel.enablement import EnablementService
from mercato.domain.kernel.registry import ENTRY_POINT_GROUP, ModuleRegistry
from mercato.domain.tenancy.services import PlatformDirectoryService

if TYPE_CHECKING:
    from redis.asyncio import Redis

__all__ = ["ApplicationContainer", "create_container"]


def _registry(settings: Settings) -> ModuleRegistry:
    group = ENTRY_POINT_GROUP if settings.discover_entry_points else None
    return ModuleRegistry.discover(("mercato.domain",), group)


def _redis(settings: Settings) -> Redis | None:
    if not settings.redis_url:
        return None
    from redis.asyncio import Redis  # imported only when configured (start-up time)

    client: Redis = Redis.from_url(settings.redis_url)
    return client


def _expiring_sessions(
    settings: Settings, sessions: async_sessionmaker[AsyncSession]
) -> DatabaseSessionStore | None:
    return None if settings.redis_url else DatabaseSessionStore(sessions)


class ApplicationContainer(containers.DeclarativeContainer):
    """Settings, infrastructure, the kernel, and the module containers.

    Module containers receive this container as their ``root`` dependency; each is built on
    first use (see :class:`bootstrap.components.ModuleContainers`).
    """

    __self__ = providers.Self()
    settings = providers.Dependency(instance_of=Settings)
    provider_timeout = providers.Callable(lambda s: s.provider_timeout, settings)

    engine = providers.Singleton(create_engine, settings.provided.database_url)
    sessions = providers.Singleton(create_session_factory, engine)
    provider_isolation = providers.Singleton(
        ProviderConnections, settings.provided.provider_connections
    )
    redis = providers.Singleton(_redis, settings)
    clock = providers.Singleton(SystemClock)
    mailer = providers.Singleton(MailboxMailer, settings.provided.mailbox_dir)

    registry = providers.Singleton(_registry, settings)
    # Tenancy configuration read on every request is kept in memory (ADR 0017).
    config_cache = providers.Singleton(ConfigCache, engine, sessions)
    enablement_store = providers.Singleton(
        CachedEnablementStore,
        providers.Singleton(SqlAlchemyEnablementStore, sessions),
        config_cache,
    )
    enablement = providers.Singleton(EnablementService, registry, enablement_store)

    # Kernel-level ports implemented by tenancy, a core module (always present): see ADR 0003.
    platform_directory = providers.Singleton(
        CachedPlatformDirectory,
        providers.Singleton(
            PlatformDirectoryService, providers.Singleton(SqlAlchemyPlatformRepository, sessions)
        ),
        config_cache,
    )
    menu_configuration = providers.Singleton(
        CachedMenuConfiguration,
        providers.Singleton(SqlAlchemyMenuConfiguration, sessions),
        config_cache,
    )
    task_ledger = providers.Singleton(SqlAlchemyTaskRunLedger, sessions)
    expiring_sessions = providers.Singleton(_expiring_sessions, settings, sessions)

    components = providers.Singleton(ModuleContainers, registry, __self__)
    contracts = providers.Singleton(ModuleContracts, registry, enablement, components)
    task_runner = providers.Singleton(
        TaskRunner,
        registry,
        enablement,
        components.provided.resolve,
        task_ledger,
        clock,
    )
    task_queue = providers.Singleton(build_task_queue, settings, redis, task_runner)

    # Events between modules (ADR 0019): an outbox row in the unit of work, delivered after
    # commit in this process, or by the arq workers when Redis is configured.
    event_store = providers.Singleton(SqlAlchemyEventStore, sessions)
    event_policy = providers.Singleton(
        RetryPolicy,
        max_attempts=settings.provided.event_max_attempts,
        handler_seconds=settings.provided.event_handler_timeout,
    )
    event_dispatcher = providers.Singleton(
        EventDispatcher,
        registry,
        enablement,
        components,
        event_store,
        clock,
        providers.Singleton(FreshUnits),
        event_policy,
    )
    event_delivery = providers.Singleton(
        build_event_delivery, settings, task_queue.provider, event_dispatcher.provider
    )
    event_publisher = providers.Singleton(OutboxEventPublisher, sessions, clock, event_delivery)


def create_container(settings: Settings | None = None, **overrides: Any) -> ApplicationContainer:
    """The composition root. Nothing is connected until a provider is first called.

    ``overrides`` replace providers by name (``registry=...`` in tests).
    """
    container = ApplicationContainer(settings=settings or Settings.from_env())
    for name, value in overrides.items():
        getattr(container, name).override(providers.Object(value))
    return container
