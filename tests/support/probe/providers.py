"""The probe module's code: providers, a task and a route (imported only when enabled)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from pathlib import Path

from litestar import get

from adapters.web.guards import requires
from adapters.web.module import ModuleWeb
from ports.metrics import MetricValue
from ports.scope import Scope
from ports.tasks import TaskContext
from ports.widgets import (
    BreakdownSegment,
    BreakdownWidget,
    DashboardWidget,
    ListWidget,
    ListWidgetItem,
    TimeSeriesPoint,
    TimeSeriesWidget,
)


class ProbeMetrics:
    async def metrics(self, scope: Scope) -> Sequence[MetricValue]:
        return (MetricValue("probe.platform_id", "Probe platform", scope.platform_id),)


class ProbeWidgets:
    async def widgets(self, scope: Scope) -> Sequence[DashboardWidget]:
        return (
            ListWidget("probe_list", "Probe list", (ListWidgetItem("first", "one", "/x", "new"),)),
            BreakdownWidget(
                "probe_breakdown",
                "Probe breakdown",
                (BreakdownSegment("a", 3), BreakdownSegment("b", 1)),
            ),
            TimeSeriesWidget(
                "probe_series",
                "Probe series",
                (TimeSeriesPoint("2026-01-01", 1), TimeSeriesPoint("2026-01-02", 4)),
            ),
        )


class ProbeContext:
    async def context(self, scope: Scope) -> Mapping[str, object]:
        return {"probe_greeting": f"hello {scope.platform_code}"}


async def touch(ctx: TaskContext, path: str = "") -> str:
    """Append the job id to ``path`` (an observable, countable effect)."""
    if path:
        await asyncio.to_thread(_append, Path(path), ctx.job_id)
    return ctx.job_id


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(line + "\n")


@get("/api/v1/probe/ping", opt=requires("probe.view"), tags=["probe"], summary="Probe ping")
async def ping() -> dict[str, str]:
    """Answers when the probe module is enabled on the current platform."""
    return {"probe": "pong"}


WEB = ModuleWeb(handlers=[ping])


async def nap(ctx: TaskContext, seconds: float = 0.0) -> float:
    """Sleep, to exceed a time limit."""
    await asyncio.sleep(seconds)
    return seconds
