"""Alembic, driven programmatically: one version folder (branch) per module."""

from __future__ import annotations

import os
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

__all__ = ["alembic_config", "current_heads", "migration_folder", "upgrade"]


def migration_folder(package: str) -> Path | None:
    """The ``migrations/versions`` folder of a module's adapter package, if it has one."""
    root = resources.files(package)
    folder = Path(str(root)) / "migrations" / "versions"
    return folder if folder.is_dir() else None


def alembic_config(database_url: str, version_folders: Sequence[Path]) -> Config:
    """An Alembic config over the shared env and every module's version folder."""
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "alembic"))
    cfg.set_main_option("version_path_separator", "os")
    cfg.set_main_option("version_locations", os.pathsep.join(str(f) for f in version_folders))
    cfg.set_main_option("path_separator", "os")
    cfg.attributes["database_url"] = database_url
    return cfg


def upgrade(database_url: str, version_folders: Sequence[Path], target: str = "heads") -> None:
    """Apply every module's migrations up to ``target`` (default: all heads)."""
    command.upgrade(alembic_config(database_url, version_folders), target)


def current_heads(version_folders: Sequence[Path]) -> tuple[str, ...]:
    """The head revision of every branch known from the folders."""
    cfg = alembic_config("sqlite://", version_folders)
    return tuple(ScriptDirectory.from_config(cfg).get_heads())
