"""The ``mercato`` command: errors are one line and exit 1; ``check`` names file, line, rule."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.processes import ROOT, mercato, mercato_env

pytestmark = pytest.mark.integration


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    e = mercato_env(f"sqlite:///{tmp_path / 'cli.db'}")
    mercato(e, "db", "upgrade")
    return e


def test_platforms_and_modules_round_trip(env: dict[str, str]) -> None:
    out = mercato(env, "platforms", "create", "north", "--name", "North", "--domain", "N.Example")
    assert "created platform 'north'" in out.stdout
    assert "n.example" in mercato(env, "platforms", "list").stdout
    rows = json.loads(mercato(env, "modules", "list", "--platform", "north", "--json").stdout)
    assert [(r["code"], r["enabled"], r["reason"]) for r in rows][:3] == [
        ("core", True, "core module: always enabled"),
        ("tenancy", True, "core module: always enabled"),
        ("customers", True, "core module: always enabled"),
    ]
    assert [r["code"] for r in rows[3:] if r["enabled"]] == []  # optional modules: off
    text = mercato(env, "modules", "list").stdout
    assert text.splitlines()[0].split() == ["CODE", "KIND", "ENABLED", "REQUIRES", "WHY"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("modules", "disable", "core", "--platform", "north"), "'core' is a core module"),
        (("modules", "enable", "nope", "--platform", "north"), "no installed module is called"),
        (("modules", "enable", "core", "--platform", "ghost"), "no platform 'ghost'"),
        (("platforms", "create", "north", "--name", "Again"), "already exists"),
        (("platforms", "create", "X!", "--name", "Bad"), "platform code 'X!' must be"),
        (
            ("platforms", "create", "ok-code", "--name", "D", "--domain", "bad domain"),
            "is not a host name",
        ),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_1(
    env: dict[str, str], args: tuple[str, ...], message: str
) -> None:
    mercato(env, "platforms", "create", "north", "--name", "North")
    result = mercato(env, *args, check=False)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_invalid_settings_are_reported_by_name(tmp_path: Path) -> None:
    env = mercato_env(f"sqlite:///{tmp_path / 'x.db'}", MERCATO_PORT="eighty")
    result = mercato(env, "modules", "list", check=False)
    assert result.returncode == 1
    assert "port" in result.stderr and "Traceback" not in result.stderr


def test_check_passes_on_mercato_itself(env: dict[str, str]) -> None:
    assert mercato(env, "check").stdout.strip() == "module structure: ok"


def _broken_tree(tmp_path: Path) -> Path:
    src = tmp_path / "mercato"
    shutil.copytree(ROOT / "src", src, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    bad = src / "domain" / "shop"
    bad.mkdir()
    (bad / "__init__.py").write_text("from mercato.domain.shop import services\n")
    (bad / "definition.py").write_text(
        "from mercato.domain.kernel.definition import ModuleDefinition, PermissionDefinition\n"
        "MODULE = ModuleDefinition(code='store', name='Store',\n"
        "    permissions=(PermissionDefinition('products.edit', 'Edit'),),\n"
        "    metrics_provider='mercato.domain.shop.metrics:Missing')\n"
    )
    (bad / "services.py").write_text(
        "import sqlalchemy\n\nfrom mercato.domain.tenancy.services import PlatformService\n"
    )
    (src / "adapters" / "tenancy" / "leak.py").write_text(
        "from mercato.adapters.core import tables\n"
    )
    return src


def test_check_names_file_line_and_rule_of_each_violation(tmp_path: Path) -> None:
    src = _broken_tree(tmp_path)
    env = mercato_env(f"sqlite:///{tmp_path / 'x.db'}")
    env["PYTHONPATH"] = f"{src.parent}:{env['PYTHONPATH']}"
    result = mercato(env, "check", "--root", str(src), check=False)
    assert result.returncode == 1
    lines = result.stdout.splitlines()

    def has(path: str, line: int, rule: str) -> bool:
        return any(x.startswith(f"{src / path}:{line}: {rule} ") for x in lines)

    assert has("domain/shop/__init__.py", 1, "MOD-007")
    assert has("domain/shop/definition.py", 1, "MOD-002")
    assert has("domain/shop/definition.py", 1, "MOD-004")
    assert has("domain/shop/services.py", 1, "MOD-010")
    assert has("domain/shop/services.py", 3, "MOD-005")
    assert has("adapters/tenancy/leak.py", 1, "MOD-006")
    assert any(
        x.startswith(f"{src}/domain/shop/definition.py:1: MOD-003") and "products.edit" in x
        for x in lines
    )


def _stdin(env: dict[str, str], text: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mercato.bootstrap.cli", *args],
        env=env,
        input=text,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_create_admin_reads_the_password_from_stdin_or_prints_a_generated_one(
    env: dict[str, str],
) -> None:
    given = _stdin(env, "a-long-enough-password\n", "users", "create-admin", "ada@example.com")
    assert given.returncode == 0, given.stderr
    assert "administrator of every platform" in given.stdout
    assert "password" not in given.stdout.replace("administrator", "")
    mercato(env, "platforms", "create", "north", "--name", "North")
    made = mercato(
        env, "users", "create-admin", "sam@example.com", "--platform", "north", "--generate"
    ).stdout
    assert "administrator of platform 'north'" in made
    assert "password (shown once): " in made
    short = _stdin(env, "short\n", "users", "create-admin", "bob@example.com")
    assert short.returncode == 1 and "at least 10 characters" in short.stderr
    again = _stdin(env, "a-long-enough-password\n", "users", "create-admin", "ada@example.com")
    assert again.returncode == 1 and "Traceback" not in again.stderr


def test_vendors_and_tokens_from_the_cli(env: dict[str, str]) -> None:
    mercato(env, "platforms", "create", "north", "--name", "North")
    _stdin(env, "a-long-enough-password\n", "users", "create-admin", "ada@example.com")
    owner = _stdin(env, "", "users", "create-admin", "owner@example.com", "--generate")
    assert owner.returncode == 0
    out = mercato(
        env,
        "vendors",
        "create",
        "acme",
        "--name",
        "Acme",
        "--company",
        "Acme Ltd",
        "--platform",
        "north",
        "--owner",
        "owner@example.com",
    ).stdout
    assert "created vendor 'acme' (Acme) on north" in out
    token = mercato(env, "tokens", "create", "ada@example.com", "--platform", "north").stdout
    assert token.strip().startswith("mrc_")
    vendor_token = mercato(env, "tokens", "create", "owner@example.com", "--vendor", "acme")
    assert vendor_token.stdout.strip().startswith("mrc_")
    refused = mercato(env, "tokens", "create", "ada@example.com", "--vendor", "acme", check=False)
    assert refused.returncode == 1 and "not on the team of 'acme'" in refused.stderr
    both = mercato(env, "tokens", "create", "ada@example.com", check=False)
    assert both.returncode == 1 and "exactly one of --platform, --vendor" in both.stderr
    every = mercato(env, "tokens", "create", "ada@example.com", "--every-platform")
    assert every.stdout.strip().startswith("mrc_")  # ada is a super admin
    ops = _stdin(
        env, "", "users", "create-admin", "ops@example.com", "--platform", "north", "--generate"
    )
    assert ops.returncode == 0, ops.stderr
    north_only = mercato(
        env, "tokens", "create", "ops@example.com", "--every-platform", check=False
    )
    assert north_only.returncode == 1
    assert "only a super admin holds a token for every platform" in north_only.stderr


def test_demo_seeds_a_believable_world_once(env: dict[str, str]) -> None:
    first = mercato(env, "demo", "--password", "demo-password-123", "--days", "3").stdout
    assert "admin@demo.mercato (super admin)" in first
    assert "password of every demo account (shown once): demo-password-123" in first
    assert "already present" in mercato(env, "demo", "--days", "3").stdout
    platforms = mercato(env, "platforms", "list").stdout
    assert "north" in platforms and "south" in platforms
