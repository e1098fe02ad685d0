"""The announcements module's dependency container: the only file that names its adapters.

Mercato builds it as ``AnnouncementsContainer(root=<ApplicationContainer>)`` the first time
the module is needed. The provider names ``metrics_provider`` and ``widget_provider`` are a
convention the dashboards look for; ``announcements`` is what the routes and the task use.
"""

from __future__ import annotations

from dependency_injector import containers, providers

from mercato_announcements.metrics import AnnouncementMetricsProvider
from mercato_announcements.repositories import SqlAlchemyAnnouncementRepository
from mercato_announcements.services import AnnouncementService
from mercato_announcements.widgets import AnnouncementWidgetProvider

__all__ = ["AnnouncementsContainer"]


class AnnouncementsContainer(containers.DeclarativeContainer):
    """Repository, use cases and dashboard providers over Mercato's sessions and clock."""

    root = providers.DependenciesContainer()

    repository = providers.Singleton(SqlAlchemyAnnouncementRepository, root.sessions)
    announcements = providers.Singleton(AnnouncementService, repository, root.clock)
    metrics_provider = providers.Singleton(AnnouncementMetricsProvider, announcements)
    widget_provider = providers.Singleton(AnnouncementWidgetProvider, announcements)
