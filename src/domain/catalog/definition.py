"""The catalog module: vendors' products with variants, search, bulk import. Optional."""

from mercato.domain.kernel.definition import (
    MenuItem,
    MenuSection,
    ModuleDefinition,
    PermissionDefinition,
)
from mercato.domain.kernel.enums import FrontendType, ModuleKind, RolePreset

_P = PermissionDefinition

MODULE = ModuleDefinition(
    code="catalog",
    name="Catalog",
    description="Products per vendor with variants, prices, search, CSV export and bulk import.",
    version="0.1.0",
    kind=ModuleKind.OPTIONAL,
    requires=("core",),
    permission_namespaces=("products",),
    permissions=(
        _P("products.view", "View products", "List and open the vendor's products."),
        _P("products.manage", "Manage products", "Create, edit, delete and change status."),
        _P("products.export", "Export products", "Download the products as CSV."),
    ),
    role_presets={
        RolePreset.OWNER: ("products.view", "products.manage", "products.export"),
        RolePreset.MANAGER: ("products.view", "products.manage", "products.export"),
        RolePreset.STAFF: ("products.view", "products.manage"),
        RolePreset.VIEWER: ("products.view",),
    },
    menus={
        FrontendType.VENDOR: (
            MenuSection(
                "catalog",
                "Catalog",
                order=30,
                items=(
                    MenuItem(
                        "products",
                        "Products",
                        "/vendor/{vendor}/products",
                        icon="box",
                        order=10,
                        permission="products.view",
                    ),
                ),
            ),
        ),
        FrontendType.ADMIN: (
            MenuSection(
                "catalog",
                "Catalog",
                order=30,
                items=(
                    MenuItem(
                        "catalog_products",
                        "Products",
                        "/admin/catalog",
                        icon="box",
                        order=10,
                        permission="products.view",
                    ),
                ),
            ),
        ),
    },
    metrics_provider="mercato.domain.catalog.metrics:CatalogMetricsProvider",
    widget_provider="mercato.domain.catalog.widgets:CatalogWidgetProvider",
    contracts={
        "mercato.ports.catalog:CatalogReader": "reader",
        "mercato.ports.catalog:CatalogImport": "importer",
    },
    wiring="mercato.bootstrap.modules.catalog:CatalogContainer",
    routes="mercato.adapters.catalog.web:WEB",
    templates="mercato.adapters.catalog",
    migrations="mercato.adapters.catalog",
)
