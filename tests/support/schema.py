"""The OpenAPI schema the app serves with every module of the test world mounted.

Every installed module is enabled (optional ones in dependency order), so a module added to
Mercato later is in the schema these tests walk without editing them.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from litestar.testing import TestClient

from mercato.adapters.db.migrations import upgrade
from mercato.bootstrap.app import create_app
from tests.conftest import builtin_folders
from tests.support.app import container_with, registry_with, seed_platforms
from tests.support.flaky.definition import MODULE as FLAKY
from tests.support.probe.definition import MODULE as PROBE

__all__ = ["ERROR_BODY_REF", "operations", "served_schema"]

HOST = "north.test"
ERROR_BODY_REF = {"$ref": "#/components/schemas/ErrorBody"}
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def served_schema() -> dict[str, Any]:
    """``/schema/openapi.json`` of an app with the built-in modules, probe and flaky, all
    enabled on north."""
    extra = (PROBE, FLAKY)
    optional = [d.code for d in registry_with(*extra) if not d.is_core]  # dependency order
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'mercato.db'}"
        upgrade(url, builtin_folders())
        seed_platforms(url, ("north", "North", [HOST]), enable={"north": optional})
        app = create_app(container=container_with(url, extra))
        with TestClient(app, base_url=f"http://{HOST}") as client:
            response = client.get("/schema/openapi.json")
            assert response.status_code == 200, response.text
            schema: dict[str, Any] = response.json()
    assert set(optional) <= set(app.mounter.mounted), (optional, app.mounter.failed)
    return schema


def operations(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """``(METHOD, path, operation)`` of every operation of ``schema``."""
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield method.upper(), path, operation
