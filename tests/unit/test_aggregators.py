"""Metrics and widget aggregation: every enabled module gets a slot, failures stay in theirs."""

from __future__ import annotations

import logging

import pytest

from mercato.domain.core.aggregators import DashboardService, StatsAggregator, WidgetAggregator
from mercato.domain.core.isolation import FailureLog
from mercato.domain.kernel.components import ModuleComponents
from mercato.domain.kernel.enablement import EnablementService
from mercato.domain.kernel.registry import ModuleRegistry
from mercato.ports.metrics import MetricValue
from mercato.ports.scope import Scope
from mercato.ports.widgets import BreakdownWidget, ListWidget, TimeSeriesWidget
from tests.support.fakes import FakeComponents
from tests.support.modules import (
    Hanging,
    HangingMetrics,
    Raising,
    RaisingMetrics,
    Returning,
    StaticMetrics,
    kernel,
    module,
)

pytestmark = pytest.mark.unit

SCOPE = Scope(platform_id=1, platform_code="main")
SHORT = 0.05  # seconds a provider may take here: configuration, not an assertion


def _kernel(*codes: str, enabled: set[str] | None = None):  # type: ignore[no-untyped-def]
    definitions = [module("core", core=True)]
    definitions += [module(c, metrics=True, widgets=True) for c in codes]
    registry, enablement, store = kernel(*definitions, enabled={1: enabled or set(codes)})
    return registry, enablement, store


def _stats(
    registry: ModuleRegistry,
    enablement: EnablementService,
    components: ModuleComponents,
    failures: FailureLog | None = None,
) -> StatsAggregator:
    return StatsAggregator(registry, enablement, components, timeout=SHORT, failures=failures)


def _by_module(slots):  # type: ignore[no-untyped-def]
    return {s.module: s for s in slots}


async def test_a_raising_and_a_hanging_provider_do_not_hide_the_good_one() -> None:
    registry, enablement, _ = _kernel("broken", "fine", "stuck")
    components = FakeComponents(
        metrics={
            "broken": RaisingMetrics(),
            "fine": StaticMetrics("fine.orders", 7),
            "stuck": HangingMetrics(),
        }
    )

    slots = await _stats(registry, enablement, components).collect(SCOPE)

    assert [s.module for s in slots] == ["broken", "fine", "stuck"]
    by_module = _by_module(slots)
    assert by_module["fine"].ok
    assert by_module["fine"].items == (MetricValue("fine.orders", "fine.orders", 7),)
    assert by_module["broken"].status == "unavailable"
    assert by_module["broken"].error == "RuntimeError"
    assert by_module["broken"].items == ()
    assert by_module["stuck"].status == "unavailable"
    assert by_module["stuck"].error == "timed out after 0.05s"


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param("not a sequence", id="string"),
        pytest.param({"orders": 3}, id="mapping"),
        pytest.param(None, id="none"),
        pytest.param([1, 2], id="numbers"),
        pytest.param([MetricValue("ok", "ok", 1), "oops"], id="one-bad-item"),
        pytest.param((ListWidget("w", "W"),), id="widgets-instead-of-metrics"),
    ],
)
async def test_a_provider_answering_garbage_is_unavailable(answer: object) -> None:
    registry, enablement, _ = _kernel("fine", "weird")
    components = FakeComponents(
        metrics={"fine": StaticMetrics("fine.n", 1), "weird": Returning(answer)}
    )

    slots = _by_module(await _stats(registry, enablement, components).collect(SCOPE))

    assert slots["weird"].status == "unavailable"
    assert slots["weird"].error == "TypeError"
    assert slots["fine"].ok


async def test_a_provider_that_is_not_async_is_unavailable() -> None:
    class SyncMetrics:
        def metrics(self, scope: Scope) -> list[MetricValue]:
            return [MetricValue("sync.n", "n", 1)]

    registry, enablement, _ = _kernel("sync")
    components = FakeComponents(metrics={"sync": SyncMetrics()})

    slots = await _stats(registry, enablement, components).collect(SCOPE)

    assert [(s.module, s.status) for s in slots] == [("sync", "unavailable")]


