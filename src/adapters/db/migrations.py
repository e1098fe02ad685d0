"""Alembic, driven programmatically: one version folder (branch) per module."""

from __future__ import annotations

import importlib
import os
import pkgutil
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Table

from mercato.adapters.db.metadata import metadata

__all__ = [
    "alembic_config",
    "create_revision",
    "current_heads",
    "migration_folder",
    "module_tables",
    "upgrade",
]


def migration_folder(package: str, create: bool = False) -> Path | None:
    """The ``migrations/versions`` folder of a module's adapter package, if it has one
    (created first when ``create``)."""
    root = resources.files(package)
    folder = Path(str(root)) / "migrations" / "versions"
    if create:
        folder.mkdir(parents=True, exist_ok=True)
    return folder if folder.is_dir() else None


def module_tables(package: str) -> frozenset[str]:
    """The names of the tables declared on the shared metadata by the ``tables*`` modules
    of ``package`` (``tables.py``, ``tables_identity.py``, ...)."""
    pkg = importlib.import_module(package)
    names: set[str] = set()
    for info in pkgutil.iter_modules(pkg.__path__):
        if info.name.startswith("tables") and not info.ispkg:
            module = importlib.import_module(f"{package}.{info.name}")
            names.update(
                t.name
                for t in vars(module).values()
                if isinstance(t, Table) and t.metadata is metadata
            )
    return frozenset(names)


def alembic_config(database_url: str, version_folders: Sequence[Path]) -> Config:
    """An Alembic config over the shared env and every module's version folder."""
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "alembic"))
    cfg.set_main_option("version_path_separator", "os")
    cfg.set_main_option("version_locations", os.pathsep.join(str(f) for f in version_folders))
    cfg.set_main_option("path_separator", "os")
    cfg.attributes["database_url"] = database_url
    return cfg


def upgrade(
    database_url: str,
    version_folders: Sequence[Path],
    target: str = "heads",
    parked: Sequence[Path] = (),
) -> None:
    """Apply every module's migrations up to ``target`` (default: all heads).

    ``parked`` are the version folders of modules set aside (quarantined): their revisions
    are never applied, only located when the database already holds some of them (the
    module was migrated before it broke); every other branch is then upgraded to its head.
    """
    try:
        command.upgrade(alembic_config(database_url, version_folders), target)
    except CommandError:
        if not parked or target != "heads":
            raise
        cfg = alembic_config(database_url, [*version_folders, *parked])
        for head in current_heads(version_folders):
            command.upgrade(cfg, head)


def current_heads(version_folders: Sequence[Path]) -> tuple[str, ...]:
    """The head revision of every branch known from the folders."""
    cfg = alembic_config("sqlite://", version_folders)
    return tuple(ScriptDirectory.from_config(cfg).get_heads())


def _branch_head(script: ScriptDirectory, branch: str) -> str | None:
    try:
        found = script.get_revision(f"{branch}@head")
    except CommandError:
        return None
    return None if found is None else found.revision


def _owned_by(tables: frozenset[str]) -> Any:
    """Alembic's ``include_object``: only the given tables and what hangs off them."""

    def include(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
        if type_ == "table":
            return name in tables
        table = getattr(obj, "table", None)
        return table is None or table.name in tables

    return include


def create_revision(
    database_url: str,
    branch: str,
    folder: Path,
    other_folders: Sequence[Path],
    message: str,
    *,
    requires: Iterable[str] = (),
    table_packages: Iterable[str] = (),
    autogenerate: bool = False,
) -> Path:
    """Write the next revision ``<branch>_<NNNN>`` of ``branch`` into ``folder``.

    A new branch starts at base with the label ``branch`` and ``depends_on`` the heads of
    the ``requires`` branches. With ``autogenerate``, the tables of every package of
    ``table_packages`` are loaded (foreign keys resolve) and only those of ``branch``'s own
    package (the one holding ``folder``) are compared with the database.
    """
    cfg = alembic_config(database_url, [*other_folders, folder])
    script = ScriptDirectory.from_config(cfg)
    rev_id = f"{branch}_{len(list(folder.glob(f'{branch}_*.py'))) + 1:04d}"
    head = _branch_head(script, branch)
    options: dict[str, Any] = {"head": f"{branch}@head"}
    if head is None:
        depends = [h for h in (_branch_head(script, r) for r in requires) if h]
        options = {"head": "base", "branch_label": branch, "depends_on": depends or None}
    if autogenerate:
        own: frozenset[str] = frozenset()
        for package in table_packages:
            tables = module_tables(package)
            if Path(str(resources.files(package))) == folder.parent.parent:
                own = tables
        cfg.attributes["include_object"] = _owned_by(own)
    made = command.revision(
        cfg,
        message=message,
        autogenerate=autogenerate,
        rev_id=rev_id,
        version_path=str(folder),
        **options,
    )
    assert made is not None and not isinstance(made, list)
    return Path(made.path)
