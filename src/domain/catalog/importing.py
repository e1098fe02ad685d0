"""Bulk upsert for importers (:class:`mercato.ports.catalog.CatalogImport`).

Rows are checked with the catalog's rules, matched to the vendor's products by handle (and
variants by SKU), and compared with what is stored: ``created``, ``updated``, ``unchanged``
or ``failed`` with the reason and the field. Whatever the batch's size, the catalog is read
with two statements and written with a few (``ProductRepository.write_batch``).
"""

from __future__ import annotations

from collections.abc import Sequence

from mercato.domain.catalog.model import Product, ProductDraft, ProductInvalid, VariantDraft
from mercato.domain.catalog.repository import BatchWrite, ProductRepository
from mercato.domain.catalog.rules import check_product
from mercato.ports.catalog import ErrorPolicy, ImportedProduct, UpsertOutcome
from mercato.ports.clock import Clock

__all__ = ["CatalogImporter", "draft_of"]

MAX_BATCH = 5000


def draft_of(row: ImportedProduct) -> ProductDraft:
    """The catalog's draft of an importer's row."""
    return ProductDraft(
        handle=row.handle,
        title=row.title,
        variants=tuple(
            VariantDraft(
                v.sku,
                v.price,
                tuple(v.option_values),
                v.compare_at_price,
                v.barcode,
                v.weight,
                v.weight_unit,
            )
            for v in row.variants
        ),
        status=row.status,
        description=row.description,
        product_type=row.product_type,
        tags=tuple(row.tags),
        options=tuple(row.options),
        images=tuple(row.images),
    )


class _Row:
    """One input row on its way: its checked draft, the stored product, its outcome."""

    def __init__(self, index: int, handle: str) -> None:
        self.index = index
        self.handle = handle
        self.draft: ProductDraft | None = None
        self.existing: Product | None = None
        self.reason = ""
        self.field: str | None = None

    def fail(self, reason: str, field: str | None) -> None:
        if self.draft is not None or not self.reason:
            self.draft, self.reason, self.field = None, reason, field


class CatalogImporter:
    """The catalog's :class:`~mercato.ports.catalog.CatalogImport`."""

    def __init__(self, products: ProductRepository, clock: Clock) -> None:
        self._products = products
        self._clock = clock

    async def upsert(
        self,
        vendor_id: int,
        products: Sequence[ImportedProduct],
        policy: ErrorPolicy = ErrorPolicy.SKIP_FAILED,
    ) -> Sequence[UpsertOutcome]:
        """See :meth:`mercato.ports.catalog.CatalogImport.upsert`."""
        if len(products) > MAX_BATCH:
            raise ValueError(f"at most {MAX_BATCH} products per batch")
        rows = [self._check(i, p) for i, p in enumerate(products)]
        self._refuse_duplicates(rows)
        await self._match(vendor_id, rows)
        outcomes = [self._outcome(r) for r in rows]
        failed = any(o.outcome == "failed" for o in outcomes)
        if failed and policy is ErrorPolicy.REJECT_BATCH:
            return outcomes
        creates = [r for r, o in zip(rows, outcomes, strict=True) if o.outcome == "created"]
        updates = [r for r, o in zip(rows, outcomes, strict=True) if o.outcome == "updated"]
        batch = BatchWrite(
            [r.draft for r in creates if r.draft is not None],
            [(r.existing, r.draft) for r in updates if r.existing and r.draft],
        )
        if not batch.creates and not batch.updates:
            return outcomes
        ids = await self._products.write_batch(vendor_id, batch, self._clock.now())
        created = {r.index: pid for r, pid in zip(creates, ids, strict=True)}
        return [
            UpsertOutcome(o.row, o.handle, o.outcome, created[o.row]) if o.row in created else o
            for o in outcomes
        ]

    def _check(self, index: int, imported: ImportedProduct) -> _Row:
        row = _Row(index, imported.handle)
        try:
            row.draft = check_product(draft_of(imported))
            row.handle = row.draft.handle
        except ProductInvalid as exc:
            row.fail(exc.errors[exc.field or "__all__"], exc.field)
        return row

    @staticmethod
    def _refuse_duplicates(rows: list[_Row]) -> None:
        handles: dict[str, int] = {}
        skus: dict[str, int] = {}
        for row in rows:
            if row.draft is None:
                continue
            if row.draft.handle in handles:
                row.fail(
                    f"handle {row.draft.handle} is also in row {handles[row.draft.handle]}",
                    "handle",
                )
                continue
            handles[row.draft.handle] = row.index
            for i, v in enumerate(row.draft.variants):
                if v.sku in skus:
                    row.fail(f"SKU {v.sku} is also in row {skus[v.sku]}", f"variants[{i}].sku")
            if row.draft is not None:
                skus.update({v.sku: row.index for v in row.draft.variants})

    async def _match(self, vendor_id: int, rows: list[_Row]) -> None:
        valid = [r for r in rows if r.draft is not None]
        if not valid:
            return
        handles = [r.handle for r in valid]
        existing = {p.handle: p for p in await self._products.by_handles(vendor_id, handles)}
        skus = [v.sku for r in valid if r.draft for v in r.draft.variants]
        owners = await self._products.sku_owners(vendor_id, skus)
        for row in valid:
            row.existing = existing.get(row.handle)
            mine = row.existing.id if row.existing else None
            for i, v in enumerate(row.draft.variants if row.draft else ()):
                owner = owners.get(v.sku)
                if owner is not None and owner.id != mine:
                    row.fail(
                        f"SKU {v.sku} belongs to product {owner.handle} ({owner.title})",
                        f"variants[{i}].sku",
                    )
                    break

    @staticmethod
    def _outcome(row: _Row) -> UpsertOutcome:
        if row.draft is None:
            return UpsertOutcome(row.index, row.handle, "failed", None, row.reason, row.field)
        if row.existing is None:
            return UpsertOutcome(row.index, row.handle, "created")
        same = row.existing.draft() == row.draft
        return UpsertOutcome(
            row.index, row.handle, "unchanged" if same else "updated", row.existing.id
        )
