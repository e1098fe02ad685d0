"""'unmountable': an optional test module whose routes reference does not resolve.

Its definition is sound and its metrics provider works; only mounting its routes fails.
"""

from mercato.domain.kernel.definition import (
    MenuItem,
    MenuSection,
    ModuleDefinition,
    PermissionDefinition,
)
from mercato.domain.kernel.enums import FrontendType, ModuleKind

MODULE = ModuleDefinition(
    code="unmountable",
    name="Unmountable",
    kind=ModuleKind.OPTIONAL,
    permissions=(PermissionDefinition("unmountable.view", "View unmountable"),),
    menus={
        FrontendType.ADMIN: (
            MenuSection(
                "tools",
                "Tools",
                items=(
                    MenuItem(
                        "unmountable",
                        "Unmountable",
                        "/admin/unmountable",
                        permission="unmountable.view",
                    ),
                ),
            ),
        )
    },
    metrics_provider="tests.support.probe.providers:ProbeMetrics",
    routes="tests.support.unmountable.web_that_is_missing:WEB",
)
