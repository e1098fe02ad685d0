"""The human-readable table of one run's results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.report_large import render_large

__all__ = ["render"]

_TIMING_HEAD = f"    {'':<14}{'target':<34}{'mean ms':>11}{'p50 ms':>11}{'p99 ms':>11}"
_TRANSPORTS = {
    "testclient": "litestar.testing.AsyncTestClient (httpx; the app runs on a portal thread)",
    "asgi": "direct ASGI calls on the benchmark's own event loop (no HTTP client)",
}


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
        f"    {group:<14}{label:<34}{_ms(s['mean_ms']):>11}{_ms(s['p50_ms']):>11}"
        f"{_ms(s['p99_ms']):>11}"
    )


def _ratio(label: str, r: dict[str, float | None]) -> str:
    return f"    {'':<14}{label:<34}{_x(r['mean']):>11}{_x(r['p50']):>11}{_x(r['p99']):>11}"


def _requests(title: str, section: dict[str, Any]) -> list[str]:
    lines = [
        title,
        f"    modules enabled on the platform: {_codes(section['modules_enabled'])}; "
        f"installed: {_codes(section['modules_installed'])}",
    ]
    lines.append(_TIMING_HEAD)
    for transport in _TRANSPORTS:
        t = section[transport]
        lines.append(_timing(transport, "GET /api/v1/admin/dashboard", t["dashboard"]))
        lines.append(_timing("", "GET /bare", t["bare"]))
        lines.append(_ratio("ratio dashboard / bare", t["ratio"]))
        if "health" in t:
            lines.append(_timing("", "GET /health (one SELECT 1)", t["health"]))
            lines.append(_timing("", "GET /replay (providers' SQL)", t["replay"]))
            lines.append(_ratio("ratio dashboard / health", t["ratio_health"]))
            lines.append(_ratio("ratio dashboard / replay", t["ratio_replay"]))
    lines.extend(f"    {name}: {what}" for name, what in _TRANSPORTS.items())
    lines.append(
        "    every request carries Authorization: Bearer <a super admin's token for the "
        "platform>; the bare app ignores it"
    )
    asgi = section["asgi"]
    lines.append(
        f"    dashboard slots ok: {_codes(asgi['slots']['ok'])}; unavailable: "
        f"{_codes(asgi['slots']['unavailable'])}; routes mounted: {_codes(asgi['mounted'])}"
    )
    lines.append(
        f"    SQL statements per dashboard request: {asgi['sql_statements_per_request']:g} "
        f"(the providers' own: {asgi['sql_statements_of_providers']})"
    )
    lines.append(
        "    /replay: a bare Litestar handler running the providers' captured SQL on one "
        "connection (no kernel, guards or tenancy)"
    )
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
            f"    {label}: modules {_codes(section['modules_enabled'])} "
            f"(installed {_codes(section['modules_installed'])}); metric slots "
            f"{_codes(section['metric_slots'])}; widget slots {_codes(section['widget_slots'])}; "
            f"unavailable {_codes(section['unavailable'])}; "
            f"SQL statements per call {section['sql_statements_per_call']:g}"
        )
    return lines


_PHASES = (
    ("import", "import mercato.bootstrap.app"),
    ("create_and_startup", "create_app() + lifespan startup"),
    ("first_request", "first GET /api/v1/admin/dashboard"),
)


def _startup(startup: dict[str, Any]) -> list[str]:
    runs = next(iter(startup.values()))["runs"]
    lines = [
        f"2. Start-up, each run in a fresh interpreter (median of {runs} runs after one "
        "discarded run; new modules = len(sys.modules) delta)",
        f"    {'variant':<9}{'phase':<44}{'median ms':>11}{'new modules':>13}",
    ]
    for name, v in startup.items():
        for i, (key, label) in enumerate(_PHASES):
            shown = "" if i else name
            lines.append(
                f"    {shown:<9}{label:<44}{v['median_ms'][key]:>11.1f}{v['new_modules'][key]:>13}"
            )
    if {"all", "core"} <= startup.keys():
        lines.extend(_startup_comparison(startup["all"], startup["core"]))
    lines.append(
        "    lifespan startup = app.lifespan() entered: on_startup mounts the enabled modules' "
        "routes (one DB query) and starts the in-process scheduler loop"
    )
    return lines


def _startup_comparison(full: dict[str, Any], core: dict[str, Any]) -> list[str]:
    lines = []
    for key, label in (
        ("create_and_startup", "create_app() + lifespan startup"),
        ("import_create_and_startup", "import + create_app() + startup"),
        ("first_request", "first GET /api/v1/admin/dashboard"),
    ):
        r = full["median_ms"][key] / core["median_ms"][key]
        lines.append(f"    {'all/core':<9}{label:<44}{_x(r):>11}")
    for name, v in (("all", full), ("core", core)):
        lines.append(
            f"    {name}: modules enabled {_codes(v['modules_enabled'])}; routes mounted "
            f"{_codes(v['mounted'])}; installed {_codes(v['installed'])}"
        )
        extra = v.get("imported_only_here") or {}
        if extra:
            listed = ", ".join(f"{pkg} ({count})" for pkg, count in extra.items())
            lines.append(f"      modules imported by startup only in this variant: {listed}")
        if v["failed_to_mount"]:
            lines.append(f"      FAILED TO MOUNT: {v['failed_to_mount']}")
    if full["mounted"] == core["mounted"]:
        lines.append(
            "    note: no optional module is installed, so both variants load the same modules "
            "and their ratio shows only noise"
        )
    return lines


def _strategy(connections: int) -> str:
    if connections <= 1:
        return "one after the other on the request's connection (provider_connections=1)"
    return f"up to {connections} at once, each on a pooled connection of its own"


def render(results: dict[str, Any], output: Path) -> str:
    """The whole report as text."""
    m, s = results["machine"], results["settings"]
    lines = [
        f"Mercato benchmark, {results['date']}",
        f"Python {m['python']} on {m['platform']}, {m['cpus']} CPUs; "
        f"{s['n']} timed calls per target after {s['warmup']} warm-up calls, targets alternated",
        f"Timer overhead per timed call (included in every figure): "
        f"{_ms(results['timer_overhead_ms'])} ms",
        f"Example module in the all variants: {results['example_module']['note']}",
        f"Providers: {_strategy(s.get('provider_connections', 1))}",
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
        title = f"3. GET /api/v1/admin/dashboard vs a bare handler, PostgreSQL ({pg['server']})"
        lines.extend(_requests(title, pg["requests"]))
    if "large" in results:
        lines += ["", *render_large(results["large"])]
    lines += ["", f"Elapsed {results['elapsed_seconds']:.1f} s. JSON: {output}"]
    return "\n".join(lines)
