"""The documented library example runs as written and gives the use cases of the modules."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

from mercato.bootstrap import Settings, open_mercato
from mercato.bootstrap.library import ModuleNotEnabled
from mercato.domain.kernel.errors import UnknownModule
from tests.support.processes import ROOT, mercato_env

pytestmark = pytest.mark.integration


def test_the_library_example_runs_and_prints_the_dashboard(database_url: str) -> None:
    env = mercato_env(database_url)
    for _ in range(2):  # the second run finds the platform it created
        result = subprocess.run(
            [sys.executable, str(ROOT / "examples" / "library_use.py"), database_url],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("platform: library-demo (id ")
    assert "metric: tenancy.vendors.active = 0" in lines
    assert lines[-1] == "enabled modules: core, customers, tenancy"


def test_asking_for_a_module_that_is_not_enabled_or_installed_is_a_clear_error(
    sqlite_url: str,
) -> None:
    from tests.support.app import registry_with
    from tests.support.probe.definition import MODULE as PROBE

    async def go() -> None:
        async with open_mercato(Settings(database_url=sqlite_url)) as m:
            m.container.registry.override(registry_with(PROBE))
            with pytest.raises(ModuleNotEnabled, match="'probe' is not enabled on any platform"):
                await m.module("probe")
            with pytest.raises(UnknownModule):
                await m.module("nothing")

    asyncio.run(go())


def test_the_example_file_is_where_the_guide_says(tmp_path: Path) -> None:
    guide = (ROOT / "docs" / "guides" / "using-as-a-library.md").read_text()
    assert "examples/library_use.py" in guide