async def test_a_list_of_metrics_is_accepted_like_a_tuple() -> None:
    registry, enablement, _ = _kernel("listy")
    values = [MetricValue("listy.a", "A", 1), MetricValue("listy.b", "B", 2.5, unit="%")]
    components = FakeComponents(metrics={"listy": Returning(values)})

    (slot,) = await _stats(registry, enablement, components).collect(SCOPE)

    assert slot.ok
    assert slot.items == tuple(values)


async def test_a_module_whose_provider_cannot_be_built_is_unavailable() -> None:
    registry, enablement, _ = _kernel("fine", "unloadable")
    components = FakeComponents(
        metrics={
            "fine": StaticMetrics("fine.n", 1),
            "unloadable": ImportError("No module named 'unloadable.metrics'"),
        }
    )

    slots = _by_module(await _stats(registry, enablement, components).collect(SCOPE))

    assert slots["unloadable"].status == "unavailable"
    assert slots["unloadable"].error == "ImportError"
    assert slots["fine"].ok


async def test_only_modules_enabled_on_the_scope_platform_are_asked() -> None:
    registry, enablement, store = _kernel("shown", "disabled", enabled={"shown"})
    store.by_platform[2] = {"disabled"}
    disabled = StaticMetrics("disabled.n", 1)
    components = FakeComponents(
        metrics={"shown": StaticMetrics("shown.n", 1), "disabled": disabled}
    )

    slots = await _stats(registry, enablement, components).collect(SCOPE)

    assert [s.module for s in slots] == ["shown"]
    assert disabled.calls == 0
    assert "disabled" not in components.loaded()


async def test_a_module_enabled_on_another_platform_is_asked_there() -> None:
    registry, enablement, store = _kernel("shown", "other", enabled={"shown"})
    store.by_platform[2] = {"other"}
    other = StaticMetrics("other.n", 1)
    components = FakeComponents(metrics={"shown": StaticMetrics("s", 1), "other": other})

    slots = await _stats(registry, enablement, components).collect(Scope(2, "second"))

    assert [s.module for s in slots] == ["other"]
    assert other.scopes == [Scope(2, "second")]


async def test_a_module_without_a_provider_has_no_slot_and_is_not_loaded() -> None:
    registry, enablement, _ = kernel(
        module("core", core=True),
        module("quiet"),
        module("loud", metrics=True),
        enabled={1: {"quiet", "loud"}},
    )
    components = FakeComponents(metrics={"loud": StaticMetrics("loud.n", 1)})

    slots = await _stats(registry, enablement, components).collect(SCOPE)

    assert [s.module for s in slots] == ["loud"]
    assert components.requested == [("metrics", "loud")]


async def test_providers_receive_the_scope_including_the_vendor() -> None:
    registry, enablement, _ = _kernel("shop")
    provider = StaticMetrics("shop.n", 1)
    vendor_scope = Scope(platform_id=1, platform_code="main", vendor_id=42)

    await _stats(registry, enablement, FakeComponents(metrics={"shop": provider})).collect(
        vendor_scope
    )

    assert provider.scopes == [vendor_scope]


async def test_a_failing_provider_is_logged_once_and_its_recovery_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    registry, enablement, _ = _kernel("flaky")
    components = FakeComponents(metrics={"flaky": RaisingMetrics()})
    stats = _stats(registry, enablement, components)
    caplog.set_level(logging.INFO, logger="mercato.providers")

    for _ in range(3):
        (slot,) = await stats.collect(SCOPE)
        assert not slot.ok
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert "module flaky: metrics provider unavailable: RuntimeError: database on fire" in (
        errors[0].getMessage()
    )

    components.metrics["flaky"] = StaticMetrics("flaky.n", 1)
    (slot,) = await stats.collect(SCOPE)
    (slot,) = await stats.collect(SCOPE)

    assert slot.ok
    recoveries = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert recoveries == ["module flaky: metrics provider recovered"]


