"""Applying every installed module's migrations, and writing a module's next revision."""

from __future__ import annotations

from pathlib import Path

from mercato.adapters.db.migrations import create_revision, migration_folder, upgrade
from mercato.bootstrap.settings import Settings
from mercato.domain.kernel.errors import KernelError
from mercato.domain.kernel.quarantine import BrokenModule
from mercato.domain.kernel.registry import ENTRY_POINT_GROUP, ModuleRegistry

__all__ = ["migration_folders", "new_revision", "upgrade_all", "upgrade_installed"]


def migration_folders(registry: ModuleRegistry) -> list[tuple[str, Path]]:
    """``(module code, version folder)`` of every installed module that has migrations.

    Every installed module is migrated, enabled or not, so that enabling one later needs no
    schema change at that moment. Quarantined (broken) modules are not.
    """
    out = []
    for d in registry:
        if d.migrations:
            folder = migration_folder(d.migrations)
            if folder is not None:
                out.append((d.code, folder))
    return out


def _registry(settings: Settings) -> ModuleRegistry:
    group = ENTRY_POINT_GROUP if settings.discover_entry_points else None
    return ModuleRegistry.discover(("mercato.domain",), group)


def upgrade_all(settings: Settings) -> list[str]:
    """Upgrade the database to every head; return the modules whose branches were applied
    (quarantined modules are skipped: :func:`upgrade_installed` says which)."""
    return upgrade_installed(settings)[0]


def upgrade_installed(settings: Settings) -> tuple[list[str], list[BrokenModule]]:
    """Upgrade the database to every head; return the modules whose branches were applied,
    and the broken modules that were skipped."""
    registry = _registry(settings)
    folders = migration_folders(registry)
    broken = list(registry.set_aside())
    parked = [migration_folder(b.migrations) for b in broken if b.migrations]
    upgrade(
        settings.database_url, [f for _, f in folders], parked=[f for f in parked if f is not None]
    )
    return [code for code, _ in folders], broken


def new_revision(settings: Settings, code: str, message: str, *, autogenerate: bool) -> Path:
    """Write the next revision of module ``code``'s branch into its version folder.

    Its id is ``<code>_<NNNN>``. The first revision of a branch starts the branch (its
    label is the code) and depends on the current heads of the modules it requires, whose
    tables its foreign keys name. With ``autogenerate``, the operations compare the tables
    the module declares (the ``tables*`` modules of its package) with the database.
    """
    registry = _registry(settings)
    definition = registry.get(code)
    if not definition.migrations:
        raise KernelError(f"module '{code}' declares no migrations package")
    folder = migration_folder(definition.migrations, create=True)
    assert folder is not None
    others = [f for c, f in migration_folders(registry) if c != code]
    return create_revision(
        settings.database_url,
        code,
        folder,
        others,
        message,
        requires=registry.requirements_of(code),
        table_packages=[d.migrations for d in registry if d.migrations],
        autogenerate=autogenerate,
    )
