"""'flaky': an optional test module whose providers all misbehave."""

from mercato.domain.kernel.definition import (
    MenuItem,
    MenuSection,
    ModuleDefinition,
    PermissionDefinition,
)
from mercato.domain.kernel.enums import FrontendType, ModuleKind

MODULE = ModuleDefinition(
    code="flaky",
    name="Flaky",
    kind=ModuleKind.OPTIONAL,
    permissions=(PermissionDefinition("flaky.view", "View flaky"),),
    menus={
        FrontendType.ADMIN: (
            MenuSection(
                "tools",
                "Tools",
                items=(MenuItem("flaky", "Flaky", "/admin/", permission="flaky.view"),),
            ),
        )
    },
    metrics_provider="tests.support.flaky.providers:RaisingMetrics",
    widget_provider="tests.support.flaky.providers:HangingWidgets",
    context_providers={
        FrontendType.ADMIN: "tests.support.flaky.providers:GarbageContext",
        FrontendType.VENDOR: "tests.support.flaky.providers:GarbageContext",
    },
)
