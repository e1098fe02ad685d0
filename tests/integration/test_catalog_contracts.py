"""The catalog's published contracts on SQLite and PostgreSQL: ``CatalogReader`` and the
bulk upsert of ``CatalogImport`` (outcomes, both error policies)."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from mercato.adapters.db.scope import unit_of_work
from mercato.domain.catalog.model import ProductQuery
from mercato.ports.catalog import CatalogImport, CatalogReader, ErrorPolicy, ProductStatus
from mercato.ports.contracts import contract_key
from mercato.ports.money import Money
from mercato.ports.pagination import PageRequest
from tests.support.catalog_kit import catalog_on, draft, imported

pytestmark = pytest.mark.integration


def test_the_definition_publishes_both_contracts() -> None:
    from mercato.domain.catalog.definition import MODULE

    assert dict(MODULE.contracts) == {
        contract_key(CatalogReader): "reader",
        contract_key(CatalogImport): "importer",
    }


async def test_the_reader_finds_variants_by_sku_id_and_products_by_handle(
    migrated_url: str,
) -> None:
    async with catalog_on(migrated_url) as cat:
        made = await cat.service.create(cat.acme, draft("Tee", "TS-S", "TS-M"))
        await cat.service.create(cat.globex, draft("Globex Tee", "TS-L"))
        reader = cat.reader
        assert isinstance(reader, CatalogReader)
        found = await reader.variants_by_sku(cat.acme, ["TS-M", "TS-L", "NOPE"])
        assert set(found) == {"TS-M"}
        ref = found["TS-M"]
        assert (ref.title, ref.price, ref.status) == (
            "Tee / M",
            Money(1991, "EUR"),
            ProductStatus.ACTIVE,
        )
        assert ref.option_values == ("M",) and ref.product_id == made.id
        assert set(await reader.variants_by_id(cat.acme, [ref.id, 99999])) == {ref.id}
        assert await reader.variants_by_id(cat.globex, [ref.id]) == {}
        product = await reader.product_by_handle(cat.acme, "TEE")
        assert product is not None and [v.sku for v in product.variants] == ["TS-S", "TS-M"]
        assert await reader.product(cat.globex, made.id) is None


async def test_variants_by_sku_is_one_statement(migrated_url: str) -> None:
    async with catalog_on(migrated_url) as cat:
        for i in range(5):
            await cat.service.create(cat.acme, draft(f"P{i}", f"P{i}-S", f"P{i}-M"))
        seen: list[str] = []
        engine = cat.container.engine().sync_engine
        event.listen(engine, "before_cursor_execute", lambda *a: seen.append(str(a[2])))
        async with unit_of_work(fresh=True):
            await cat.reader.variants_by_sku(cat.acme, [f"P{i}-M" for i in range(5)])
            seen.clear()
            found = await cat.reader.variants_by_sku(cat.acme, [f"P{i}-S" for i in range(5)])
        assert len(found) == 5 and len(seen) == 1


async def test_upsert_reports_created_updated_unchanged_and_failed(migrated_url: str) -> None:
    async with catalog_on(migrated_url) as cat:
        await cat.service.create(cat.acme, draft("Taken", "TAKEN-1", handle="taken"))
        first = [imported("tee", "T-1", "T-2"), imported("mug", "M-1")]
        outcomes = await cat.upsert(cat.acme, first)
        assert [o.outcome for o in outcomes] == ["created", "created"]
        assert all(o.product_id for o in outcomes)
        second = [
            imported("tee", "T-1", "T-2"),  # the same
            imported("mug", "M-1", price=1200),  # a new price
            imported("cap", "TAKEN-1"),  # another product's SKU
            imported("bag", "B-1", "B-1"),  # twice in the row
            imported("hat", "T-2"),  # a SKU of another row
            imported("new", "N-1"),
        ]
        outcomes = await cat.upsert(cat.acme, second, ErrorPolicy.SKIP_FAILED)
        assert [o.outcome for o in outcomes] == [
            "unchanged",
            "updated",
            "failed",
            "failed",
            "failed",
            "created",
        ]
        assert "Taken" in outcomes[2].reason and outcomes[2].field == "variants[0].sku"
        assert outcomes[3].field == "variants[1].sku"
        mug = await cat.reader.variants_by_sku(cat.acme, ["M-1", "N-1", "B-1"])
        assert mug["M-1"].price == Money(1200, "EUR") and set(mug) == {"M-1", "N-1"}


async def test_reject_batch_writes_nothing_when_a_row_fails(migrated_url: str) -> None:
    async with catalog_on(migrated_url) as cat:
        rows = [imported("tee", "T-1"), imported("bad", "B-1", price=-5)]
        outcomes = await cat.upsert(cat.acme, rows, ErrorPolicy.REJECT_BATCH)
        assert [o.outcome for o in outcomes] == ["created", "failed"]
        assert outcomes[1].field == "variants[0].price"
        assert await cat.reader.variants_by_sku(cat.acme, ["T-1"]) == {}
        outcomes = await cat.upsert(cat.acme, rows[:1], ErrorPolicy.REJECT_BATCH)
        assert [o.outcome for o in outcomes] == ["created"]


async def test_a_thousand_rows_take_a_few_statements(migrated_url: str) -> None:
    async with catalog_on(migrated_url) as cat:
        rows = [imported(f"p-{i}", f"P-{i}-A", f"P-{i}-B") for i in range(1000)]
        seen: list[str] = []
        engine = cat.container.engine().sync_engine
        event.listen(engine, "before_cursor_execute", lambda *a: seen.append(str(a[2])))
        outcomes = await cat.upsert(cat.acme, rows)
        assert {o.outcome for o in outcomes} == {"created"}
        assert len(seen) <= 20, len(seen)
        again = await cat.upsert(cat.acme, rows)
        assert {o.outcome for o in again} == {"unchanged"}


async def test_the_demo_catalog_is_seeded_once_and_variants_are_generated(
    migrated_url: str,
) -> None:
    from mercato.bootstrap.demo_catalog import generate_variants, seed_catalog_demo

    async with catalog_on(migrated_url) as cat:
        vendors = {"acme": cat.acme, "globex": cat.globex}
        assert await seed_catalog_demo(cat.container, vendors, [cat.platform_id]) == 24
        assert await seed_catalog_demo(cat.container, vendors, [cat.platform_id]) == 0
        page = await cat.service.list(cat.acme, ProductQuery(), PageRequest(size=50))
        assert page.total == 12
        assert all(2 <= p.variant_count <= 6 for p in page.items)
        _, before = await cat.repository.counts(cat.platform_id, cat.globex)
        assert await generate_variants(cat.container, cat.globex, 2000) == 500
        _, after = await cat.repository.counts(cat.platform_id, cat.globex)
        assert after - before == 2000
