"""The value types of the ports and their Null/Fake implementations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mercato.ports.catalog import CatalogReader, FakeCatalogReader
from mercato.ports.clock import Clock, FakeClock
from mercato.ports.content import ContentService, NullContentService
from mercato.ports.context import ContextProvider, NullContextProvider
from mercato.ports.customers import CustomerDirectory, FakeCustomerDirectory
from mercato.ports.events import EventPublisher, RecordingEventPublisher
from mercato.ports.inventory import FakeStockReservations, StockReservations
from mercato.ports.media import MediaService, NullMediaService
from mercato.ports.metrics import MetricsProvider, NullMetricsProvider
from mercato.ports.pagination import MAX_PAGE_SIZE, Page, PageRequest
from mercato.ports.permissions import ALL_PERMISSIONS, Principal
from mercato.ports.platforms import (
    FakePlatformDirectory,
    MenuConfiguration,
    NullMenuConfiguration,
    PlatformDirectory,
    PlatformRef,
)
from mercato.ports.scope import Scope
from mercato.ports.tasks import EnqueuedTask, FakeTaskQueue, TaskQueue
from mercato.ports.uow import FakeUnitOfWork, UnitOfWork
from mercato.ports.widgets import DashboardWidgetProvider, NullWidgetProvider
from tests.support.fakes import FakeMenuConfiguration

pytestmark = pytest.mark.unit

SCOPE = Scope(platform_id=1, platform_code="main")


def test_a_principal_has_the_permissions_it_holds() -> None:
    editor = Principal("u1", "Editor", frozenset({"catalog.edit", "catalog.view"}))

    assert editor.has("catalog.edit")
    assert not editor.has("orders.refund")
    assert editor.has_all(["catalog.edit", "catalog.view"])
    assert not editor.has_all(["catalog.edit", "orders.refund"])


def test_the_all_permissions_code_grants_every_permission() -> None:
    assert Principal("u2", "Admin", frozenset({ALL_PERMISSIONS})).has("anything.at_all")
    assert Principal.system().has_all(["a.b", "c.d"])


def test_the_anonymous_principal_holds_nothing() -> None:
    anonymous = Principal.anonymous()

    assert not anonymous.is_authenticated
    assert not anonymous.has("dashboard.view")
    assert anonymous.has_all([])


def test_a_scope_with_a_vendor_is_a_vendor_scope() -> None:
    assert Scope(1, "main", vendor_id=7).is_vendor_scope
    assert not SCOPE.is_vendor_scope


def test_a_page_request_knows_its_offset() -> None:
    assert PageRequest().offset == 0
    assert PageRequest(page=3, size=20).offset == 40


@pytest.mark.parametrize(("page", "size"), [(0, 10), (-1, 10), (1, 0), (1, MAX_PAGE_SIZE + 1)])
def test_a_page_request_out_of_bounds_is_refused(page: int, size: int) -> None:
    with pytest.raises(ValueError, match="page"):
        PageRequest(page=page, size=size)


@pytest.mark.parametrize(("total", "pages"), [(0, 1), (1, 1), (25, 1), (26, 2), (75, 3)])
def test_a_page_counts_the_pages_of_the_whole_list(total: int, pages: int) -> None:
    assert Page(items=(), total=total, page=1, size=25).pages == pages


def test_the_fake_clock_moves_only_when_told_to() -> None:
    clock = FakeClock(datetime(2026, 1, 1, tzinfo=UTC))

    before = clock.now()
    clock.advance(timedelta(minutes=5))

    assert before == datetime(2026, 1, 1, tzinfo=UTC)
    assert clock.now() == datetime(2026, 1, 1, 0, 5, tzinfo=UTC)
    assert isinstance(clock, Clock)


async def test_the_fake_task_queue_refuses_a_duplicate_job_id() -> None:
    queue = FakeTaskQueue()

    first = await queue.enqueue("reports.build", job_id="r-1", day="2026-01-01")
    again = await queue.enqueue("reports.build", job_id="r-1", day="2026-01-01")
    anonymous = await queue.enqueue("reports.build")

    assert first == "r-1"
    assert again is None
    assert anonymous is not None
    assert queue.enqueued == [
        EnqueuedTask("reports.build", "r-1", {"day": "2026-01-01"}),
        EnqueuedTask("reports.build", None, {}),
    ]


async def test_the_fake_unit_of_work_counts_commits_and_rollbacks() -> None:
    uow = FakeUnitOfWork()

    async with uow:
        assert uow.active
        await uow.commit()
        await uow.rollback()

    assert not uow.active
    assert (uow.commits, uow.rollbacks) == (1, 1)


async def test_the_fake_platform_directory_finds_by_code_and_host() -> None:
    main = PlatformRef(1, "main", "Main", ("main.example",))
    beta = PlatformRef(2, "beta", "Beta", ("beta.example", "b.example"))
    directory = FakePlatformDirectory([main, beta])

    assert await directory.by_code("beta") == beta
    assert await directory.by_code("gamma") is None
    assert await directory.by_host("b.example") == beta
    assert await directory.by_host("unknown.example") is None
    assert [p.code for p in await directory.all()] == ["beta", "main"]


async def test_the_null_providers_contribute_nothing() -> None:
    assert await NullMetricsProvider().metrics(SCOPE) == ()
    assert await NullWidgetProvider().widgets(SCOPE) == ()
    assert await NullContextProvider().context(SCOPE) == {}
    assert await NullMenuConfiguration().hidden_items(1, "admin") == frozenset()


async def test_the_null_content_service_has_no_pages() -> None:
    content = NullContentService()

    assert await content.get_page(1, "about") is None
    assert await content.list_pages(1, vendor_id=3) == ()


async def test_the_null_media_service_refuses_to_store_and_finds_nothing() -> None:
    media = NullMediaService()

    with pytest.raises(ValueError, match="no media store"):
        await media.store(1, "logo.png", "image/png", b"\x89PNG")
    assert await media.get(1, "m-1") is None


async def test_the_fake_menu_configuration_hides_per_platform_and_frontend() -> None:
    from mercato.domain.kernel.enums import FrontendType

    configuration = FakeMenuConfiguration()
    configuration.hide(1, FrontendType.ADMIN, {"products"})

    assert await configuration.hidden_items(1, "admin") == {"products"}
    assert await configuration.hidden_items(1, "vendor") == frozenset()
    assert await configuration.hidden_items(2, "admin") == frozenset()


@pytest.mark.parametrize(
    ("double", "port"),
    [
        (NullMetricsProvider(), MetricsProvider),
        (NullWidgetProvider(), DashboardWidgetProvider),
        (NullContextProvider(), ContextProvider),
        (NullContentService(), ContentService),
        (NullMediaService(), MediaService),
        (NullMenuConfiguration(), MenuConfiguration),
        (FakeMenuConfiguration(), MenuConfiguration),
        (FakePlatformDirectory(), PlatformDirectory),
        (FakeTaskQueue(), TaskQueue),
        (FakeUnitOfWork(), UnitOfWork),
        (FakeCatalogReader(), CatalogReader),
        (FakeStockReservations(), StockReservations),
        (FakeCustomerDirectory(), CustomerDirectory),
        (RecordingEventPublisher(), EventPublisher),
    ],
    ids=lambda v: type(v).__name__ if not isinstance(v, type) else v.__name__,
)
def test_every_double_implements_its_port(double: object, port: type) -> None:
    assert isinstance(double, port)
