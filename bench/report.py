"""The human-readable table of one run's results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["render"]

_TIMING_HEAD = f"    {'':<12}{'target':<34}{'mean ms':>11}{'p50 ms':>11}{'p99 ms':>11}"


def _ms(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if value >= 0.1 else f"{value:.5f}"


def _x(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f}x"


def _codes(codes: list[str]) -> str:
    return ", ".join(codes) or "-"


def _timing(group: str, label: str, s: dict[str, Any]) -> str:
    return (
        f"    {group:<12}{label:<34}{_ms(s['mean_ms']):>11}{_ms(s['p50_ms']):>11}"
        f"{_ms(s['p99_ms']):>11}"
    )


def _ratio(label: str, r: dict[str, float | None]) -> str:
    return f"    {'':<12}{label:<34}{_x(r['mean']):>11}{_x(r['p50']):>11}{_x(r['p99']):>11}"


def _requests(title: str, section: dict[str, Any]) -> list[str]:
    lines = [title, f"    modules enabled on the platform: {_codes(section['modules_enabled'])}"]
    lines.append(_TIMING_HEAD)
    for transport, note in (("testclient", "AsyncTestClient"), ("asgi", "direct ASGI")):
        t = section[transport]
        lines.append(_timing(transport, "GET /api/v1/admin/dashboard", t["dashboard"]))
        lines.append(_timing(f"({note})"[:12], "GET /bare", t["bare"]))
        lines.append(_ratio("ratio dashboard / bare", t["ratio"]))
    asgi = section["asgi"]
    lines.append(
        f"    dashboard slots ok: {_codes(asgi['slots']['ok'])}; unavailable: "
        f"{_codes(asgi['slots']['unavailable'])}; routes mounted: {_codes(asgi['mounted'])}"
    )
    lines.append(f"    SQL statements per dashboard request: {asgi['sql_statements_per_request']:g}")
    return lines


def _aggregation(sqlite: dict[str, Any]) -> list[str]:
    full, core = sqlite["aggregation"], sqlite["aggregation_core_only"]
    lines = ["1(b) DashboardService.dashboard(scope) called directly vs an async constant, SQLite"]
    lines.append(_TIMING_HEAD)
    for label, section in (("all enabled", full), ("core only", core)):
        lines.append(_timing(label, "DashboardService.dashboard", section["dashboard"]))
        lines.append(_timing("", "async def returning a constant", section["constant"]))
        lines.append(_ratio("ratio dashboard / constant", section["ratio"]))
    for label, section in (("all enabled", full), ("core only", core)):
        lines.append(
            f"    {label}: modules {_codes(section['modules_enabled'])}; metric slots "
            f"{_codes(section['metric_slots'])}; widget slots {_codes(section['widget_slots'])}; "
            f"unavailable {_codes(section['unavailable'])}; "
            f"SQL statements per call {section['sql_statements_per_call']:g}"
        )
    return lines


def _startup(startup: dict[str, Any]) -> list[str]:
    runs = next(iter(startup.values()))["runs"]
    lines = [
        f"2. Start-up in a fresh interpreter (median of {runs} runs; new modules = "
        "len(sys.modules) delta)",
        f"    {'variant':<9}{'phase':<44}{'median ms':>11}{'new modules':>13}",
    ]
    phases = (
        ("import", "import bootstrap.app"),
        ("create_and_startup", "create_app() + lifespan startup"),
        ("first_request", "first GET /api/v1/admin/dashboard"),
    )
    for name, v in startup.items():
        for key, label in phases:
            lines.append(
                f"    {name:<9}{label:<44}{v['median_ms'][key]:>11.1f}{v['new_modules'][key]:>13}"
            )
            name = ""
    if {"all", "core"} <= startup.keys():
        a, c = startup["all"], startup["core"]
        for key, label in (*phases[1:2], ("import_create_and_startup", "import + create + startup")):
            r = a["median_ms"][key] / c["median_ms"][key]
            lines.append(f"    {'all/core':<9}{label:<44}{_x(r):>11}")
        for name in ("all", "core"):
            v = startup[name]
            lines.append(
                f"    {name}: modules enabled {_codes(v['modules_enabled'])}; mounted "
                f"{_codes(v['mounted'])}; installed {_codes(v['installed'])}"
            )
            extra = v.get("imported_only_here") or {}
            if extra:
                listed = ", ".join(f"{pkg} ({count})" for pkg, count in extra.items())
                lines.append(f"      imported only in this variant by startup: {listed}")
            if v["failed_to_mount"]:
                lines.append(f"      FAILED TO MOUNT: {v['failed_to_mount']}")
    return lines


def render(results: dict[str, Any], output: Path) -> str:
    """The whole report as text."""
    m, s = results["machine"], results["settings"]
    lines = [
        f"Mercato benchmark, {results['date']}",
        f"Python {m['python']} on {m['platform']}, {m['cpus']} CPUs; "
        f"{s['n']} timed calls per target after {s['warmup']} warm-up calls, targets alternated",
        f"Per-call timer overhead (included in every figure): {_ms(results['timer_overhead_ms'])} ms",
        "",
        *_requests(
            "1(a) GET /api/v1/admin/dashboard vs a bare Litestar handler, SQLite",
            results["sqlite"]["requests"],
        ),
        "",
        *_aggregation(results["sqlite"]),
        "",
        *_startup(results["startup"]),
        "",
    ]
    pg = results["postgresql"]
    if "skipped" in pg:
        lines.append(f"3. PostgreSQL: skipped ({pg['skipped']})")
    else:
        lines.extend(_requests("3. 1(a) again on PostgreSQL", pg["requests"]))
    lines += ["", f"Elapsed {results['elapsed_seconds']:.1f} s. JSON: {output}"]
    return "\n".join(lines)
