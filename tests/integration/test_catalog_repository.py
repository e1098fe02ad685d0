"""The catalog's repository and use cases on SQLite and PostgreSQL: writing, reading, search,
status changes, export and dashboard counts, always within one vendor."""

from __future__ import annotations

import pytest

from mercato.domain.catalog.model import HandleAlreadyExists, ProductQuery, SkuAlreadyExists
from mercato.ports.catalog import ProductStatus
from mercato.ports.errors import NotFound
from mercato.ports.pagination import PageRequest
from tests.support.catalog_kit import catalog_on, draft

pytestmark = pytest.mark.integration


async def test_a_product_is_written_and_read_back_with_its_variants(migrated_url: str) -> None:
    async with catalog_on(migrated_url) as cat:
        made = await cat.service.create(cat.acme, draft("Café Crème Tee", "TS-S", "TS-M"))
        assert made.handle == "cafe-creme-tee"
        assert [v.sku for v in made.variants] == ["TS-S", "TS-M"]
        assert [v.option_values for v in made.variants] == [("S",), ("M",)]
        again = await cat.service.get(cat.acme, made.id)
        assert again == made
        with pytest.raises(NotFound):
            await cat.service.get(cat.globex, made.id)


async def test_an_update_keeps_the_variant_ids_of_kept_skus(migrated_url: str) -> None:
    async with catalog_on(migrated_url) as cat:
        made = await cat.service.create(cat.acme, draft("Tee", "TS-S", "TS-M"))
        ids = {v.sku: v.id for v in made.variants}
        changed = await cat.service.update(cat.acme, made.id, draft("Tee 2", "TS-M", "TS-L"))
        assert changed.title == "Tee 2" and changed.handle == "tee-2"
        assert [v.sku for v in changed.variants] == ["TS-M", "TS-L"]
        assert changed.variants[0].id == ids["TS-M"]
        assert changed.variants[1].id not in ids.values()


async def test_a_sku_is_unique_per_vendor_and_the_conflict_names_the_product(
    migrated_url: str,
) -> None:
    async with catalog_on(migrated_url) as cat:
        await cat.service.create(cat.acme, draft("First", "SKU-1"))
        with pytest.raises(SkuAlreadyExists, match="First") as refused:
            await cat.service.create(cat.acme, draft("Second", "SKU-2", "SKU-1"))
        assert refused.value.field == "variants[1].sku"
        await cat.service.create(cat.globex, draft("Elsewhere", "SKU-1"))  # another vendor


async def test_a_handle_is_unique_per_vendor_whatever_its_case(migrated_url: str) -> None:
    async with catalog_on(migrated_url) as cat:
        await cat.service.create(cat.acme, draft("One", "A-1", handle="Summer-Tee"))
        with pytest.raises(HandleAlreadyExists):
            await cat.service.create(cat.acme, draft("Two", "A-2", handle="summer-TEE"))


@pytest.mark.parametrize("needle", ["tee", "TS-M", "summer", "100%", "a_b", "x/y", "k"])
async def test_search_finds_title_skus_and_tags_with_literal_wildcards(
    migrated_url: str, needle: str
) -> None:
    async with catalog_on(migrated_url) as cat:
        s = cat.service
        tee = await s.create(cat.acme, draft("Blue Tee", "TS-M", tags=("Summer",)))
        pct = await s.create(cat.acme, draft("Cotton 100% organic", "C-1"))
        und = await s.create(cat.acme, draft("Kit a_b", "K-1"))
        sla = await s.create(cat.acme, draft("Pack x/y", "P-1"))
        decoys = [
            await s.create(cat.acme, draft("Cotton 1000 organic", "D-1")),
            await s.create(cat.acme, draft("Kit axb", "D-2")),
            await s.create(cat.acme, draft("Pack xy", "D-3")),
        ]
        await s.create(cat.globex, draft("Blue Tee of globex", "TS-M", tags=("summer",)))
        expected = {
            "tee": {tee.id},
            "TS-M": {tee.id},
            "summer": {tee.id},
            "100%": {pct.id},
            "a_b": {und.id},
            "x/y": {sla.id},
        }
        page = await s.list(cat.acme, ProductQuery(search=needle), PageRequest(size=50))
        found = {p.id for p in page.items}
        if needle == "k":  # below three letters: LIKE on SQLite too
            assert found == {und.id, sla.id, decoys[1].id, decoys[2].id}
        else:
            assert found == expected[needle]
        assert all(p.vendor_id == cat.acme for p in page.items)


