"""Route modules keep their annotations as objects, not strings.

Litestar reads every route handler's annotations when a module is mounted. Under
``from __future__ import annotations`` each one is a string that ``typing.get_type_hints``
compiles and evaluates, handler by handler: a third of the time of mounting a module
(docs/architecture/request-path.md, "Start-up"). Route modules therefore do without it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

SRC = Path(__file__).resolve().parents[2] / "src"
ROUTE = re.compile(r"^@(get|post|put|patch|delete|route)\(", re.MULTILINE)
FUTURE = "from __future__ import annotations"
# health.py has one handler and imports its types for type checking only.
ALLOWED = {"adapters/web/health.py"}


def _route_modules() -> list[Path]:
    return sorted(p for p in (SRC / "adapters").rglob("*.py") if ROUTE.search(p.read_text()))


def test_there_are_route_modules_to_check() -> None:
    assert len(_route_modules()) > 20


def test_no_route_module_turns_its_annotations_into_strings() -> None:
    offenders = [
        str(p.relative_to(SRC))
        for p in _route_modules()
        if FUTURE in p.read_text() and str(p.relative_to(SRC)) not in ALLOWED
    ]
    assert offenders == []