async def test_a_provider_failing_again_after_recovering_is_logged_again(
    caplog: pytest.LogCaptureFixture,
) -> None:
    registry, enablement, _ = _kernel("flaky")
    components = FakeComponents(metrics={"flaky": RaisingMetrics()})
    stats = _stats(registry, enablement, components)

    await stats.collect(SCOPE)
    components.metrics["flaky"] = StaticMetrics("flaky.n", 1)
    await stats.collect(SCOPE)
    components.metrics["flaky"] = RaisingMetrics()
    await stats.collect(SCOPE)

    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 2


async def test_a_shared_failure_log_logs_each_surface_of_a_module_separately(
    caplog: pytest.LogCaptureFixture,
) -> None:
    registry, enablement, _ = _kernel("broken")
    components = FakeComponents(
        metrics={"broken": RaisingMetrics()}, widgets={"broken": Returning("garbage")}
    )
    failures = FailureLog()
    stats = _stats(registry, enablement, components, failures)
    widgets = WidgetAggregator(registry, enablement, components, timeout=SHORT, failures=failures)

    for _ in range(2):
        await stats.collect(SCOPE)
        await widgets.collect(SCOPE)

    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(messages) == 2
    assert any("metrics provider unavailable" in m for m in messages)
    assert any("widgets provider unavailable" in m for m in messages)


async def test_widgets_of_every_kind_are_collected_and_failures_isolated() -> None:
    registry, enablement, _ = _kernel("broken", "charts", "stuck")
    widgets = (
        ListWidget("charts.recent", "Recent"),
        BreakdownWidget("charts.status", "By status"),
        TimeSeriesWidget("charts.revenue", "Revenue"),
    )

    components = FakeComponents(
        widgets={"broken": Raising(), "charts": Returning(widgets), "stuck": Hanging()}
    )

    aggregator = WidgetAggregator(registry, enablement, components, timeout=SHORT)
    slots = _by_module(await aggregator.collect(SCOPE))

    assert slots["charts"].ok
    assert slots["charts"].items == widgets
    assert slots["broken"].status == "unavailable"
    assert slots["stuck"].status == "unavailable"


async def test_metric_values_are_not_accepted_as_widgets() -> None:
    registry, enablement, _ = _kernel("confused")
    components = FakeComponents(widgets={"confused": Returning([MetricValue("k", "l", 1)])})

    aggregator = WidgetAggregator(registry, enablement, components, timeout=SHORT)
    (slot,) = await aggregator.collect(SCOPE)

    assert slot.status == "unavailable"


async def test_the_dashboard_has_both_surfaces_and_names_the_unavailable_modules() -> None:
    registry, enablement, _ = _kernel("broken", "fine", "half")
    components = FakeComponents(
        metrics={
            "broken": RaisingMetrics(),
            "fine": StaticMetrics("fine.n", 1),
            "half": StaticMetrics("half.n", 2),
        },
        widgets={
            "broken": Raising(),
            "fine": Returning([ListWidget("fine.list", "List")]),
            "half": Returning("garbage"),
        },
    )
    service = DashboardService(
        _stats(registry, enablement, components),
        WidgetAggregator(registry, enablement, components, timeout=SHORT),
        enablement,
    )

    dashboard = await service.dashboard(SCOPE)

    assert dashboard.scope == SCOPE
    assert [s.module for s in dashboard.metrics] == ["broken", "fine", "half"]
    assert [s.module for s in dashboard.widgets] == ["broken", "fine", "half"]
    assert dashboard.unavailable == ("broken", "half")
    assert _by_module(dashboard.metrics)["half"].ok


async def test_a_dashboard_with_no_failures_has_nothing_unavailable() -> None:
    registry, enablement, _ = _kernel("fine")
    components = FakeComponents(
        metrics={"fine": StaticMetrics("fine.n", 1)}, widgets={"fine": Returning(())}
    )
    service = DashboardService(
        _stats(registry, enablement, components),
        WidgetAggregator(registry, enablement, components, timeout=SHORT),
        enablement,
    )

    dashboard = await service.dashboard(SCOPE)

    assert dashboard.unavailable == ()
    assert [s.items for s in dashboard.widgets] == [()]
