"""The app in-process over a seeded world, reset before every example, and its own schema."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient
from schemathesis.python.asgi import shutdown_lifespans

from mercato.adapters.db.migrations import upgrade
from mercato.bootstrap.app import MercatoApp, create_app
from tests.conftest import builtin_folders
from tests.support.app import container_with, seed_platforms
from tests.support.flaky.definition import MODULE as FLAKY
from tests.support.probe.definition import MODULE as PROBE
from tests.support.world import World, build_world, optional_builtins

__all__ = ["HOST", "FuzzedApp", "examples_per_operation", "own_openapi_schema"]

HOST = "north.test"


def examples_per_operation() -> int:
    """``MERCATO_FUZZ_EXAMPLES`` (``make fuzz`` raises it), else what ``make test`` affords."""
    return int(os.environ.get("MERCATO_FUZZ_EXAMPLES", "25"))


def _app(url: str) -> MercatoApp:
    return create_app(container=container_with(url, (PROBE, FLAKY), provider_timeout=0.2))


def own_openapi_schema() -> dict[str, Any]:
    """The schema the app serves at /schema/openapi.json with the world's modules mounted.

    Read once at collection from a throwaway database: the operations become the tests.
    """
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'mercato.db'}"
        upgrade(url, builtin_folders())
        modules = ["probe", *optional_builtins()]
        seed_platforms(url, ("north", "North", [HOST]), enable={"north": modules})
        with TestClient(_app(url), base_url=f"http://{HOST}") as client:
            response = client.get("/schema/openapi.json")
            response.raise_for_status()
            schema: dict[str, Any] = response.json()
            return schema


@dataclass
class FuzzedApp:
    """The app over a live database that :meth:`reset` puts back to the seeded world."""

    app: MercatoApp
    world: World
    live: Path
    template: Path

    def reset(self) -> None:
        """Copy the seeded world over the live database through SQLite's backup API.

        The app's pooled connections stay open and read the copy on their next query, so
        every example starts from the same rows whatever the previous one changed.
        """
        source, target = sqlite3.connect(self.template), sqlite3.connect(self.live)
        try:
            target.execute("PRAGMA synchronous=OFF")  # a throwaway copy: no fsync
            source.backup(target)
        finally:
            target.close()
            source.close()


# Rows the world lacks, added through the API so that small ids in paths find something.
ACME_EXTRAS = (
    ("/api/v1/vendors/acme/roles", {"name": "Packer", "permissions": []}),
    ("/api/v1/vendors/acme/domains", {"domain": "shop.acme.example"}),
    ("/api/v1/vendors/acme/invitations", {"email": "ivy@example.com", "role": "staff"}),
    ("/api/v1/vendors/acme/customers", {"email": "cleo@example.com", "name": "Cleo"}),
)
if "catalog" in optional_builtins():
    ACME_EXTRAS += (
        (
            "/api/v1/vendors/acme/products",
            {
                "title": "Fuzz Tee",
                "status": "active",
                "variants": [{"sku": "FZ-1", "price": {"amount": 100, "currency": "EUR"}}],
            },
        ),
    )
if "inventory" in optional_builtins():
    ACME_EXTRAS += (
        (
            "/api/v1/vendors/acme/stock/movements",
            {"sku": "FZ-1", "kind": "receipt", "quantity": 50},
        ),
    )
if "orders" in optional_builtins():  # order 1 of cleo: its page and transitions are fuzzed
    ACME_EXTRAS += (
        (
            "/api/v1/vendors/acme/orders",
            {
                "customer": {"email": "cleo@example.com", "name": "Cleo"},
                "lines": [{"sku": "FZ-1", "quantity": 2}],
            },
        ),
    )


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, World]:
    """The world, plus a custom role, a domain, an invitation, a customer, a product with
    stock and an order of acme, seeded once per session into a file every fuzzed app is reset
    from."""
    path = tmp_path_factory.mktemp("fuzz-world") / "mercato.db"
    url = f"sqlite:///{path}"
    upgrade(url, builtin_folders())
    world = build_world(url)
    with TestClient(_app(url), base_url=f"http://{HOST}") as client:
        client.headers["Authorization"] = f"Bearer {world.tokens['acme']}"
        for n, (route, body) in enumerate(ACME_EXTRAS):
            r = client.post(route, json=body, headers={"Idempotency-Key": f"seed-{n}"})
            assert r.status_code == 201, (route, r.text)
    return path, world


@pytest.fixture
def fuzzed_app(seeded_template: tuple[Path, World], tmp_path: Path) -> Iterator[FuzzedApp]:
    """The app with probe and flaky installed, over its own copy of the seeded world."""
    template, world = seeded_template
    live = tmp_path / "mercato.db"
    fuzzed = FuzzedApp(_app(f"sqlite:///{live}"), world, live, template)
    fuzzed.reset()
    yield fuzzed
    shutdown_lifespans()  # schemathesis started the app on its first request: stop it
