"""The wheel installs one import package, ``mercato``, beside a consumer's own layers.

A service laid out the hexagonal way has its own top-level ``domain`` and ``adapters``
packages. The wheel of Mercato is built, installed into a fresh virtual environment next to
such a consumer project, and the consumer imports both its own ``domain`` and Mercato's
``mercato.domain`` and uses Mercato as a library (migrations, a platform, the dashboard).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.support.processes import ROOT

pytestmark = pytest.mark.integration

CONSUMER = '''
"""A consumer service with its own domain and adapters packages."""
import asyncio
import sys

import adapters
import domain
from domain.orders import Order

import mercato
import mercato.domain.kernel
from mercato.bootstrap import Settings, open_mercato
from mercato.bootstrap.migrations import upgrade_all
from mercato.ports.scope import Scope


async def main(settings: Settings) -> None:
    async with open_mercato(settings) as m:
        tenancy = await m.module("tenancy")
        platform = await tenancy.platforms().create("consumer", "Consumer Market", [])
        core = await m.module("core")
        board = await core.dashboard().dashboard(Scope(platform.id, platform.code))
        keys = sorted(metric.key for slot in board.metrics for metric in slot.items)
        print("metrics:", ",".join(keys))


print("own domain:", domain.__file__)
print("own adapters:", adapters.NAME)
print("order:", Order("A-1").number)
print("mercato:", mercato.__file__)
settings = Settings.from_env(database_url=sys.argv[1])
print("migrated:", ",".join(upgrade_all(settings)))
asyncio.run(main(settings))
'''


def _run(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args), capture_output=True, text=True, timeout=300, check=False, **kwargs
    )  # type: ignore[call-overload]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Mercato's wheel, built offline from a copy of the repository."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "var", "build", "dist", "*.egg-info", "__pycache__", ".*_cache"
        ),
    )
    built = _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--no-deps",
        "--no-index",
        "--no-build-isolation",
        "--wheel-dir",
        str(work / "dist"),
        str(source),
    )
    assert built.returncode == 0, built.stderr[-3000:]
    (found,) = (work / "dist").glob("mercato-*.whl")
    return found


def test_the_wheel_holds_one_top_level_package_with_its_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert top == {"mercato"}
    assert "mercato/py.typed" in names
    assert "mercato/domain/kernel/definition.py" in names
    assert any(n.startswith("mercato/adapters/tenancy/templates/") for n in names)
    assert any(n.startswith("mercato/adapters/tenancy/migrations/versions/") for n in names)
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "mercato = mercato.bootstrap.cli:main" in zipfile.ZipFile(wheel).read(
        entry_points
    ).decode().replace("\r", "")


def test_a_consumer_with_its_own_domain_and_adapters_uses_mercato(
    wheel: Path, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    assert _run(sys.executable, "-m", "venv", "--without-pip", str(venv)).returncode == 0
    python = venv / "bin" / "python"
    installed = _run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        str(python),
        "install",
        "--quiet",
        "--no-deps",
        "--no-index",
        str(wheel),
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    # Mercato's dependencies come from the test environment's site-packages, appended after
    # the fresh environment's own (a plain path entry: its .pth files, among them the
    # editable install of the repository, are not processed).
    site = Path(
        _run(
            str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"
        ).stdout.strip()
    )
    (site / "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    project = tmp_path / "consumer"
    (project / "domain").mkdir(parents=True)
    (project / "domain" / "__init__.py").write_text('"""The consumer\'s own domain."""\n')
    (project / "domain" / "orders.py").write_text(
        "from dataclasses import dataclass\n\n\n@dataclass\nclass Order:\n    number: str\n"
    )
    (project / "adapters").mkdir()
    (project / "adapters" / "__init__.py").write_text('NAME = "consumer adapters"\n')
    (project / "service.py").write_text(CONSUMER)

    env = {k: v for k, v in os.environ.items() if not k.startswith(("MERCATO_", "PYTHON"))}
    env["MERCATO_DISCOVER_ENTRY_POINTS"] = "false"
    result = _run(
        str(python),
        "service.py",
        f"sqlite:///{tmp_path / 'consumer.db'}",
        cwd=project,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = dict(line.split(": ", 1) for line in result.stdout.splitlines())
    assert out["own domain"] == str(project / "domain" / "__init__.py")
    assert out["own adapters"] == "consumer adapters"
    assert out["order"] == "A-1"
    assert out["mercato"].startswith(str(venv))
    assert set(out["migrated"].split(",")) == {
        "core",
        "tenancy",
        "customers",
        "catalog",
        "inventory",
        "orders",
    }
    assert "tenancy.vendors.active" in out["metrics"].split(",")