async def test_filters_sorting_and_the_variants_aggregate(migrated_url: str) -> None:
    async with catalog_on(migrated_url) as cat:
        s = cat.service
        a = await s.create(cat.acme, draft("Alpha", "A-1", "A-2", tags=("red", "sale")))
        b = await s.create(cat.acme, draft("Beta", "B-1", status=ProductStatus.DRAFT))
        page = await s.list(cat.acme, ProductQuery(tag="SALE"), PageRequest())
        assert [p.id for p in page.items] == [a.id]
        assert page.items[0].variant_count == 2 and page.items[0].min_price.amount == 1990
        page = await s.list(cat.acme, ProductQuery(tag="sal"), PageRequest())
        assert page.items == []
        page = await s.list(cat.acme, ProductQuery(status=ProductStatus.DRAFT), PageRequest())
        assert [p.id for p in page.items] == [b.id]
        page = await s.list(cat.acme, ProductQuery(), PageRequest(sort="-title"))
        assert [p.title for p in page.items] == ["Beta", "Alpha"]


async def test_bulk_status_change_touches_only_the_vendors_products(migrated_url: str) -> None:
    async with catalog_on(migrated_url) as cat:
        s = cat.service
        mine = await s.create(cat.acme, draft("Mine", "M-1"))
        theirs = await s.create(cat.globex, draft("Theirs", "T-1"))
        changed = await s.change_status(cat.acme, [mine.id, theirs.id], ProductStatus.ARCHIVED)
        assert changed == 1
        assert (await s.get(cat.globex, theirs.id)).status is ProductStatus.ACTIVE
        assert (await s.get(cat.acme, mine.id)).status is ProductStatus.ARCHIVED


async def test_export_walks_every_variant_in_chunks(migrated_url: str) -> None:
    async with catalog_on(migrated_url) as cat:
        s = cat.service
        for i in range(5):
            await s.create(cat.acme, draft(f"P{i}", f"P{i}-S", f"P{i}-M"))
        await s.create(cat.globex, draft("Other", "O-1"))
        rows = [r async for r in s.export(cat.acme, chunk=3)]
        assert len(rows) == 10 and len({r.variant_id for r in rows}) == 10
        assert "O-1" not in {r.sku for r in rows}


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        (ProductQuery(search="tee"), {"Blue Tee", "Red Tee"}),
        (ProductQuery(search="tee", status=ProductStatus.DRAFT), {"Red Tee"}),
        (ProductQuery(tag="SALE"), {"Blue Tee", "Green Mug"}),
        (ProductQuery(search="mu"), {"Green Mug"}),  # below three letters on SQLite too
    ],
)
async def test_export_walks_the_variants_of_the_products_the_list_shows(
    migrated_url: str, query: ProductQuery, titles: set[str]
) -> None:
    async with catalog_on(migrated_url) as cat:
        s = cat.service
        await s.create(cat.acme, draft("Blue Tee", "BT-S", "BT-M", tags=("sale",)))
        await s.create(cat.acme, draft("Red Tee", "RT-S", "RT-M", status=ProductStatus.DRAFT))
        await s.create(cat.acme, draft("Green Mug", "GM-1", tags=("sale",)))
        await s.create(cat.globex, draft("Blue Tee", "O-1", tags=("sale",)))
        listed = await s.list(cat.acme, query, PageRequest(size=50))
        rows = [r async for r in s.export(cat.acme, query, chunk=1)]
        assert {r.title for r in rows} == {p.title for p in listed.items} == titles
        assert len(rows) == sum(p.variant_count for p in listed.items)
        assert "O-1" not in {r.sku for r in rows}


async def test_delete_removes_the_product_and_its_variants(migrated_url: str) -> None:
    async with catalog_on(migrated_url) as cat:
        made = await cat.service.create(cat.acme, draft("Gone", "G-1"))
        with pytest.raises(NotFound):
            await cat.service.delete(cat.globex, made.id)
        await cat.service.delete(cat.acme, made.id)
        assert await cat.reader.variants_by_sku(cat.acme, ["G-1"]) == {}
        await cat.service.create(cat.acme, draft("Again", "G-1"))  # the SKU is free again


async def test_counts_and_recent_products_per_vendor_and_platform(migrated_url: str) -> None:
    async with catalog_on(migrated_url) as cat:
        await cat.service.create(cat.acme, draft("A", "A-1", "A-2"))
        await cat.service.create(cat.globex, draft("G", "G-1", status=ProductStatus.DRAFT))
        by_status, variants = await cat.repository.counts(cat.platform_id, cat.acme)
        assert by_status == {ProductStatus.ACTIVE: 1} and variants == 2
        by_status, variants = await cat.repository.counts(cat.platform_id, None)
        assert by_status == {ProductStatus.ACTIVE: 1, ProductStatus.DRAFT: 1} and variants == 3
        recent = await cat.repository.recently_updated(cat.platform_id, None, 5)
        assert [p.title for p in recent] == ["G", "A"]
        assert recent[0].vendor_slug == "globex"
