"""How big the large demo is at a scale, and how it is shared between vendors (skewed)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FULL", "Plan", "plan", "share"]

FULL = {"vendors": 1_000, "products": 60_000, "customers": 100_000, "orders": 1_000_000}
"""The sizes at scale 1 (about 200,000 variants: 3.3 a product on average)."""

LARGEST_SHARE = 0.10
"""The largest vendor's share of products, customers and orders (at least); the rest fall
off as a power law, so a few vendors are large and most are small."""


@dataclass(frozen=True, slots=True)
class Plan:
    """Per-vendor counts (index 0 is the largest vendor) and the days orders span."""

    scale: float
    products: tuple[int, ...]
    customers: tuple[int, ...]
    orders: tuple[int, ...]
    days: int = 365

    @property
    def vendors(self) -> int:
        """How many vendors are generated."""
        return len(self.products)


def _weights(n: int) -> list[float]:
    """The largest vendor takes a tenth, and at least three times the second's share (with
    few vendors, a tenth would not be the largest)."""
    total = sum(1 / (i**0.6) for i in range(1, n)) or 1.0
    rest = [1 / (i**0.6) / total for i in range(1, n)]
    largest = max(LARGEST_SHARE, 3 * rest[0] / (1 + 3 * rest[0]))
    return [largest, *((1 - largest) * w for w in rest)]


def share(total: int, weights: list[float], minimum: int = 1) -> tuple[int, ...]:
    """``total`` split by ``weights`` (largest remainder), each at least ``minimum``."""
    n = len(weights)
    spare = max(0, total - minimum * n)
    exact = [spare * w for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(n), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in by_remainder[: spare - sum(counts)]:
        counts[i] += 1
    return tuple(c + minimum for c in counts)


def plan(scale: float) -> Plan:
    """The counts at ``scale`` (1.0: the full size; 0.001: a few thousand rows in all)."""
    if not 0 < scale <= 1:
        raise ValueError(f"the scale is a fraction in (0, 1], not {scale}")
    vendors = max(4, round(FULL["vendors"] * scale))
    weights = _weights(vendors)

    def sized(key: str, per_vendor: int) -> tuple[int, ...]:
        return share(max(vendors * per_vendor, round(FULL[key] * scale)), weights)

    return Plan(scale, sized("products", 2), sized("customers", 3), sized("orders", 5))
