"""Broken third-party modules, installed through entry points: ``mercato check`` names each
(item 17), and every command keeps working with the broken one quarantined (item 18)."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import httpx
import pytest

from tests.support.processes import ROOT, install_entry_point, mercato, mercato_env, serving

pytestmark = pytest.mark.integration

_HEAD = "from mercato.domain.kernel.definition import ModuleDefinition, PermissionDefinition\n"

# name -> (definition.py of package bad_<name>, the rule check reports, part of its reason)
BROKEN = {
    "unimportable": (
        "import a_package_nobody_installed\n",
        "MOD-001",
        "No module named 'a_package_nobody_installed'",
    ),
    "needy": (
        _HEAD + "MODULE = ModuleDefinition(code='needy', name='Needy', requires=('ghost',))\n",
        "MOD-011",
        "requires 'ghost'",
    ),
    "chicken": (
        _HEAD + "MODULE = ModuleDefinition(code='chicken', name='C', requires=('egg',))\n",
        "MOD-012",
        "cycle: chicken -> egg -> chicken",
    ),
    "egg": (
        _HEAD + "MODULE = ModuleDefinition(code='egg', name='E', requires=('chicken',))\n",
        "MOD-012",
        "cycle",
    ),
    "dangling": (
        _HEAD + "MODULE = ModuleDefinition(code='dangling', name='D',\n"
        "    widget_provider='bad_dangling.widgets:Nowhere', routes='bad_dangling.web:WEB')\n",
        "MOD-004",
        "bad_dangling.widgets",
    ),
    "sloppy": (
        _HEAD + "MODULE = ModuleDefinition(code='sloppy', name='Sloppy',\n"
        "    permissions=(PermissionDefinition('products.edit', 'Edit'),))\n",
        "MOD-003",
        "permission 'products.edit' is not in the module's namespaces",
    ),
}

SOUND = _HEAD + "MODULE = ModuleDefinition(code='tidy', name='Tidy', requires=('tenancy',))\n"


def _install(site: Path, name: str, definition: str) -> None:
    package = site / f"bad_{name}"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "definition.py").write_text(textwrap.dedent(definition))
    install_entry_point(site, f"bad_{name}", name, f"bad_{name}.definition:MODULE")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return tmp_path / "site"


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_check_names_the_module_rule_and_reason_of_a_broken_installed_module(
    site: Path, tmp_path: Path, name: str
) -> None:
    definition, rule, reason = BROKEN[name]
    _install(site, name, definition)
    if name in ("chicken", "egg"):
        other = "egg" if name == "chicken" else "chicken"
        _install(site, other, BROKEN[other][0])
    env = mercato_env(f"sqlite:///{tmp_path / 'x.db'}", site)

    result = mercato(env, "check", check=False)

    assert result.returncode == 1
    lines = [x for x in result.stdout.splitlines() if f"module '{name}'" in x]
    assert lines, result.stdout
    assert any(f"entry point '{name}'" in x and rule in x and reason in x for x in lines), lines


def test_check_resolves_every_reference_of_an_installed_module(site: Path, tmp_path: Path) -> None:
    _install(
        site,
        "loose",
        "from mercato.domain.kernel import FrontendType, ModuleDefinition, TaskDefinition\n"
        "from mercato.domain.kernel.definition import EventSubscription\n"
        "MODULE = ModuleDefinition(code='loose', name='Loose',\n"
        "    metrics_provider='bad_loose.metrics:M', wiring='bad_loose.container:C',\n"
        "    context_providers={FrontendType.ADMIN: 'bad_loose.context:X'},\n"
        "    tasks=(TaskDefinition('sweep', 'bad_loose.tasks:sweep'),),\n"
        "    event_handlers=(EventSubscription('hear', 'orders.placed', 'bad_loose.events:H'),),\n"
        "    templates='bad_loose', migrations='bad_loose')\n",
    )
    env = mercato_env(f"sqlite:///{tmp_path / 'x.db'}", site)

    lines = mercato(env, "check", check=False).stdout.splitlines()

    for ref in ("metrics:M", "container:C", "context:X", "tasks:sweep", "events:H"):
        assert any("MOD-004 module 'loose'" in x and f"bad_loose.{ref}" in x for x in lines), ref
    assert sum("MOD-009 module 'loose'" in x for x in lines) == 2


def test_check_passes_with_a_sound_installed_module(site: Path, tmp_path: Path) -> None:
    _install(site, "tidy", SOUND)
    env = mercato_env(f"sqlite:///{tmp_path / 'x.db'}", site)
    assert mercato(env, "check").stdout.strip() == "module structure: ok"


@pytest.fixture
def broken_env(site: Path, tmp_path: Path) -> dict[str, str]:
    """An installation with every broken module of BROKEN and one sound module, tidy."""
    for name, (definition, _, _) in BROKEN.items():
        _install(site, name, definition)
    _install(site, "tidy", SOUND)
    return mercato_env(f"sqlite:///{tmp_path / 'x.db'}", site)


def test_database_demo_and_enabling_work_beside_broken_modules(broken_env: dict[str, str]) -> None:
    upgraded = mercato(broken_env, "db", "upgrade")
    assert "database is up to date" in upgraded.stdout
    assert "skipped the migrations of broken module 'unimportable'" in upgraded.stderr
    seeded = mercato(broken_env, "demo", "--password", "pw-demo-123", "--days", "3")
    assert "demo data: seeded" in seeded.stdout
    enabled = mercato(broken_env, "modules", "enable", "tidy", "--platform", "north")
    assert "enabled 'tidy'" in enabled.stdout


def test_modules_list_shows_broken_modules_with_their_reason(broken_env: dict[str, str]) -> None:
    mercato(broken_env, "db", "upgrade")
    mercato(broken_env, "platforms", "create", "north", "--name", "North")
    for args in ((), ("--platform", "north")):
        rows = json.loads(mercato(broken_env, "modules", "list", "--json", *args).stdout)
        by_code = {r["code"]: r for r in rows}
        assert by_code["tidy"]["broken"] is False
        assert {c for c, r in by_code.items() if r["broken"]} == set(BROKEN) - {"dangling"}
        assert "MOD-011" in by_code["needy"]["reason"] and "ghost" in by_code["needy"]["reason"]
    text = mercato(broken_env, "modules", "list").stdout
    assert any(line.split()[:3] == ["sloppy", "broken", "broken"] for line in text.splitlines())


def test_a_broken_module_cannot_be_enabled(broken_env: dict[str, str]) -> None:
    mercato(broken_env, "db", "upgrade")
    mercato(broken_env, "platforms", "create", "north", "--name", "North")
    result = mercato(broken_env, "modules", "enable", "needy", "--platform", "north", check=False)
    assert result.returncode == 1
    assert "module 'needy' is broken and cannot be enabled" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_runs_and_health_reports_the_broken_modules(
    broken_env: dict[str, str], tmp_path: Path
) -> None:
    mercato(broken_env, "db", "upgrade")
    with serving(broken_env, tmp_path / "serve.log") as base:
        report = httpx.get(f"{base}/health").json()
    assert report["status"] == "degraded"
    assert report["database"] == "ok"
    assert set(report["broken_modules"]) == set(BROKEN) - {"dangling"}
    assert report["broken_modules"]["sloppy"].startswith("MOD-003 ")


def test_db_upgrade_works_after_a_migrated_module_breaks(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(
        ROOT / "examples" / "mercato-announcements" / "mercato_announcements",
        site / "mercato_announcements",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    install_entry_point(
        site, "mercato_announcements", "announcements", "mercato_announcements.definition:MODULE"
    )
    env = mercato_env(f"sqlite:///{tmp_path / 'x.db'}", site)
    assert "announcements" in mercato(env, "db", "upgrade").stdout
    definition = site / "mercato_announcements" / "definition.py"
    definition.write_text(
        definition.read_text().replace('requires=("tenancy",)', 'requires=("tenancy", "ghost")')
    )

    again = mercato(env, "db", "upgrade")

    assert "database is up to date (" in again.stdout and "announcements" not in again.stdout
    assert "branches: core, tenancy" in again.stdout
    assert "skipped the migrations of broken module 'announcements'" in again.stderr
