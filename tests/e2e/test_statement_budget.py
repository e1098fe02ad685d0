"""Warm requests to the main routes run their page's own data plus at most one statement.

The page's own data is counted by calling the same services the handler calls, outside any
request; the request's overhead is then what is left: the one statement that authenticates
the caller and reads the configuration version (or, for an anonymous request, the version
alone). Platform, modules, vendor, menu and roles come from memory (ADR 0017). This bounds
the work a route does; it is no timing. A new route of a new module gets a case here.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlalchemy import event

from mercato.adapters.db.scope import unit_of_work
from mercato.bootstrap.app import MercatoApp
from mercato.bootstrap.container import ApplicationContainer
from mercato.bootstrap.library import close_container
from mercato.domain.kernel.enums import FrontendType
from mercato.domain.tenancy.model import PlatformAdmin
from mercato.domain.tenancy.reach import Operator
from mercato.ports.pagination import PageRequest
from mercato.ports.scope import Scope
from tests.support.app import container_with
from tests.support.flaky.definition import MODULE as FLAKY
from tests.support.outbox import seed_failed_deliveries
from tests.support.probe.definition import MODULE as PROBE
from tests.support.world import World, sign_in

pytestmark = pytest.mark.e2e

OVERHEAD = 1
"""Statements a warm request may run beyond its page's data."""
WARM_UP = 2


@dataclass
class Counter:
    """Every SQL statement the app's engine runs while counting."""

    statements: list[str]
    on: bool = False

    @contextmanager
    def counting(self) -> Iterator[list[str]]:
        self.statements.clear()
        self.on = True
        try:
            yield self.statements
        finally:
            self.on = False


@pytest.fixture
def counter(app: MercatoApp) -> Counter:
    container: ApplicationContainer = app.state["container"]
    found = Counter([])

    def record(*args: Any) -> None:
        if found.on:
            found.statements.append(str(args[2]))

    event.listen(container.engine().sync_engine, "before_cursor_execute", record)
    return found


def _data(world: World, work: Callable[[Any], Awaitable[object]]) -> int:
    """Statements ``work(container)`` runs outside any request, with the configuration
    cache warm and checked: the page's own data. A container of its own, on the same data."""

    async def run() -> int:
        container = container_with(world.url, (PROBE, FLAKY))
        seen: list[str] = []
        event.listen(
            container.engine().sync_engine,
            "before_cursor_execute",
            lambda *args: seen.append(str(args[2])),
        )
        try:
            async with unit_of_work(fresh=True):
                await work(container)  # warm what the work reads from memory
                await container.config_cache().ensure_fresh()
                seen.clear()
                await work(container)
                return len(seen)
        finally:
            await close_container(container)

    return asyncio.run(run())


def _request(client: TestClient[Any], counter: Counter, path: str) -> list[str]:
    for _ in range(WARM_UP):
        assert client.get(path).status_code == 200, path
    with counter.counting() as seen:
        r = client.get(path)
    assert r.status_code == 200, (path, r.text[:300])
    return list(seen)


def _assert_within(seen: list[str], data: int, what: str) -> None:
    listing = "\n".join(f"  {s[:160]}" for s in seen)
    assert len(seen) <= data + OVERHEAD, f"{what}: {len(seen)} statements, data {data}\n{listing}"
    versions = [s for s in seen if "config_version" in s]
    assert len(versions) == 1 and seen[0] in versions, f"{what}: version read\n{listing}"


async def _admin_board(c: ApplicationContainer, world: World) -> object:
    pid = world.platforms["north"]
    enabled = await c.enablement().enabled_on(pid)
    core = c.components().container("core")
    every = core.dashboard()
    return await every.dashboard(Scope(pid, "north"), enabled, frozenset({"*"}))


@pytest.fixture
def admin_api(app: MercatoApp, world: World) -> Iterator[TestClient[Any]]:
    with TestClient(app, base_url="http://north.test") as c:
        c.headers["Authorization"] = f"Bearer {world.tokens['admin@north']}"
        yield c


