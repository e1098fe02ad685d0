"""An app over a migrated SQLite database with two platforms and the test modules."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar.testing import TestClient

from bootstrap.app import MercatoApp, create_app
from tests.support.app import container_with, seed_platforms
from tests.support.flaky.definition import MODULE as FLAKY
from tests.support.probe.definition import MODULE as PROBE


@pytest.fixture
def platform_ids(sqlite_url: str) -> dict[str, int]:
    """north (probe enabled) and south (nothing optional), on their own domains."""
    return seed_platforms(
        sqlite_url,
        ("north", "North Market", ["north.test"]),
        ("south", "South Bazaar", ["south.test"]),
        enable={"north": ["probe"]},
    )


@pytest.fixture
def app(sqlite_url: str, platform_ids: dict[str, int]) -> MercatoApp:
    """The web app with probe and flaky installed and a short provider timeout."""
    return create_app(container=container_with(sqlite_url, (PROBE, FLAKY), provider_timeout=0.2))


@pytest.fixture
def client(app: MercatoApp) -> Iterator[TestClient[MercatoApp]]:
    """A client of the north platform."""
    with TestClient(app, base_url="http://north.test") as c:
        yield c
