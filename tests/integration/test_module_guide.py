"""The module author's guide is right: a module built from its own code blocks runs.

``docs/guides/writing-a-module.md`` ends with every file of its module, each block marked
``<!-- file: PATH -->``. This test writes those blocks into a fresh package, installs it the
way pip would (a ``.dist-info`` declaring the guide's ``mercato.modules`` entry point), runs
the end-to-end flow of ``announcements_flow.py`` against it, and checks that every Python
excerpt of the walk-through is taken from those files.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.support.guide_appendix import HEADING
from tests.support.processes import ROOT
from tests.support.world import optional_builtins

pytestmark = pytest.mark.integration

GUIDE = ROOT / "docs" / "guides" / "writing-a-module.md"
EXAMPLE = ROOT / "examples" / "mercato-announcements"
FLOW = Path(__file__).with_name("announcements_flow.py")
_FILE = re.compile(r"<!-- file: (?P<path>\S+) -->\n```\w*\n(?P<body>.*?)\n```", re.S)
_BLOCK = re.compile(r"```(?P<lang>\w*)\n(?P<body>.*?)\n```", re.S)
_APPENDIX = HEADING


def _guide_files() -> dict[str, str]:
    return {m["path"]: m["body"] + "\n" for m in _FILE.finditer(GUIDE.read_text())}


def _install_from_guide(site: Path) -> None:
    files = _guide_files()
    for path, body in files.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(body)
    project = tomllib.loads(files["pyproject.toml"])["project"]
    info = site / f"{project['name'].replace('-', '_')}-{project['version']}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n"
    )
    lines = [
        line
        for group, entries in project["entry-points"].items()
        for line in (f"[{group}]", *(f"{k} = {v}" for k, v in entries.items()))
    ]
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n")


@pytest.fixture(scope="module")
def flow(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    site = tmp_path_factory.mktemp("guide_site")
    _install_from_guide(site)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MERCATO_")}
    env["PYTHONPATH"] = str(site)
    database = tmp_path_factory.mktemp("guide_db") / "mercato.db"
    proc = subprocess.run(
        [sys.executable, str(FLOW), str(database)],
        capture_output=True,
        text=True,
        env=env,
        cwd=site,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["site"] = str(site)
    return result


def test_the_module_built_from_the_guide_is_discovered_migrated_and_served(
    flow: dict[str, Any],
) -> None:
    built_in_optional = set(optional_builtins())
    codes = [c for c in flow["codes"] if c not in built_in_optional]
    assert codes == ["core", "tenancy", "customers", "announcements"]
    assert Path(flow["package_file"]).is_relative_to(Path(flow["site"]).resolve())
    assert flow["enable_message"] == "enabled 'announcements'"
    assert flow["post"]["status"] == 201
    assert flow["list"]["body"]["total"] == 1
    assert flow["page"] == {"status": 200, "has_title": True}
    assert flow["form"]["status"] == 303 and flow["form"]["listed"] is True
    assert flow["form"]["notice"] is True
    assert flow["dashboard"]["unavailable"] == []
    assert flow["expire_task"] == {"expired_announcements": 0}


def test_the_guide_shows_every_file_of_the_example_as_it_is() -> None:
    files = _guide_files()
    for path, body in files.items():
        assert (EXAMPLE / path).read_text() == body, (
            f"{path} differs from the example: python -m tests.support.guide_appendix"
        )
    shipped = {
        str(p.relative_to(EXAMPLE))
        for p in EXAMPLE.rglob("*")
        if p.suffix in (".py", ".html", ".toml") and "__pycache__" not in p.parts
    }
    assert shipped == set(files)


def test_every_python_excerpt_of_the_walk_through_is_taken_from_the_module() -> None:
    walk_through = GUIDE.read_text().split(_APPENDIX)[0]
    known = {line.strip() for body in _guide_files().values() for line in body.splitlines()}
    strays = [
        line.strip()
        for block in _BLOCK.finditer(walk_through)
        if block["lang"] == "python"
        for line in block["body"].splitlines()
        if line.strip()
        and "..." not in line
        and not line.strip().startswith("#")
        and line.strip() not in known
    ]
    assert strays == []
