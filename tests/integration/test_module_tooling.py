"""Tools for module authors: a migration generated from a module's tables, a task run by
hand (item 20)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.support.processes import ROOT, install_entry_point, mercato, mercato_env

pytestmark = pytest.mark.integration

PACKAGE = ROOT / "examples" / "mercato-announcements" / "mercato_announcements"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The example module installed without its migration, on a database of the others."""
    site = tmp_path / "site"
    shutil.copytree(PACKAGE, site / "mercato_announcements", ignore=shutil.ignore_patterns("*.pyc"))
    for revision in (site / "mercato_announcements" / "migrations" / "versions").glob("*.py"):
        revision.unlink()
    install_entry_point(
        site, "mercato_announcements", "announcements", "mercato_announcements.definition:MODULE"
    )
    e = mercato_env(f"sqlite:///{tmp_path / 'tools.db'}", site)
    mercato(e, "db", "upgrade")
    e["SITE"] = str(site)
    return e


def _created(stdout: str) -> Path:
    return Path(stdout.strip().splitlines()[-1].removeprefix("created "))


def _tables(env: dict[str, str]) -> set[str]:
    with sqlite3.connect(env["MERCATO_DATABASE_URL"].removeprefix("sqlite:///")) as db:
        rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {r[0] for r in rows}


def test_a_module_migration_is_generated_from_its_tables_into_its_own_branch(
    env: dict[str, str],
) -> None:
    assert "announcements" not in _tables(env)

    made = mercato(
        env, "db", "revision", "--module", "announcements", "--autogenerate", "-m", "the table"
    )

    path = _created(made.stdout)
    assert path.parent == Path(env["SITE"]) / "mercato_announcements" / "migrations" / "versions"
    source = path.read_text()
    assert "revision = 'announcements_0001'" in source
    assert "branch_labels = ('announcements',)" in source
    assert "depends_on = ['core_0004', 'tenancy_0004_config_version']" in source
    assert "op.create_table('announcements'" in source
    assert "'platforms'" not in source.split("op.create_table('announcements'")[0]
    mercato(env, "db", "upgrade")
    assert "announcements" in _tables(env)
    again = mercato(env, "db", "revision", "--module", "announcements", "--autogenerate", "-m", "x")
    assert "announcements_0002" in again.stdout
    assert "create_table" not in _created(again.stdout).read_text()


def test_a_task_runs_by_hand_on_a_platform_where_its_module_is_enabled(
    env: dict[str, str],
) -> None:
    mercato(env, "db", "revision", "--module", "announcements", "--autogenerate", "-m", "t")
    mercato(env, "db", "upgrade")
    mercato(env, "platforms", "create", "north", "--name", "North")
    mercato(env, "platforms", "create", "south", "--name", "South")
    mercato(env, "modules", "enable", "announcements", "--platform", "north")

    ran = mercato(env, "tasks", "run", "announcements.expire", "--platform", "north")
    assert json.loads(ran.stdout) == {"expired_announcements": 0}
    refused = mercato(
        env, "tasks", "run", "announcements.expire", "--platform", "south", check=False
    )
    assert refused.returncode == 1
    assert "not enabled on platform 'south'" in refused.stderr
    unknown = mercato(env, "tasks", "run", "announcements.nothing", check=False)
    assert "declares no task 'nothing'" in unknown.stderr
