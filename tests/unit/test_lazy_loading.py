"""A module's code is imported only when one of its providers is first asked for.

Each test runs in a fresh interpreter so that what is imported is observable in
``sys.modules`` without polluting the test process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

PROJECT = Path(__file__).resolve().parents[2]

DEFINITION = """
from mercato.domain.kernel.definition import ModuleDefinition

MODULE = ModuleDefinition(
    code="lazymod",
    name="Lazy module",
    wiring="lazymod_root.lazymod.code:LazyContainer",
    metrics_provider="lazymod_root.lazymod.code:LazyMetrics",
)
"""

CODE = """
from dependency_injector import containers, providers

from mercato.ports.metrics import MetricValue


class LazyMetrics:
    async def metrics(self, scope):
        return (MetricValue("lazymod.loaded", "Loaded", 1),)


class LazyContainer(containers.DeclarativeContainer):
    root = providers.DependenciesContainer()
    metrics_provider = providers.Singleton(LazyMetrics)
"""

OBSERVE = """
import asyncio, json, sys
from dependency_injector import containers
from mercato.bootstrap.components import ModuleContainers
from mercato.domain.kernel.registry import ModuleRegistry, discover_definitions
from mercato.ports.scope import Scope

CODE = "lazymod_root.lazymod.code"
seen = {}
registry = ModuleRegistry(discover_definitions(packages=("lazymod_root",), entry_point_group=None))
seen["codes"] = list(registry.order)
seen["definition_imported"] = "lazymod_root.lazymod.definition" in sys.modules
seen["after_registry"] = CODE in sys.modules
components = ModuleContainers(registry, containers.DynamicContainer())
seen["widgets"] = repr(components.widget_provider("lazymod"))
seen["after_components"] = CODE in sys.modules
seen["loaded_before"] = sorted(components.loaded)
provider = components.metrics_provider("lazymod")
seen["after_metrics_provider"] = CODE in sys.modules
seen["loaded_after"] = sorted(components.loaded)
seen["metrics"] = [m.key for m in asyncio.run(provider.metrics(Scope(1, "main")))]
print(json.dumps(seen))
"""

BUILT_INS = """
import json, sys
from mercato.domain.kernel.registry import ModuleRegistry
registry = ModuleRegistry.discover(("mercato.domain",), entry_point_group=None)
print(json.dumps({"codes": list(registry.order), "modules": sorted(sys.modules)}))
"""


def _run(script: str, pythonpath: Path | None = None) -> dict[str, object]:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(pythonpath), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _write_lazymod(base: Path) -> None:
    package = base / "lazymod_root" / "lazymod"  # lazymod_root is a namespace package
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "definition.py").write_text(DEFINITION)
    (package / "code.py").write_text(CODE)


def test_a_module_code_is_imported_only_when_its_provider_is_first_asked_for(
    tmp_path: Path,
) -> None:
    _write_lazymod(tmp_path)

    seen = _run(OBSERVE, pythonpath=tmp_path)

    assert seen["codes"] == ["lazymod"]
    assert seen["definition_imported"] is True
    assert seen["after_registry"] is False
    assert seen["widgets"] == "None"
    assert seen["after_components"] is False
    assert seen["loaded_before"] == []
    assert seen["after_metrics_provider"] is True
    assert seen["loaded_after"] == ["lazymod"]
    assert seen["metrics"] == ["lazymod.loaded"]


def test_discovering_the_built_in_modules_imports_only_their_definitions() -> None:
    seen = _run(BUILT_INS)

    modules = set(seen["modules"])  # type: ignore[arg-type]
    assert {"core", "tenancy"} <= set(seen["codes"])  # type: ignore[arg-type]
    assert {"mercato.domain.core.definition", "mercato.domain.tenancy.definition"} <= modules
    loaded_code = {
        name
        for name in modules
        if name.startswith(("mercato.adapters", "mercato.bootstrap"))
        or (
            name.startswith(("mercato.domain.core.", "mercato.domain.tenancy."))
            and not name.endswith(".definition")
        )
    }
    assert loaded_code == set()
    assert not {"sqlalchemy", "litestar", "dependency_injector"} & {
        name.split(".")[0] for name in modules
    }


PUBLIC_SURFACE = """
import json, sys
import mercato.adapters.web
import mercato.ports
after_packages = sorted(n for n in ("litestar", "sqlalchemy", "jinja2") if n in sys.modules)
import mercato.adapters.db.metadata  # the sub-module named like the exported MetaData
from mercato.adapters.db import metadata
from mercato.adapters.web import ModuleWeb, render_page, request_tenancy, requires
from mercato.ports import PageRequest
print(json.dumps({
    "after_packages": after_packages,
    "metadata": type(metadata).__name__,
    "names": [ModuleWeb.__name__, render_page.__name__, request_tenancy.__name__,
              requires.__name__, PageRequest.__name__],
}))
"""


def test_the_public_surface_imports_lazily_and_exports_what_the_guide_names() -> None:
    seen = _run(PUBLIC_SURFACE)

    assert seen["after_packages"] == []
    assert seen["metadata"] == "MetaData"
    assert seen["names"] == [
        "ModuleWeb",
        "render_page",
        "request_tenancy",
        "requires",
        "PageRequest",
    ]
