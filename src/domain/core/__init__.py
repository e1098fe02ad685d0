"""The core module: dashboards, menus, permissions and context, aggregated over modules."""
