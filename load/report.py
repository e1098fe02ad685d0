"""The human-readable table of one load run."""

from __future__ import annotations

from typing import Any

__all__ = ["render"]


def _x(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}x"


def render(results: dict[str, Any]) -> str:
    """The settings, one line per target, and what the ratios mean."""
    s = results["settings"]
    lines = [
        f"make load, {results['date']}: {s['driver']} with {s['connections']} connections, "
        f"{s['seconds_per_target']:g} s per target after {s['warmup_seconds']:g} s of warm-up, "
        f"{s['uvicorn_workers']} uvicorn workers per server, {results['machine']['cpus']} CPUs",
        "load average (1, 5, 15 min) before: "
        + ", ".join(f"{x:.2f}" for x in results["load_average_before"])
        + "; after: "
        + ", ".join(f"{x:.2f}" for x in results["load_average_after"]),
        "",
        f"{'target':<26}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>7}"
        f"{'req/s vs bare':>15}{'vs health':>11}{'vs replay':>11}{'p50 vs bare':>13}",
    ]
    for row in results["targets"]:
        r = row["vs_bare"]
        lines.append(
            f"{row['name']:<26}{row['rps']:>9,.0f}{row['p50_ms']:>9.2f}{row['p99_ms']:>9.2f}"
            f"{row['errors']:>7}{_x(r['rps'], 3):>15}{_x(row['vs_health']['rps'], 2):>11}"
            f"{_x(row['vs_replay']['rps'], 2):>11}{_x(r['p50']):>13}"
        )
    lines += [
        "",
        "errors: answers of 400 and above, failed connections, reads, writes and timeouts;",
        "every target answered 200 with its expected body just before and after its run.",
        "vs bare: this target's figure over the bare handler's, the mean of its first and last",
        "runs (req/s below 1x is slower, latency above 1x is slower).",
        "vs health / vs replay: req/s over that of Mercato's /health (one SELECT 1) and of the",
        "replay handler (the dashboard providers' captured SQL on one connection, no kernel).",
        "Both servers are uvicorn with access logs at info (what 'mercato serve' runs); the load",
        "generator shares the machine's CPUs with them, so the figures are for comparison only.",
    ]
    if s["uvicorn_workers"] > 1:
        lines += [
            "Both set TCP_NODELAY on accepted connections (adapters.web.server."
            "NoDelayH11Protocol):",
            "with --workers above 1, uvicorn 0.54 leaves it off (Kludex/uvicorn#3149).",
        ]
    return "\n".join(lines)
