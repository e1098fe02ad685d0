"""The orders module: per-vendor numbered orders. Optional; requires catalog (ADR 0018)."""

from mercato.domain.kernel.definition import (
    MenuItem,
    MenuSection,
    ModuleDefinition,
    PermissionDefinition,
)
from mercato.domain.kernel.enums import FrontendType, ModuleKind, RolePreset

_P = PermissionDefinition

MODULE = ModuleDefinition(
    code="orders",
    name="Orders",
    description="Orders per vendor: numbers, payment, fulfilment, refunds, rollups and events.",
    version="0.1.0",
    kind=ModuleKind.OPTIONAL,
    requires=("catalog",),
    permissions=(
        _P("orders.view", "View orders", "List and open the vendor's orders."),
        _P("orders.manage", "Manage orders", "Place orders; pay, fulfil, cancel and refund."),
        _P("orders.export", "Export orders", "Download the vendor's orders as CSV."),
    ),
    role_presets={
        RolePreset.OWNER: ("orders.view", "orders.manage", "orders.export"),
        RolePreset.MANAGER: ("orders.view", "orders.manage", "orders.export"),
        RolePreset.STAFF: ("orders.view", "orders.manage"),
        RolePreset.VIEWER: ("orders.view",),
    },
    menus={
        FrontendType.ADMIN: (
            MenuSection(
                "commerce",
                "Commerce",
                order=40,
                items=(
                    MenuItem(
                        "admin_orders",
                        "Orders",
                        "/admin/orders",
                        icon="receipt",
                        order=30,
                        permission="orders.view",
                    ),
                ),
            ),
        ),
        FrontendType.VENDOR: (
            MenuSection(
                "commerce",
                "Commerce",
                order=40,
                items=(
                    MenuItem(
                        "orders",
                        "Orders",
                        "/vendor/{vendor}/orders",
                        icon="receipt",
                        order=30,
                        permission="orders.view",
                    ),
                ),
            ),
        ),
    },
    metrics_provider="mercato.domain.orders.metrics:OrderMetricsProvider",
    widget_provider="mercato.domain.orders.widgets:OrderWidgetProvider",
    wiring="mercato.bootstrap.modules.orders:OrdersContainer",
    routes="mercato.adapters.orders.web:WEB",
    templates="mercato.adapters.orders",
    migrations="mercato.adapters.orders",
)
