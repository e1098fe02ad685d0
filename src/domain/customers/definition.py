"""The customers module: each vendor's customers. Core: always on (ADR 0018)."""

from mercato.domain.kernel.definition import (
    MenuItem,
    MenuSection,
    ModuleDefinition,
    PermissionDefinition,
)
from mercato.domain.kernel.enums import FrontendType, ModuleKind, RolePreset
from mercato.ports.contracts import contract_key
from mercato.ports.customers import CustomerDirectory

_P = PermissionDefinition
_ALL = ("customers.view", "customers.manage", "customers.export")

MODULE = ModuleDefinition(
    code="customers",
    name="Customers",
    description="Each vendor's customers: contact details, addresses, marketing consent, tags.",
    version="0.1.0",
    kind=ModuleKind.CORE,
    requires=("tenancy",),
    permissions=(
        _P("customers.view", "View customers", "List and read the vendor's customers."),
        _P("customers.manage", "Manage customers", "Add, edit and delete customers."),
        _P("customers.export", "Export customers", "Download the customers as CSV."),
    ),
    role_presets={
        RolePreset.OWNER: _ALL,
        RolePreset.MANAGER: _ALL,
        RolePreset.STAFF: ("customers.view", "customers.manage"),
        RolePreset.VIEWER: ("customers.view",),
    },
    menus={
        FrontendType.ADMIN: (
            MenuSection(
                "directory",
                "Directory",
                order=20,
                items=(
                    MenuItem(
                        "customers",
                        "Customers",
                        "/admin/customers",
                        icon="contact",
                        order=25,
                        permission="customers.view",
                    ),
                ),
            ),
        ),
        FrontendType.VENDOR: (
            MenuSection(
                "customers",
                "Customers",
                order=40,
                items=(
                    MenuItem(
                        "customers",
                        "Customers",
                        "/vendor/{vendor}/customers",
                        icon="contact",
                        order=10,
                        permission="customers.view",
                    ),
                ),
            ),
        ),
    },
    metrics_provider="mercato.domain.customers.metrics:CustomerMetricsProvider",
    contracts={contract_key(CustomerDirectory): "directory"},
    wiring="mercato.bootstrap.modules.customers:CustomersContainer",
    routes="mercato.adapters.customers.web:WEB",
    templates="mercato.adapters.customers",
    migrations="mercato.adapters.customers",
)
