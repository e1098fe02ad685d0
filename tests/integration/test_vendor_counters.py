"""The per-vendor counters of catalog, inventory and customers equal a recount of their base
tables after a series of changes, on SQLite and PostgreSQL, and the dashboards read them.

The counters are kept by triggers in the writing transaction (deferred to the commit on
PostgreSQL), whatever the path: a use case, a bulk status change, an importer's upsert, a
reservation, a cascade from a deleted vendor.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from mercato.adapters.db.engine import async_url
from mercato.adapters.db.migrations import upgrade
from mercato.adapters.db.scope import unit_of_work
from mercato.domain.customers.model import CustomerDraft
from mercato.domain.inventory.model import MovementKind
from mercato.ports.catalog import ProductStatus
from mercato.ports.inventory import StockLine
from mercato.ports.scope import Scope
from tests.conftest import builtin_folders, run
from tests.support.catalog_kit import catalog_on, draft, imported
from tests.support.counters import counter_mismatches, session_fetch
from tests.support.inventory_kit import committed, kit
from tests.support.services import fresh_postgres_database, require_service

pytestmark = pytest.mark.integration


def _postgresql(url: str) -> bool:
    return url.startswith("postgresql")


async def _metrics(container: object, module: str, scope: Scope) -> dict[str, int]:
    provider = container.components().container(module).metrics_provider()  # type: ignore[attr-defined]
    return {m.key: m.value for m in await provider.metrics(scope)}


async def test_catalog_counters_follow_every_write(migrated_url: str) -> None:
    async with catalog_on(migrated_url) as cat:
        fetch, pg = session_fetch(cat.container), _postgresql(migrated_url)
        s = cat.service
        tee = await s.create(cat.acme, draft("Tee", "T-S", "T-M", "T-L"))
        mug = await s.create(cat.acme, draft("Mug", "M-1", status=ProductStatus.DRAFT))
        cap = await s.create(cat.acme, draft("Cap", "C-1", "C-2"))
        await s.create(cat.globex, draft("Elsewhere", "E-1"))
        await s.update(cat.acme, tee.id, draft("Tee", "T-M", "T-XL", "T-L", "T-S"))
        await s.update(cat.acme, cap.id, draft("Cap", "C-1", status=ProductStatus.ARCHIVED))
        assert await s.change_status(cat.acme, [tee.id, mug.id], ProductStatus.ARCHIVED) == 2
        assert await s.change_status(cat.acme, [tee.id], ProductStatus.ACTIVE) == 1
        await s.delete(cat.acme, mug.id)
        await cat.upsert(cat.acme, [imported("imp-a", "I-1", "I-2"), imported("cap", "C-9")])
        await cat.upsert(cat.acme, [imported("imp-a", "I-1")])
        assert await counter_mismatches(fetch, pg) == {}

        admin = await _metrics(cat.container, "catalog", Scope(cat.platform_id, "north"))
        products = await fetch("SELECT status, count(*) FROM catalog_products GROUP BY 1")
        for status, n in products:
            assert admin[f"catalog.products.{status}"] == n
        (variants,) = (await fetch("SELECT count(*) FROM catalog_variants"))[0]
        assert admin["catalog.variants"] == variants

        async with cat.container.engine().begin() as connection:
            await connection.execute(text(f"DELETE FROM vendors WHERE id = {cat.globex}"))
        assert await counter_mismatches(fetch, pg) == {}
        stored = await fetch(f"SELECT * FROM catalog_vendor_stats WHERE vendor_id = {cat.globex}")
        assert stored == []


def test_inventory_counters_follow_movements_reservations_and_thresholds(
    migrated_url: str,
) -> None:
    async def go() -> None:
        async with kit(migrated_url) as k:
            fetch, pg = session_fetch(k.container), _postgresql(migrated_url)
            v, p = k.vendor_id, k.platform_id
            for sku, units in (("TEE-M", 10), ("TEE-L", 3), ("MUG", 7)):
                await k.stock.record(p, v, sku, MovementKind.RECEIPT, units, "main", "test")
            await k.stock.record(p, v, "MUG", MovementKind.RECEIPT, 2, "back", "test")
            await k.stock.record(
                p, k.other_vendor_id, "GLOBEX-1", MovementKind.RECEIPT, 4, "main", "test"
            )
            await k.stock.configure(p, v, "TEE-M", 8, False)
            await k.stock.configure(p, v, "MUG", 100, False)
            assert await counter_mismatches(fetch, pg) == {}
            lines = [StockLine(11, 3), StockLine(12, 1)]
            await committed(k, lambda: k.reservations.reserve(v, "order:1", lines))
            assert await counter_mismatches(fetch, pg) == {}
            await committed(k, lambda: k.reservations.commit(v, "order:1"))
            await committed(k, lambda: k.reservations.reserve(v, "order:2", [StockLine(13, 2)]))
            await committed(k, lambda: k.reservations.release(v, "order:2"))
            await k.stock.record(p, v, "TEE-L", MovementKind.ADJUSTMENT, -1, "main", "test")
            await k.stock.configure(p, v, "MUG", None, False)
            await k.stock.configure(p, v, "TEE-L", 5, True)
            assert await counter_mismatches(fetch, pg) == {}

            metrics = await _metrics(k.container, "inventory", Scope(p, "north", v))
            ((units, below),) = await fetch(
                "SELECT sum(on_hand), sum(CASE WHEN on_hand - reserved < low_stock_threshold "
                f"THEN 1 ELSE 0 END) FROM inventory_levels WHERE vendor_id = {v}"
            )
            assert (metrics["inventory.units_on_hand"], metrics["inventory.below_threshold"]) == (
                units,
                below,
            )
            assert below == 2  # TEE-M (7 < 8), TEE-L (1 < 5)

    run(go())


async def test_customers_counters_follow_creations_and_deletions(migrated_url: str) -> None:
    async with catalog_on(migrated_url) as cat:
        fetch, pg = session_fetch(cat.container), _postgresql(migrated_url)
        repo = cat.container.components().container("customers").customer_repository()
        clock = cat.container.clock()
        now = clock.now()
        made = []
        for n, days_ago in enumerate((0, 1, 1, 29, 31, 90)):
            at = now - timedelta(days=days_ago)
            made.append(await repo.add(cat.acme, _customer(f"c{n}@example.com"), at))
        await repo.add(cat.globex, _customer("g@example.com"), now)
        await repo.find_or_add(cat.acme, "c0@example.com", "again", now)  # already there
        await repo.find_or_add(cat.acme, "new@example.com", "New", now)
        assert await repo.remove(cat.acme, made[1].id)
        assert await repo.remove(cat.acme, made[4].id)
        assert await counter_mismatches(fetch, pg) == {}

        vendor = await _metrics(cat.container, "customers", Scope(cat.platform_id, "n", cat.acme))
        assert (vendor["customers.total"], vendor["customers.new_30d"]) == (5, 4)
        admin = await _metrics(cat.container, "customers", Scope(cat.platform_id, "north"))
        assert (admin["customers.total"], admin["customers.new_30d"]) == (6, 5)


def _customer(email: str) -> CustomerDraft:
    return CustomerDraft(email, "", "", (), False, None, "", ())


RACERS = 16


@pytest.mark.postgres
def test_concurrent_movements_of_one_vendor_keep_its_counters(postgres_url: str) -> None:
    """16 units of work at once on the same vendor's levels, in opposite orders: reservations,
    receipts and adjustments. The counter row is written at commit (deferred trigger), after
    the level locks: none deadlocks, none is lost, the counters equal a recount."""

    async def go() -> None:
        engine = create_async_engine(async_url(postgres_url), pool_size=RACERS + 2)
        async with kit(postgres_url, engine) as k:
            v, p = k.vendor_id, k.platform_id
            for sku in ("TEE-M", "TEE-L", "MUG"):
                await k.stock.record(p, v, sku, MovementKind.RECEIPT, 40, "main", "test")
                await k.stock.configure(p, v, sku, 30, False)

            async def one(n: int) -> None:
                lines = [StockLine(11, 1), StockLine(12, 2), StockLine(13, 1)]
                if n % 2:
                    lines.reverse()
                if n % 4 == 3:
                    sku = ("TEE-M", "TEE-L", "MUG")[n % 3]
                    async with unit_of_work(fresh=True):
                        await k.stock.record(p, v, sku, MovementKind.RECEIPT, n, "main", "t")
                        await k.repository().commit()
                else:
                    await committed(k, lambda: k.reservations.reserve(v, f"order:{n}", lines))

            await asyncio.gather(*(one(n) for n in range(RACERS)))
            fetch = session_fetch(k.container)
            assert await counter_mismatches(fetch, True) == {}
            ((below,),) = await fetch("SELECT below_threshold FROM inventory_vendor_stats")
            assert below == 1  # TEE-L: 40 + 7 - 12 x 2 = 23 < 30; TEE-M 46, MUG 39
        await engine.dispose()

    run(go())


@pytest.fixture
def postgres_url() -> Iterator[str]:
    with fresh_postgres_database(require_service("MERCATO_TEST_DATABASE_URL", "PostgreSQL")) as url:
        upgrade(url, builtin_folders())
        yield url
