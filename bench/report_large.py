"""Section 4 of the report: commerce at scale."""

from __future__ import annotations

from typing import Any

__all__ = ["render_large"]

_READS = (
    ("health", "GET /health (one SELECT 1)"),
    ("replay_admin", "replay: admin providers' SQL"),
    ("admin_dashboard", "admin dashboard (platform)"),
    ("replay_vendor", "replay: vendor providers' SQL"),
    ("vendor_dashboard", "vendor dashboard (largest)"),
    ("product_search", "product search (largest)"),
    ("orders_first_page", "order list, first page"),
    ("orders_last_page", "order list, last page"),
)


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _x(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f}x"


def render_large(section: dict[str, Any]) -> list[str]:
    """The lines of section 4."""
    if "skipped" in section:
        return [f"4. Commerce at scale: skipped ({section['skipped']})"]
    gen, reads = section["generation"], section["reads"]
    made = (
        f"reused ({section['marker']})"
        if gen["reused"]
        else f"generated in {gen['seconds']:.0f} s (the generator itself "
        f"{gen['generator_seconds']:.0f} s): "
        + ", ".join(f"{k} {v:,}" for k, v in gen["rows"].items() if not k.startswith("vacuum"))
    )
    largest = section["largest_vendor"]
    lines = [
        f"4. Commerce at scale, PostgreSQL database {section['database']}: {made}",
        f"    largest vendor {largest['slug']} ({largest['orders']:,} orders); "
        f"{section['n']} timed calls per target, alternated, through direct ASGI calls",
        f"    {'target':<34}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'p50/health':>12}{'p50/replay':>12}",
    ]
    for key, label in _READS:
        s = reads[key]
        r = reads["ratios"].get(key, {})
        health = _x(r["health"]["p50"]) if r else ""
        replay = _x(r["replay"]["p50"]) if r and r.get("replay") else ""
        lines.append(
            f"    {label:<34}{_ms(s['p50_ms']):>9}{_ms(s['p95_ms']):>9}{_ms(s['p99_ms']):>9}"
            f"{health:>12}{replay:>12}"
        )
    lines.append(
        f"    paths: search {reads['paths']['product_search']}; last page "
        f"{reads['paths']['orders_last_page']}; provider statements: admin "
        f"{reads['statements']['admin']}, vendor {reads['statements']['vendor']}"
    )
    p = section["placements"]
    lines.append(
        f"    order placement with reservation, {p['clients']} concurrent clients "
        "(POST .../orders, 1-3 lines each):"
    )
    for key, label in (
        ("one_vendor", "all on the largest vendor"),
        ("top_vendors", "each on one of the largest vendors"),
    ):
        r = p[key]
        latency = r["latency"] or {}
        lines.append(
            f"      {label:<36} {r['orders_per_second'] or 0:>7.1f} orders/s; "
            f"{r['placed']} placed, {r['failed']} failed {r['statuses']}; latency p50 "
            f"{_ms(latency.get('p50_ms'))} ms, p95 {_ms(latency.get('p95_ms'))} ms"
        )
    return lines
