"""'probe': an optional test module touching every surface a module can contribute to."""

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
    code="probe",
    name="Probe",
    description="Test module: a menu item, a permission, providers, tasks and a route.",
    kind=ModuleKind.OPTIONAL,
    requires=("core",),
    permissions=(PermissionDefinition("probe.view", "View probe"),),
    role_presets={RolePreset.OWNER: ("probe.view",)},
    menus={
        FrontendType.ADMIN: (
            MenuSection(
                "tools",
                "Tools",
                order=50,
                items=(MenuItem("probe", "Probe", "/api/v1/probe/ping", permission="probe.view"),),
            ),
        )
    },
    metrics_provider="tests.support.probe.providers:ProbeMetrics",
    widget_provider="tests.support.probe.providers:ProbeWidgets",
    context_providers={FrontendType.ADMIN: "tests.support.probe.providers:ProbeContext"},
    tasks=(
        TaskDefinition("touch", "tests.support.probe.providers:touch", 30),
        TaskDefinition("apply", "tests.support.probe.providers:apply_once", 30),
    ),
    scheduled_tasks=(ScheduledTask("touch-every-minute", "* * * * *", "touch", 30),),
    routes="tests.support.probe.providers:WEB",
)
