"""The announcements module's definition: what it contributes, and nothing that runs.

Everything that is code is named by a ``"package.module:attribute"`` string, so that
discovering the module imports this file only.
"""

from mercato.domain.kernel import (
    FrontendType,
    MenuItem,
    MenuSection,
    ModuleDefinition,
    ModuleKind,
    PermissionDefinition,
    RolePreset,
    ScheduledTask,
    TaskDefinition,
)

__all__ = ["MODULE"]

MODULE = ModuleDefinition(
    code="announcements",
    name="Announcements",
    description="Platform operators post announcements shown on the admin dashboard.",
    version="0.1.0",
    kind=ModuleKind.OPTIONAL,
    # Its table references platforms (tenancy); tenancy itself requires core.
    requires=("tenancy",),
    permissions=(
        PermissionDefinition(
            "announcements.view", "View announcements", "See the platform's announcements."
        ),
        PermissionDefinition("announcements.manage", "Manage announcements", "Post announcements."),
    ),
    role_presets={
        RolePreset.OWNER: ("announcements.view", "announcements.manage"),
        RolePreset.MANAGER: ("announcements.view", "announcements.manage"),
        RolePreset.STAFF: ("announcements.view",),
        RolePreset.VIEWER: ("announcements.view",),
    },
    menus={
        FrontendType.ADMIN: (
            MenuSection(
                "communication",
                "Communication",
                order=60,
                items=(
                    MenuItem(
                        "announcements",
                        "Announcements",
                        "/admin/announcements",
                        icon="megaphone",
                        order=10,
                        permission="announcements.view",
                    ),
                ),
            ),
        ),
    },
    metrics_provider="mercato_announcements.metrics:AnnouncementMetricsProvider",
    widget_provider="mercato_announcements.widgets:AnnouncementWidgetProvider",
    tasks=(TaskDefinition("expire", "mercato_announcements.tasks:expire", timeout_seconds=120),),
    scheduled_tasks=(ScheduledTask("expire-hourly", "0 * * * *", "expire", timeout_seconds=120),),
    wiring="mercato_announcements.container:AnnouncementsContainer",
    routes="mercato_announcements.web:WEB",
    templates="mercato_announcements",
    migrations="mercato_announcements",
)
