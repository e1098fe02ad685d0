"""The app over a migrated SQLite database with a seeded world and signed-in clients."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from litestar.testing import TestClient

from mercato.adapters.db.migrations import upgrade
from mercato.bootstrap.app import MercatoApp, create_app
from tests.conftest import builtin_folders
from tests.support.app import container_with
from tests.support.flaky.definition import MODULE as FLAKY
from tests.support.mailbox import Outbox
from tests.support.probe.definition import MODULE as PROBE
from tests.support.world import World, build_world, sign_in

Client = TestClient[MercatoApp]


@pytest.fixture(scope="session")
def world_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, World]:
    """The world seeded once per test session into a database file that tests copy."""
    path = tmp_path_factory.mktemp("world") / "mercato.db"
    url = f"sqlite:///{path}"
    upgrade(url, builtin_folders())
    return path, build_world(url)


@pytest.fixture
def world(world_template: tuple[Path, World], tmp_path: Path) -> World:
    """north (probe enabled) and south; vendors acme (both) and globex (north): a fresh copy."""
    source, template = world_template
    target = tmp_path / "mercato.db"
    shutil.copyfile(source, target)
    return replace(template, url=f"sqlite:///{target}")


@pytest.fixture
def mailbox_dir(tmp_path: Path) -> Path:
    """Where this test's app writes its e-mails."""
    return tmp_path / "mailbox"


@pytest.fixture
def app(world: World, mailbox_dir: Path) -> MercatoApp:
    """The web app with probe and flaky installed and a short provider timeout.

    Its links use ``http`` on port 80 (``MERCATO_PUBLIC_URL=http://mercato.test``), so a link
    to north reads ``http://north.test/...``; its e-mails go to :func:`mailbox_dir`.
    """
    container = container_with(
        world.url,
        (PROBE, FLAKY),
        provider_timeout=0.2,
        public_url="http://mercato.test",
        mailbox_dir=str(mailbox_dir),
    )
    return create_app(container=container)


@pytest.fixture
def client(app: MercatoApp) -> Iterator[Client]:
    """An anonymous browser on north."""
    with TestClient(app, base_url="http://north.test") as c:
        yield c


@pytest.fixture
def outbox(client: Client, mailbox_dir: Path) -> Outbox:
    """The anonymous browser on north, and the mailbox of its app."""
    return Outbox(client, mailbox_dir)


@pytest.fixture
def admin_client(app: MercatoApp, world: World) -> Iterator[Client]:
    """A browser on north signed in as the super admin through the sign-in form."""
    with TestClient(app, base_url="http://north.test") as c:
        assert sign_in(c, world.email("admin")).status_code == 200
        yield c


@pytest.fixture
def api(app: MercatoApp, world: World) -> Iterator[Client]:
    """The JSON API on north with the super admin's token for every platform."""
    with TestClient(app, base_url="http://north.test") as c:
        c.headers["Authorization"] = f"Bearer {world.tokens['admin@*']}"
        yield c


@pytest.fixture
def api_as(app: MercatoApp, world: World) -> Iterator[Callable[[str, str], Client]]:
    """``api_as(token_name, platform_code)``: an API client with one of the world's tokens."""
    clients: list[Client] = []

    def make(token: str, platform: str = "north") -> Client:
        c = TestClient(app, base_url=f"http://{platform}.test")
        c.__enter__()
        c.headers["Authorization"] = f"Bearer {world.tokens[token]}"
        clients.append(c)
        return c

    yield make
    for c in reversed(clients):  # portals close in the reverse order they opened
        c.__exit__(None, None, None)
