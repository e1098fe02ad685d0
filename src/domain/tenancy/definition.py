"""The tenancy module: platforms, and who may do what on them. Core: always on."""

from domain.kernel.definition import MenuItem, MenuSection, ModuleDefinition, PermissionDefinition
from domain.kernel.enums import FrontendType, ModuleKind

MODULE = ModuleDefinition(
    code="tenancy",
    name="Tenancy",
    description="Platforms, per-platform module enablement and menu configuration.",
    version="0.1.0",
    kind=ModuleKind.CORE,
    requires=("core",),
    permission_namespaces=("platforms", "modules"),
    permissions=(
        PermissionDefinition("platforms.view", "View platforms", "List platforms."),
        PermissionDefinition("platforms.manage", "Manage platforms", "Create and edit platforms."),
        PermissionDefinition("modules.view", "View modules", "See which modules are enabled."),
        PermissionDefinition("modules.manage", "Manage modules", "Enable and disable modules."),
    ),
    menus={
        FrontendType.ADMIN: (
            MenuSection(
                "platform",
                "Platform",
                order=80,
                items=(
                    MenuItem(
                        "platforms",
                        "Platforms",
                        "/admin/platforms",
                        icon="globe",
                        order=10,
                        permission="platforms.view",
                    ),
                    MenuItem(
                        "modules",
                        "Modules",
                        "/admin/modules",
                        icon="puzzle",
                        order=20,
                        permission="modules.view",
                        mandatory=True,
                    ),
                ),
            ),
        ),
    },
    metrics_provider="domain.tenancy.metrics:TenancyMetricsProvider",
    wiring="bootstrap.modules.tenancy:TenancyContainer",
    routes="adapters.tenancy.web:WEB",
    templates="adapters.tenancy",
    migrations="adapters.tenancy",
)
