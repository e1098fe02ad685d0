"""The example third-party module that the "all modules" variants add.

``examples/mercato-announcements`` is not installed in the virtualenv. The benchmark makes it
discoverable the way ``tests/integration/test_third_party_module.py`` does, without touching
the virtualenv: a temporary site folder holds a ``.dist-info`` with its ``mercato.modules``
entry point (what pip would write), and that folder plus the example's source folder go on
``sys.path`` (this process) and ``PYTHONPATH`` (the "all" variant's subprocesses only).
"""

from __future__ import annotations

import importlib
import sys
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from mercato.domain.kernel.registry import ENTRY_POINT_GROUP, ModuleRegistry, discover_definitions

__all__ = ["EXAMPLE", "ExampleModules", "example_modules", "post_announcements"]

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "mercato-announcements"


@dataclass(frozen=True, slots=True)
class ExampleModules:
    """What was added for the "all" variants, and the registries of both variants."""

    added: tuple[str, ...]
    """Codes made discoverable by the benchmark (empty when skipped or already installed)."""
    python_path: tuple[str, ...]
    """``PYTHONPATH`` entries a subprocess needs to discover ``added``."""
    note: str
    """How the example was (or was not) added, for the report."""

    def registry_all(self) -> ModuleRegistry:
        """Every module discoverable from this process, the added ones included."""
        return ModuleRegistry.discover()

    def registry_core(self) -> ModuleRegistry:
        """What a process without ``python_path`` discovers: everything but ``added``."""
        return ModuleRegistry(d for d in discover_definitions() if d.code not in self.added)

    def as_dict(self) -> dict[str, Any]:
        """The fields, for JSON."""
        return {"added": list(self.added), "python_path": list(self.python_path), "note": self.note}


@contextmanager
def example_modules(site: Path, enabled: bool = True) -> Iterator[ExampleModules]:
    """Make the example module discoverable in this process while the block runs.

    ``site`` is an empty temporary folder that receives the ``.dist-info``. When ``enabled``
    is false, or the example's entry point is already installed, nothing is added.
    """
    project = tomllib.loads((EXAMPLE / "pyproject.toml").read_text())["project"]
    declared: dict[str, str] = project["entry-points"][ENTRY_POINT_GROUP]
    source = EXAMPLE.relative_to(EXAMPLE.parent.parent)
    if not enabled:
        yield ExampleModules((), (), f"not added ({source} skipped: MERCATO_BENCH_EXAMPLE=0)")
        return
    present = {ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)}
    if declared.keys() <= present:
        yield ExampleModules((), (), f"not added: {', '.join(declared)} already installed")
        return
    _write_dist_info(site, project["name"], project["version"], declared)
    paths = (str(site), str(EXAMPLE))
    before = list(sys.path)
    sys.path.extend(paths)
    importlib.invalidate_caches()
    try:
        yield ExampleModules(
            tuple(declared),
            paths,
            f"{', '.join(declared)} from {source}, through a temporary entry point "
            "on PYTHONPATH (the virtualenv is untouched)",
        )
    finally:
        sys.path[:] = before
        importlib.invalidate_caches()


def _write_dist_info(site: Path, name: str, version: str, declared: dict[str, str]) -> None:
    """What pip writes for an installed distribution, reduced to its entry points."""
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    lines = [f"[{ENTRY_POINT_GROUP}]", *(f"{k} = {v}" for k, v in declared.items())]
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n")


async def post_announcements(components: Any, platform_id: int) -> int:
    """Post two announcements through the module's own service; return how many are active.

    ``components`` is the application container's ``components()``. This gives the
    module's metrics and widget providers rows to read on every dashboard request.
    """
    service = components.container("announcements").announcements()
    await service.post(platform_id, "Benchmark maintenance", "Sunday 02:00 UTC")
    await service.post(platform_id, "Benchmark sale", "All week", datetime(2099, 1, 1, tzinfo=UTC))
    active: int = await service.count_active(platform_id)
    return active
