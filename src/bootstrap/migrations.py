"""Applying every installed module's migrations."""

from __future__ import annotations

from pathlib import Path

from mercato.adapters.db.migrations import migration_folder, upgrade
from mercato.bootstrap.settings import Settings
from mercato.domain.kernel.registry import ENTRY_POINT_GROUP, ModuleRegistry

__all__ = ["migration_folders", "upgrade_all"]


def migration_folders(registry: ModuleRegistry) -> list[tuple[str, Path]]:
    """``(module code, version folder)`` of every installed module that has migrations.

    Every installed module is migrated, enabled or not, so that enabling one later needs no
    schema change at that moment.
    """
    out = []
    for d in registry:
        if d.migrations:
            folder = migration_folder(d.migrations)
            if folder is not None:
                out.append((d.code, folder))
    return out


def upgrade_all(settings: Settings) -> list[str]:
    """Upgrade the database to every head; return the modules whose branches were applied."""
    group = ENTRY_POINT_GROUP if settings.discover_entry_points else None
    registry = ModuleRegistry.discover(("mercato.domain",), group)
    folders = migration_folders(registry)
    upgrade(settings.database_url, [f for _, f in folders])
    return [code for code, _ in folders]
