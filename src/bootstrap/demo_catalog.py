"""Demo products: a dozen per demo vendor, and many variants fast for a large demo.

Both write through the catalog's bulk upsert (matched by handle), so running them again
changes nothing. Nothing here imports the catalog until it is called, and both do nothing
when the catalog module is not installed (an optional module may be removed).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mercato.bootstrap.container import ApplicationContainer

__all__ = ["generate_variants", "seed_catalog_demo"]

# Titles of Shopify's public demo stores (apparel, home and garden).
TITLES = (
    ("Ocean Blue Shirt", "Shirts", ("Size",)),
    ("Classic Varsity Top", "Tops", ("Size",)),
    ("Yellow Wool Jumper", "Knitwear", ("Size", "Colour")),
    ("Floral White Top", "Tops", ("Size",)),
    ("Striped Silk Blouse", "Tops", ("Size",)),
    ("Classic Leather Jacket", "Jackets", ("Size", "Colour")),
    ("Clay Plant Pot", "Outdoor", ("Size",)),
    ("Copper Light", "Indoor", ("Finish",)),
    ("Cream Sofa", "Indoor", ("Fabric",)),
    ("Wooden Outdoor Table", "Outdoor", ("Wood",)),
    ("Brown Throw Pillows", "Indoor", ("Size", "Colour")),
    ("Yellow Watering Can", "Outdoor", ("Volume",)),
)
VALUES = {
    "Size": ("S", "M", "L", "XL"),
    "Colour": ("Black", "Sand", "Navy"),
    "Finish": ("Copper", "Brass", "Black"),
    "Fabric": ("Linen", "Velvet"),
    "Wood": ("Oak", "Teak", "Ash"),
    "Volume": ("2 l", "5 l"),
}


def _rows(slug: str, salt: int) -> list[Any]:
    from mercato.ports.catalog import ImportedProduct, ImportedVariant, ProductStatus
    from mercato.ports.money import Money

    rows = []
    for i, (title, kind, options) in enumerate(TITLES):
        combos: list[tuple[str, ...]] = [(v,) for v in VALUES[options[0]]]
        if len(options) > 1:
            combos = [(a, b) for (a,) in combos for b in VALUES[options[1]]]
        count = 2 + (i + salt) % 5  # 2 to 6 variants
        base = 900 + ((i * 7 + salt * 13) % 40) * 250
        prefix = "".join(w[0] for w in title.split()).upper()
        variants = tuple(
            ImportedVariant(f"{slug[:3].upper()}-{prefix}-{j + 1}", Money(base + j * 100, "EUR"), c)
            for j, c in enumerate(combos[:count])
        )
        status = ProductStatus.DRAFT if i % 6 == 5 else ProductStatus.ACTIVE
        handle = title.lower().replace(" ", "-")
        rows.append(
            ImportedProduct(
                handle,
                title,
                variants,
                status,
                description=f"<p>{title}, from the demo catalogue.</p>",
                product_type=kind,
                tags=(kind.lower(), "demo"),
                options=options,
            )
        )
    return rows


async def _upsert(c: ApplicationContainer, vendor_id: int, rows: Sequence[Any]) -> list[Any]:
    from mercato.adapters.db.scope import unit_of_work
    from mercato.ports.catalog import ErrorPolicy

    importer = c.components().container("catalog").importer()
    async with unit_of_work(fresh=True):
        outcomes = list(await importer.upsert(vendor_id, rows, ErrorPolicy.REJECT_BATCH))
        async with c.sessions()() as s:
            await s.commit()
    return outcomes


async def seed_catalog_demo(
    c: ApplicationContainer, vendors: dict[str, int], platform_ids: Sequence[int]
) -> int:
    """Enable the catalog on the demo platforms and give every demo vendor its products;
    how many products were created (0 when run again, or without the catalog module)."""
    if "catalog" not in c.registry():
        return 0
    for platform_id in platform_ids:
        await c.enablement().enable(platform_id, "catalog")
    created = 0
    for n, (slug, vendor_id) in enumerate(sorted(vendors.items())):
        outcomes = await _upsert(c, vendor_id, _rows(slug, n))
        created += sum(1 for o in outcomes if o.outcome == "created")
    return created


async def generate_variants(
    c: ApplicationContainer, vendor_id: int, count: int, per_product: int = 4
) -> int:
    """Write ``count`` generated variants (``per_product`` to a product) for the vendor, in
    batches of about 1,000 variants; how many products were created."""
    from mercato.ports.catalog import ImportedProduct, ImportedVariant, ProductStatus
    from mercato.ports.money import Money

    if "catalog" not in c.registry():
        return 0
    sizes = ("XS", "S", "M", "L", "XL", "XXL")[:per_product]
    products = -(-count // per_product)
    batch = max(1, 1000 // per_product)
    created = 0
    for start in range(0, products, batch):
        rows = []
        for p in range(start, min(products, start + batch)):
            variants = tuple(
                ImportedVariant(f"GEN-{p:07d}-{size}", Money(500 + p % 9000, "EUR"), (size,))
                for size in sizes
            )
            rows.append(
                ImportedProduct(
                    f"generated-{p:07d}",
                    f"Generated product {p}",
                    variants,
                    ProductStatus.ACTIVE,
                    product_type="Generated",
                    tags=(f"batch-{p // batch}",),
                    options=("Size",),
                )
            )
        outcomes = await _upsert(c, vendor_id, rows)
        created += sum(1 for o in outcomes if o.outcome == "created")
    return created
