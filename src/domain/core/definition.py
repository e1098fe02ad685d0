"""The core module: always on; owns dashboards, menus, permissions and housekeeping."""

from mercato.domain.kernel.definition import (
    MenuItem,
    MenuSection,
    ModuleDefinition,
    PermissionDefinition,
    ScheduledTask,
    TaskDefinition,
)
from mercato.domain.kernel.enums import FrontendType, ModuleKind, RolePreset

MODULE = ModuleDefinition(
    code="core",
    name="Core",
    description="Dashboards, menus, permissions and template context aggregated over modules.",
    version="0.1.0",
    kind=ModuleKind.CORE,
    permission_namespaces=("dashboard", "settings", "events"),
    permissions=(
        PermissionDefinition("dashboard.view", "View dashboard", "See the dashboard."),
        PermissionDefinition("settings.view", "View settings", "See settings."),
        PermissionDefinition("settings.edit", "Edit settings", "Change settings."),
        PermissionDefinition(
            "events.manage",
            "Manage event deliveries",
            "See the deliveries of events that gave up, on every platform, and retry them.",
            super_admin_only=True,
        ),
    ),
    role_presets={
        RolePreset.OWNER: ("dashboard.view", "settings.view", "settings.edit"),
        RolePreset.MANAGER: ("dashboard.view", "settings.view"),
        RolePreset.STAFF: ("dashboard.view",),
        RolePreset.VIEWER: ("dashboard.view",),
    },
    menus={
        FrontendType.ADMIN: (
            MenuSection(
                "main",
                "Main",
                order=0,
                items=(
                    MenuItem(
                        "dashboard",
                        "Dashboard",
                        "/admin/",
                        icon="home",
                        order=0,
                        permission="dashboard.view",
                        mandatory=True,
                    ),
                ),
            ),
            MenuSection(
                "platform",
                "Platform",
                order=80,
                items=(
                    # Super admins only (a permission no one else holds); not hideable by a
                    # platform's menu configuration.
                    MenuItem(
                        "events",
                        "Events",
                        "/admin/events",
                        icon="list",
                        order=90,
                        permission="events.manage",
                        mandatory=True,
                    ),
                ),
            ),
        ),
        FrontendType.VENDOR: (
            MenuSection(
                "main",
                "Main",
                order=0,
                items=(
                    MenuItem(
                        "vendor-dashboard",
                        "Dashboard",
                        "/vendor/{vendor}/",
                        icon="home",
                        order=0,
                        permission="dashboard.view",
                        mandatory=True,
                    ),
                ),
            ),
        ),
    },
    tasks=(
        TaskDefinition("housekeeping", "mercato.adapters.core.tasks:housekeeping", 600),
        TaskDefinition("deliver_events", "mercato.adapters.core.tasks:deliver_events", 600),
        TaskDefinition("sweep_events", "mercato.adapters.core.tasks:sweep_events", 600),
        TaskDefinition("purge_events", "mercato.adapters.core.tasks:purge_events", 600),
    ),
    scheduled_tasks=(
        ScheduledTask("housekeeping", "17 3 * * *", "housekeeping", 600),
        # Deliveries lost or failed (docs/architecture/events.md), every five minutes.
        ScheduledTask("sweep_events", "*/5 * * * *", "sweep_events", 600),
        # Delivered events past MERCATO_EVENT_RETENTION_DAYS, daily, in batches.
        ScheduledTask("purge_events", "47 3 * * *", "purge_events", 600),
    ),
    wiring="mercato.bootstrap.modules.core:CoreContainer",
    routes="mercato.adapters.core.web:WEB",
    templates="mercato.adapters.core",
    migrations="mercato.adapters.core",
)