@pytest.fixture
def admin_pages(app: MercatoApp, world: World) -> Iterator[TestClient[Any]]:
    with TestClient(app, base_url="http://north.test") as c:
        sign_in(c, world.email("admin"))
        yield c


def test_the_admin_dashboard_json_runs_its_providers_statements_and_one_more(
    app: MercatoApp, counter: Counter, world: World, admin_api: TestClient[Any]
) -> None:
    data = _data(world, lambda c: _admin_board(c, world))
    seen = _request(admin_api, counter, "/api/v1/admin/dashboard")
    _assert_within(seen, data, "GET /api/v1/admin/dashboard")


def test_the_admin_dashboard_page_runs_its_data_and_one_more(
    app: MercatoApp, counter: Counter, world: World, admin_pages: TestClient[Any]
) -> None:
    async def page_data(c: ApplicationContainer) -> None:
        await _admin_board(c, world)
        pid = world.platforms["north"]
        core = c.components().container("core")
        enabled = await c.enablement().enabled_on(pid)
        await core.context().get_context_for_frontend(
            Scope(pid, "north"), FrontendType.ADMIN, enabled
        )

    data = _data(world, page_data)
    _assert_within(_request(admin_pages, counter, "/admin/"), data, "GET /admin/")


def test_the_admin_vendor_list_runs_its_page_query_and_one_more(
    app: MercatoApp, counter: Counter, world: World, admin_api: TestClient[Any]
) -> None:
    async def listing(c: ApplicationContainer) -> object:
        vendors = c.components().container("tenancy").vendors()
        return await vendors.list(PageRequest(1, 25, "", ""), [world.platforms["north"]])

    data = _data(world, listing)
    seen = _request(admin_api, counter, "/api/v1/admin/vendors")
    _assert_within(seen, data, "GET /api/v1/admin/vendors")


def test_the_admin_vendor_page_runs_its_data_and_one_more(
    app: MercatoApp, counter: Counter, world: World, admin_pages: TestClient[Any]
) -> None:
    async def detail(c: ApplicationContainer) -> None:
        t = c.components().container("tenancy")
        administration = t.administration()
        admin = world.users["admin"]
        # A super admin: the grants come with the credentials.
        acting = Operator(admin, world.platforms["north"], None, (PlatformAdmin(admin, None),))
        vendor = await administration.vendor(acting, "acme")
        await administration.vendor_platforms(acting, vendor.id)
        await administration.platforms(acting)
        await t.vendors().platforms_of(vendor.id)
        await t.companies().get(vendor.company_id)
        await t.domains().list(vendor.id)

    data = _data(world, detail)
    seen = _request(admin_pages, counter, "/admin/vendors/acme")
    _assert_within(seen, data, "GET /admin/vendors/acme")


def test_the_vendor_dashboard_json_runs_its_providers_statements_and_one_more(
    app: MercatoApp, counter: Counter, world: World
) -> None:
    async def board(c: ApplicationContainer) -> object:
        pid = world.platforms["north"]
        enabled = await c.enablement().enabled_on(pid)
        every = c.components().container("core").dashboard()
        scope = Scope(pid, "north", world.vendors["acme"])
        return await every.dashboard(scope, enabled, frozenset({"*"}))

    data = _data(world, board)
    with TestClient(app, base_url="http://north.test") as c:
        c.headers["Authorization"] = f"Bearer {world.tokens['acme']}"
        seen = _request(c, counter, "/api/v1/vendors/acme/dashboard")
    _assert_within(seen, data, "GET /api/v1/vendors/acme/dashboard")


def test_the_anonymous_storefront_lookup_reads_the_version_alone(
    app: MercatoApp, counter: Counter
) -> None:
    with TestClient(app, base_url="http://acme.north.test") as c:
        seen = _request(c, counter, "/api/v1/storefront")
    _assert_within(seen, 0, "GET /api/v1/storefront")


