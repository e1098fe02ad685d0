"""A third-party module, installed as a user would install it, works end to end.

``examples/mercato-announcements`` lives outside Mercato's source tree and is found only
through the ``mercato.modules`` entry point. It is installed into a temporary folder (never
into the test environment), and the flow runs in a subprocess whose ``PYTHONPATH`` is that
folder: see ``announcements_flow.py`` beside this file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.support.world import optional_builtins

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "mercato-announcements"
FLOW = Path(__file__).with_name("announcements_flow.py")


def _install_with_pip(source: Path, target: Path) -> bool:
    """``pip install --target``, offline: no index, no dependencies, no build isolation."""
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-index",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return proc.returncode == 0


def _install_by_hand(source: Path, target: Path) -> None:
    """What pip would leave behind: the package and a ``.dist-info`` with its entry points.

    Fallback for environments where pip cannot build offline: without network, pip builds
    with the setuptools of the environment, and a setuptools older than 70.1 needs the
    ``wheel`` package for that. The entry points are read from the example's pyproject.toml,
    so discovery is still exercised through ``importlib.metadata`` exactly as after pip.
    """
    project = tomllib.loads((source / "pyproject.toml").read_text())["project"]
    shutil.copytree(source / "mercato_announcements", target / "mercato_announcements")
    dist_info = target / f"mercato_announcements-{project['version']}.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n"
    )
    lines = []
    for group, entries in project["entry-points"].items():
        lines.append(f"[{group}]")
        lines.extend(f"{name} = {value}" for name, value in entries.items())
    (dist_info / "entry_points.txt").write_text("\n".join(lines) + "\n")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the installed example package and its metadata."""
    work = tmp_path_factory.mktemp("third_party")
    # Build from a copy, so that setuptools leaves no build/ or egg-info in the repository.
    source = work / "source"
    shutil.copytree(
        EXAMPLE, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__")
    )
    target = work / "site"
    target.mkdir()
    if not _install_with_pip(source, target):
        shutil.rmtree(target)
        target.mkdir()
        _install_by_hand(source, target)
    return target


@pytest.fixture(scope="module")
def flow(installed: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The JSON printed by ``announcements_flow.py`` run with the package on PYTHONPATH."""
    database = tmp_path_factory.mktemp("db") / "mercato.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MERCATO_")}
    env["PYTHONPATH"] = str(installed)
    proc = subprocess.run(
        [sys.executable, str(FLOW), str(database)],
        capture_output=True,
        text=True,
        env=env,
        cwd=installed,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def test_the_installed_package_carries_its_templates_and_migrations(installed: Path) -> None:
    package = installed / "mercato_announcements"
    assert (package / "templates" / "announcements" / "list.html").is_file()
    assert list((package / "migrations" / "versions").glob("announcements_0001_*.py"))
    entry_points = next(installed.glob("mercato_announcements-*.dist-info")) / "entry_points.txt"
    assert "announcements = mercato_announcements.definition:MODULE" in entry_points.read_text()


def test_the_registry_discovers_the_module_through_its_entry_point(
    installed: Path, flow: dict[str, Any]
) -> None:
    built_in_optional = set(optional_builtins())
    codes = [c for c in flow["codes"] if c not in built_in_optional]
    assert codes == ["core", "tenancy", "customers", "announcements"]
    assert flow["kind"] == "optional"
    assert flow["requires"] == ["tenancy"]
    assert flow["permissions"] == ["announcements.manage", "announcements.view"]
    assert Path(flow["package_file"]).is_relative_to(installed.resolve())


def test_its_migrations_run_with_the_built_in_ones(installed: Path, flow: dict[str, Any]) -> None:
    folders = [Path(f) for f in flow["migration_folders"]]
    assert len(folders) == 4 + len(optional_builtins())
    assert sum(f.is_relative_to(installed.resolve()) for f in folders) == 1


def test_its_scheduled_task_runs_every_full_hour(flow: dict[str, Any]) -> None:
    assert flow["due_at_full_hour"] == ["announcements.expire"]
    assert flow["due_at_quarter_past"] == []
    assert flow["expire_task"] == {"expired_announcements": 0}


def test_before_it_is_enabled_its_routes_menu_and_dashboard_slot_are_absent(
    flow: dict[str, Any],
) -> None:
    # Enabled nowhere, the module is not even mounted: Litestar has no such route.
    assert flow["before"]["status"] == 404
    assert "announcements" not in flow["before"]["menu"]
    assert "announcements" not in flow["before"]["dashboard_modules"]


def test_once_enabled_an_announcement_is_posted_and_listed(flow: dict[str, Any]) -> None:
    assert flow["enable_message"] == "enabled 'announcements'"
    assert flow["post"]["status"] == 201
    posted = flow["post"]["body"]
    assert posted["title"] == "Maintenance"
    assert posted["expires_at"] == "2099-01-01T00:00:00Z"
    listed = flow["list"]
    assert listed["status"] == 200
    assert listed["body"]["total"] == 1
    assert [a["id"] for a in listed["body"]["items"]] == [posted["id"]]
    assert flow["page"] == {"status": 200, "has_title": True}


def test_its_page_form_carries_the_csrf_field_of_the_forms_macro(flow: dict[str, Any]) -> None:
    assert flow["form"] == {
        "has_csrf_field": True,
        "without_csrf": 403,
        "status": 303,
        "listed": True,
        "notice": True,
    }


def test_bad_input_is_refused_with_a_clear_message(flow: dict[str, Any]) -> None:
    empty_title, past_expiry = flow["invalid"]
    assert empty_title["status"] == 400
    assert "title" in empty_title["detail"]
    assert past_expiry == {"status": 400, "detail": "expires_at must be in the future"}


def test_the_dashboard_shows_its_metric_and_widget(flow: dict[str, Any]) -> None:
    metrics = flow["dashboard"]["metrics"]["announcements"]
    assert metrics["status"] == "ok"
    assert [(m["key"], m["value"]) for m in metrics["metrics"]] == [("announcements.active", 1)]
    widgets = flow["dashboard"]["widgets"]["announcements"]
    assert widgets["status"] == "ok"
    (widget,) = widgets["widgets"]
    assert widget["key"] == "recent_announcements"
    assert widget["kind"] == "list"
    assert [i["title"] for i in widget["items"]] == ["Maintenance"]
    assert flow["dashboard"]["unavailable"] == []


def test_the_admin_menu_lists_its_item(flow: dict[str, Any]) -> None:
    assert "announcements" in flow["menu"]


def test_a_platform_that_did_not_enable_it_gets_404_and_no_menu_item(
    flow: dict[str, Any],
) -> None:
    # Mounted (enabled on acme), but its module guard answers 404 on beta.
    assert flow["other_platform"]["status"] == 404
    assert "announcements" not in flow["other_platform"]["menu"]
