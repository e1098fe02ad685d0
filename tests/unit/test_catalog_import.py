"""The bulk upsert's decisions over an in-memory repository: outcomes, policies, batch
duplicates; and the providers' output."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime

import pytest

from mercato.domain.catalog.importing import CatalogImporter
from mercato.domain.catalog.model import Product, ProductDraft, Variant
from mercato.domain.catalog.repository import BatchWrite
from mercato.ports.catalog import ErrorPolicy, ImportedProduct, ImportedVariant, ProductStatus
from mercato.ports.clock import FakeClock
from mercato.ports.money import Money

pytestmark = pytest.mark.unit


class InMemoryProducts:
    """The repository methods the importer uses, over a dict."""

    def __init__(self) -> None:
        self.products: dict[int, Product] = {}
        self.writes = 0

    def _store(self, pid: int, vendor_id: int, d: ProductDraft) -> None:
        variants = tuple(
            Variant(pid * 100 + i, pid, v.sku, v.price, v.option_values, v.compare_at_price)
            for i, v in enumerate(d.variants)
        )
        self.products[pid] = Product(
            pid,
            vendor_id,
            d.handle,
            d.title,
            d.status,
            variants,
            d.description,
            d.product_type,
            d.tags,
            d.options,
            d.images,
        )

    async def by_handles(self, vendor_id: int, handles: Sequence[str]) -> list[Product]:
        return [
            p for p in self.products.values() if p.vendor_id == vendor_id and p.handle in handles
        ]

    async def sku_owners(self, vendor_id: int, skus: Sequence[str]) -> Mapping[str, Product]:
        return {
            v.sku: p
            for p in self.products.values()
            if p.vendor_id == vendor_id
            for v in p.variants
            if v.sku in skus
        }

    async def write_batch(self, vendor_id: int, batch: BatchWrite, now: datetime) -> list[int]:
        self.writes += 1
        ids = []
        for d in batch.creates:
            pid = len(self.products) + 1
            self._store(pid, vendor_id, d)
            ids.append(pid)
        for p, d in batch.updates:
            self._store(p.id, vendor_id, d)
        return ids


def row(handle: str, *skus: str, price: int = 500) -> ImportedProduct:
    variants = tuple(
        ImportedVariant(s, Money(price, "EUR"), (f"V{i}",)) for i, s in enumerate(skus)
    )
    return ImportedProduct(
        handle, handle.title(), variants, ProductStatus.ACTIVE, options=("Size",)
    )


@pytest.fixture
def repo() -> InMemoryProducts:
    return InMemoryProducts()


async def test_outcomes_follow_what_is_stored(repo: InMemoryProducts) -> None:
    importer = CatalogImporter(repo, FakeClock())  # type: ignore[arg-type]
    first = await importer.upsert(1, [row("tee", "T-1"), row("mug", "M-1")])
    assert [(o.outcome, o.product_id) for o in first] == [("created", 1), ("created", 2)]
    again = await importer.upsert(1, [row("tee", "T-1"), row("mug", "M-1", price=600)])
    assert [o.outcome for o in again] == ["unchanged", "updated"]
    assert repo.writes == 2  # nothing to write for an unchanged row


async def test_a_handle_twice_in_the_batch_fails_the_second_row(repo: InMemoryProducts) -> None:
    importer = CatalogImporter(repo, FakeClock())  # type: ignore[arg-type]
    out = await importer.upsert(1, [row("tee", "T-1"), row("TEE", "T-2")])
    assert [o.outcome for o in out] == ["created", "failed"]
    assert out[1].field == "handle" and "row 0" in out[1].reason


async def test_reject_batch_reports_every_row_and_writes_nothing(repo: InMemoryProducts) -> None:
    importer = CatalogImporter(repo, FakeClock())  # type: ignore[arg-type]
    bad = replace(row("bad", "B-1"), options=("A", "B", "C", "D"))
    out = await importer.upsert(1, [row("tee", "T-1"), bad], ErrorPolicy.REJECT_BATCH)
    assert [o.outcome for o in out] == ["created", "failed"] and out[1].field == "options"
    assert repo.products == {} and repo.writes == 0


async def test_another_vendors_sku_is_no_conflict(repo: InMemoryProducts) -> None:
    importer = CatalogImporter(repo, FakeClock())  # type: ignore[arg-type]
    await importer.upsert(1, [row("tee", "T-1")])
    out = await importer.upsert(2, [row("other", "T-1")])
    assert out[0].outcome == "created"