def test_the_vendor_stock_list_runs_its_page_query_and_one_more(
    app: MercatoApp, counter: Counter, world: World
) -> None:
    async def listing(c: ApplicationContainer) -> object:
        stock = c.components().container("inventory").stock()
        return await stock.levels(world.vendors["acme"], PageRequest(1, 25, "", ""))

    data = _data(world, listing)
    with TestClient(app, base_url="http://north.test") as c:
        c.headers["Authorization"] = f"Bearer {world.tokens['acme']}"
        seen = _request(c, counter, "/api/v1/vendors/acme/stock")
    _assert_within(seen, data, "GET /api/v1/vendors/acme/stock")


def _seed_customers(client: TestClient[Any], world: World) -> int:
    headers = {"Authorization": f"Bearer {world.tokens['acme']}"}
    ids = []
    for i in range(3):
        body = {"email": f"budget{i}@example.com", "tags": ["vip"]}
        r = client.post("/api/v1/vendors/acme/customers", json=body, headers=headers)
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    return int(ids[0])


def test_the_customer_list_and_detail_json_run_their_data_and_one_more(
    app: MercatoApp, counter: Counter, world: World
) -> None:
    with TestClient(app, base_url="http://north.test") as c:
        customer_id = _seed_customers(c, world)
        c.headers["Authorization"] = f"Bearer {world.tokens['acme']}"

        async def listing(k: ApplicationContainer) -> object:
            customers = k.components().container("customers").customers()
            return await customers.page(world.vendors["acme"], PageRequest(1, 25, "", ""))

        async def detail(k: ApplicationContainer) -> object:
            customers = k.components().container("customers").customers()
            return await customers.get(world.vendors["acme"], customer_id)

        for path, work in (
            ("/api/v1/vendors/acme/customers", listing),
            (f"/api/v1/vendors/acme/customers/{customer_id}", detail),
        ):
            _assert_within(_request(c, counter, path), _data(world, work), f"GET {path}")


def test_the_customer_pages_run_their_data_and_one_more(
    app: MercatoApp, counter: Counter, world: World
) -> None:
    with TestClient(app, base_url="http://north.test") as c:
        customer_id = _seed_customers(c, world)
        sign_in(c, world.email("acme-owner"))
        vendor, pid = world.vendors["acme"], world.platforms["north"]

        async def chrome(k: ApplicationContainer) -> None:
            enabled = await k.enablement().enabled_on(pid)
            core = k.components().container("core")
            await core.context().get_context_for_frontend(
                Scope(pid, "north"), FrontendType.VENDOR, enabled
            )

        async def listing(k: ApplicationContainer) -> None:
            await k.components().container("customers").customers().page(vendor, PageRequest())
            await chrome(k)

        async def detail(k: ApplicationContainer) -> None:
            await k.components().container("customers").customers().get(vendor, customer_id)
            await chrome(k)

        for path, work in (
            ("/vendor/acme/customers", listing),
            (f"/vendor/acme/customers/{customer_id}", detail),
        ):
            _assert_within(_request(c, counter, path), _data(world, work), f"GET {path}")


def _product_world(app: MercatoApp, world: World) -> int:
    """A product of acme with three variants; its id."""
    with TestClient(app, base_url="http://north.test") as c:
        body = {
            "title": "Budget Tee",
            "options": ["Size"],
            "variants": [
                {"sku": f"BT-{s}", "price": {"amount": 900, "currency": "EUR"}, "options": [s]}
                for s in "SML"
            ],
        }
        r = c.post(
            "/api/v1/vendors/acme/products",
            json=body,
            headers={"Authorization": f"Bearer {world.tokens['acme']}"},
        )
        assert r.status_code == 201, r.text
        return int(r.json()["id"])


@pytest.mark.parametrize("search", ["", "tee"])
def test_the_product_list_runs_its_data_and_one_more(
    app: MercatoApp, counter: Counter, world: World, search: str
) -> None:
    from mercato.domain.catalog.model import ProductQuery

    _product_world(app, world)

    async def listing(c: ApplicationContainer) -> object:
        catalog = c.components().container("catalog").catalog()
        wanted = PageRequest(1, 25, search, "")
        return await catalog.list(world.vendors["acme"], ProductQuery(search), wanted)

    data = _data(world, listing)
    with TestClient(app, base_url="http://north.test") as c:
        c.headers["Authorization"] = f"Bearer {world.tokens['acme']}"
        seen = _request(c, counter, f"/api/v1/vendors/acme/products?q={search}")
    _assert_within(seen, data, "GET /api/v1/vendors/acme/products")


