"""The inventory module: stock per variant and location, kept as a ledger. Optional."""

from mercato.domain.kernel.definition import (
    MenuItem,
    MenuSection,
    ModuleDefinition,
    PermissionDefinition,
    ScheduledTask,
    TaskDefinition,
)
from mercato.domain.kernel.enums import FrontendType, ModuleKind, RolePreset

_P = PermissionDefinition

MODULE = ModuleDefinition(
    code="inventory",
    name="Inventory",
    description="Stock per variant and location: receipts, adjustments and reservations in "
    "an append-only ledger; low-stock thresholds and backorders.",
    version="0.1.0",
    kind=ModuleKind.OPTIONAL,
    # ADR 0018: inventory requires catalog (SKUs map to variants through its contract).
    requires=("catalog",),
    permission_namespaces=("stock",),
    permissions=(
        _P("stock.view", "View stock", "See stock levels and the movement history."),
        _P(
            "stock.manage",
            "Manage stock",
            "Receive and adjust stock, set low-stock thresholds and backorders.",
        ),
    ),
    role_presets={
        RolePreset.OWNER: ("stock.view", "stock.manage"),
        RolePreset.MANAGER: ("stock.view", "stock.manage"),
        RolePreset.STAFF: ("stock.view", "stock.manage"),
        RolePreset.VIEWER: ("stock.view",),
    },
    menus={
        FrontendType.VENDOR: (
            MenuSection(
                "catalog",
                "Catalog",
                order=20,
                items=(
                    MenuItem(
                        "stock",
                        "Stock",
                        "/vendor/{vendor}/stock",
                        icon="boxes",
                        order=30,
                        permission="stock.view",
                    ),
                    MenuItem(
                        "stock_movements",
                        "Stock movements",
                        "/vendor/{vendor}/stock/movements",
                        icon="list",
                        order=40,
                        permission="stock.view",
                    ),
                ),
            ),
        ),
        FrontendType.ADMIN: (
            MenuSection(
                "commerce",
                "Commerce",
                order=40,
                items=(
                    MenuItem(
                        "stock_overview",
                        "Stock",
                        "/admin/stock",
                        icon="boxes",
                        order=30,
                        permission="stock.view",
                    ),
                ),
            ),
        ),
    },
    metrics_provider="mercato.domain.inventory.metrics:InventoryMetricsProvider",
    widget_provider="mercato.domain.inventory.widgets:InventoryWidgetProvider",
    tasks=(
        TaskDefinition(
            "release_lapsed", "mercato.adapters.inventory.tasks:release_lapsed", timeout_seconds=120
        ),
    ),
    scheduled_tasks=(
        ScheduledTask("release-lapsed", "* * * * *", "release_lapsed", timeout_seconds=120),
    ),
    contracts={"mercato.ports.inventory:StockReservations": "reservations"},
    wiring="mercato.bootstrap.modules.inventory:InventoryContainer",
    routes="mercato.adapters.inventory.web:WEB",
    templates="mercato.adapters.inventory",
    migrations="mercato.adapters.inventory",
)
