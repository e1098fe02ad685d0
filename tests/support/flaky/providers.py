"""Providers that raise, hang and return garbage."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from mercato.ports.metrics import MetricValue
from mercato.ports.scope import Scope
from mercato.ports.widgets import DashboardWidget


class RaisingMetrics:
    async def metrics(self, scope: Scope) -> Sequence[MetricValue]:
        raise RuntimeError("flaky metrics exploded")


class HangingWidgets:
    async def widgets(self, scope: Scope) -> Sequence[DashboardWidget]:
        await asyncio.Event().wait()
        return ()


class GarbageContext:
    async def context(self, scope: Scope) -> object:
        return ["not", "a", "mapping"]