def test_the_product_detail_runs_its_data_and_one_more(
    app: MercatoApp, counter: Counter, world: World
) -> None:
    product_id = _product_world(app, world)

    async def detail(c: ApplicationContainer) -> object:
        catalog = c.components().container("catalog").catalog()
        return await catalog.get(world.vendors["acme"], product_id)

    data = _data(world, detail)
    with TestClient(app, base_url="http://north.test") as c:
        c.headers["Authorization"] = f"Bearer {world.tokens['acme']}"
        seen = _request(c, counter, f"/api/v1/vendors/acme/products/{product_id}")
    _assert_within(seen, data, f"GET /api/v1/vendors/acme/products/{product_id}")


def _seed_orders(client: TestClient[Any], world: World) -> None:
    """A product of acme with stock, and two orders of it."""
    from tests.support.orders_web import place, product, receive

    client.headers["Authorization"] = f"Bearer {world.tokens['acme']}"
    product(client, "acme", "Budget Mug", ("BM-1", 900), ("BM-2", 950))
    receive(client, "acme", "BM-1", 10)
    for email in ("one@example.com", "two@example.com"):
        assert place(client, "acme", ("BM-1", 1), ("BM-2", 2), email=email).status_code == 201
    _events_delivered(world)


def _events_delivered(world: World) -> None:
    """Wait until the events of the writes are delivered (in tasks of the app's loop), so
    that their statements are not counted as a page's."""
    import sqlite3
    import time

    for _ in range(100):
        with sqlite3.connect(world.url.removeprefix("sqlite:///")) as db:
            (left,) = db.execute(
                "SELECT count(*) FROM event_outbox WHERE dispatched_at IS NULL"
            ).fetchone()
        if left == 0:
            return
        time.sleep(0.05)
    raise AssertionError("the events of the writes were not delivered")


def test_the_order_list_and_detail_run_their_data_and_one_more(
    app: MercatoApp, counter: Counter, world: World
) -> None:
    from mercato.domain.orders.repository import OrderFilter

    vendor, pid = world.vendors["acme"], world.platforms["north"]

    async def listing(k: ApplicationContainer) -> object:
        return (
            await k.components().container("orders").orders().page(vendor, OrderFilter(), None, 25)
        )

    async def detail(k: ApplicationContainer) -> object:
        return await k.components().container("orders").orders().get(vendor, 2)

    async def chrome(k: ApplicationContainer) -> None:
        enabled = await k.enablement().enabled_on(pid)
        core = k.components().container("core")
        await core.context().get_context_for_frontend(
            Scope(pid, "north"), FrontendType.VENDOR, enabled
        )

    async def list_page(k: ApplicationContainer) -> None:
        await listing(k)
        await chrome(k)

    async def detail_page(k: ApplicationContainer) -> None:
        await detail(k)
        await chrome(k)

    with TestClient(app, base_url="http://north.test") as c:
        _seed_orders(c, world)
        for path, work in (
            ("/api/v1/vendors/acme/orders", listing),
            ("/api/v1/vendors/acme/orders?status=open&q=two", listing),
            ("/api/v1/vendors/acme/orders/2", detail),
        ):
            _assert_within(_request(c, counter, path), _data(world, work), f"GET {path}")
        del c.headers["Authorization"]
        sign_in(c, world.email("acme-owner"))
        for path, work in (
            ("/vendor/acme/orders", list_page),
            ("/vendor/acme/orders/2", detail_page),
        ):
            _assert_within(_request(c, counter, path), _data(world, work), f"GET {path}")


def test_the_operators_order_page_runs_its_data_and_one_more(
    app: MercatoApp, counter: Counter, world: World
) -> None:
    vendor, pid = world.vendors["acme"], world.platforms["north"]

    async def page(k: ApplicationContainer) -> None:
        await k.components().container("orders").orders().get_on_platform(pid, vendor, 2)
        enabled = await k.enablement().enabled_on(pid)
        await (
            k.components()
            .container("core")
            .context()
            .get_context_for_frontend(Scope(pid, "north"), FrontendType.ADMIN, enabled)
        )

    with TestClient(app, base_url="http://north.test") as c:
        _seed_orders(c, world)
        del c.headers["Authorization"]
        sign_in(c, world.email("admin"))
        path = "/admin/orders/acme/2"
        _assert_within(_request(c, counter, path), _data(world, page), f"GET {path}")


def test_the_failed_event_deliveries_page_and_json_run_their_page_query_and_one_more(
    app: MercatoApp, counter: Counter, world: World, admin_pages: TestClient[Any]
) -> None:
    seed_failed_deliveries(world.url, world.platforms["south"], 3)

    async def listing(c: ApplicationContainer) -> object:
        return await c.components().container("core").outbox().failed(None, 50)

    data = _data(world, listing)
    assert data == 1
    _assert_within(_request(admin_pages, counter, "/admin/events"), data, "GET /admin/events")
    with TestClient(app, base_url="http://north.test") as api:
        api.headers["Authorization"] = f"Bearer {world.tokens['admin@*']}"
        seen = _request(api, counter, "/api/v1/admin/events/failed")
    _assert_within(seen, data, "GET /api/v1/admin/events/failed")


def test_the_stock_movements_list_runs_its_keyset_page_and_one_more(
    app: MercatoApp, counter: Counter, world: World
) -> None:
    from tests.support.orders_web import product, receive

    vendor, pid = world.vendors["acme"], world.platforms["north"]
    with TestClient(app, base_url="http://north.test") as c:
        c.headers["Authorization"] = f"Bearer {world.tokens['acme']}"
        product(c, "acme", "Budget Cap", ("BC-1", 900), ("BC-2", 950))
        for i in range(6):
            receive(c, "acme", f"BC-{1 + i % 2}", 1 + i)
        first = c.get("/api/v1/vendors/acme/stock/movements", params={"size": 4}).json()
        before = first["next_before"]
        assert before is not None and len(first["items"]) == 4
        _events_delivered(world)

        def listing(cursor: int | None, size: int) -> Callable[[Any], Awaitable[object]]:
            async def work(k: ApplicationContainer) -> object:
                stock = k.components().container("inventory").stock()
                return await stock.movements(vendor, cursor, size)

            return work

        async def chrome(k: ApplicationContainer) -> None:
            enabled = await k.enablement().enabled_on(pid)
            core = k.components().container("core")
            await core.context().get_context_for_frontend(
                Scope(pid, "north"), FrontendType.VENDOR, enabled
            )

        def page(cursor: int | None) -> Callable[[Any], Awaitable[object]]:
            async def work(k: ApplicationContainer) -> None:
                await listing(cursor, 50)(k)
                await chrome(k)

            return work

        api = "/api/v1/vendors/acme/stock/movements"
        for path, work in (
            (f"{api}?size=4", listing(None, 4)),
            (f"{api}?size=4&before={before}", listing(before, 4)),  # a deeper page, same cost
        ):
            _assert_within(_request(c, counter, path), _data(world, work), f"GET {path}")
        del c.headers["Authorization"]
        sign_in(c, world.email("acme-owner"))
        for path, work in (
            ("/vendor/acme/stock/movements", page(None)),
            (f"/vendor/acme/stock/movements?before={before}", page(before)),
        ):
            _assert_within(_request(c, counter, path), _data(world, work), f"GET {path}")


# -- CSV exports: statements grow with the batches, never with the rows --------------------

EXPORT_BATCH = 5
"""The batch size the export tests set, so that a few rows make several batches."""


@dataclass
class Export:
    """One export route: its rows' statements per batch, its data read outside a request,
    and how the test adds its row ``i`` through the API."""

    path: str
    per_batch: int
    work: Callable[[ApplicationContainer], Awaitable[object]]
    add: Callable[[TestClient[Any], int], object]


def _export_statements(
    client: TestClient[Any], counter: Counter, world: World, export: Export, rows: int
) -> int:
    """The export's statements for ``rows`` rows: within its data and one more, and its
    data within a bound that grows by batch (the reads after each full batch, the last
    one possibly empty)."""
    data = _data(world, export.work)
    seen = _request(client, counter, export.path)
    _assert_within(seen, data, f"GET {export.path} ({rows} rows)")
    batches = rows // EXPORT_BATCH + 1
    assert data <= export.per_batch * batches, (export.path, rows, data)
    return len(seen)


def _assert_grows_by_batch(
    client: TestClient[Any], counter: Counter, world: World, export: Export
) -> None:
    """Statements of the export of 3 rows, then of 23: both bounded by batch, and the
    difference is that of the batches (one statement a row would add 20)."""
    client.headers["Authorization"] = f"Bearer {world.tokens['acme']}"
    counts, rows = [], 0
    for size in (3, 23):
        for i in range(rows, size):
            export.add(client, i)
        _events_delivered(world)
        counts.append(_export_statements(client, counter, world, export, size))
        rows = size
    extra_batches = 23 // EXPORT_BATCH - 3 // EXPORT_BATCH
    assert counts[1] - counts[0] <= export.per_batch * extra_batches < 20, counts


def test_the_customers_export_runs_a_statement_pair_per_batch_not_per_row(
    client: TestClient[Any], counter: Counter, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mercato.domain.customers import services
    from mercato.domain.customers.model import CustomerFilter

    monkeypatch.setattr(services, "EXPORT_BATCH", EXPORT_BATCH)
    vendor = world.vendors["acme"]

    async def export(k: ApplicationContainer) -> object:
        customers = k.components().container("customers").customers()
        return [b async for b in customers.export(vendor, CustomerFilter(tag="vip"), "budget")]

    def add(c: TestClient[Any], i: int) -> None:
        body = {"email": f"budget{i}@example.com", "tags": ["vip"]}
        assert c.post("/api/v1/vendors/acme/customers", json=body).status_code == 201

    path = "/api/v1/vendors/acme/customers/export?q=budget&tag=vip"
    _assert_grows_by_batch(client, counter, world, Export(path, 2, export, add))


def test_the_products_export_runs_a_statement_per_batch_not_per_row(
    client: TestClient[Any], counter: Counter, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mercato.domain.catalog import services
    from mercato.domain.catalog.model import ProductQuery
    from tests.support.orders_web import product

    monkeypatch.setattr(services, "EXPORT_CHUNK", EXPORT_BATCH)

    async def export(k: ApplicationContainer) -> object:
        catalog = k.components().container("catalog").catalog()
        return [r async for r in catalog.export(world.vendors["acme"], ProductQuery("tee"))]

    def add(c: TestClient[Any], i: int) -> None:  # a product of one variant a row
        product(c, "acme", f"Budget Tee {i}", (f"BT-{i}", 900))

    path = "/api/v1/vendors/acme/products/export?q=tee"
    _assert_grows_by_batch(client, counter, world, Export(path, 1, export, add))


def test_the_orders_export_runs_a_statement_per_batch_not_per_row(
    client: TestClient[Any], counter: Counter, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mercato.adapters.orders import csv_export
    from mercato.domain.orders.model import OrderStatus
    from mercato.domain.orders.repository import OrderFilter
    from tests.support.orders_web import place, product, receive

    monkeypatch.setattr(csv_export, "EXPORT_BATCH", EXPORT_BATCH)

    async def export(k: ApplicationContainer) -> object:
        orders, wanted = k.components().container("orders").orders(), OrderFilter(OrderStatus.OPEN)
        return [text async for text in csv_export.csv_rows(orders, world.vendors["acme"], wanted)]

    def add(c: TestClient[Any], i: int) -> None:
        assert place(c, "acme", ("BM-1", 1), email=f"b{i}@example.com").status_code == 201

    client.headers["Authorization"] = f"Bearer {world.tokens['acme']}"
    product(client, "acme", "Budget Mug", ("BM-1", 900))
    receive(client, "acme", "BM-1", 50)
    path = "/api/v1/vendors/acme/orders/export?status=open"
    _assert_grows_by_batch(client, counter, world, Export(path, 1, export, add))
