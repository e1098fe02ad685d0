"""Timing loops and their summaries (per-call mean, p50, p99 in milliseconds)."""

from __future__ import annotations

import gc
import math
import statistics
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["Summary", "ratio", "time_interleaved", "timer_overhead_ms"]

Call = Callable[[], Awaitable[object]]


@dataclass(frozen=True, slots=True)
class Summary:
    """Per-call figures of ``n`` timed calls, in milliseconds."""

    n: int
    mean_ms: float
    p50_ms: float
    p99_ms: float
    min_ms: float
    max_ms: float
    p95_ms: float = 0.0

    @classmethod
    def of(cls, seconds: Sequence[float]) -> Summary:
        """Summarise durations given in seconds."""
        ordered = sorted(seconds)
        return cls(
            n=len(ordered),
            mean_ms=statistics.fmean(ordered) * 1e3,
            p50_ms=_nearest_rank(ordered, 0.50) * 1e3,
            p99_ms=_nearest_rank(ordered, 0.99) * 1e3,
            min_ms=ordered[0] * 1e3,
            max_ms=ordered[-1] * 1e3,
            p95_ms=_nearest_rank(ordered, 0.95) * 1e3,
        )

    def as_dict(self) -> dict[str, Any]:
        """The fields, for JSON."""
        return asdict(self)


def _nearest_rank(ordered: Sequence[float], q: float) -> float:
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def ratio(numerator: Summary, denominator: Summary) -> dict[str, float | None]:
    """``numerator / denominator`` of mean, p50, p95 and p99 (``None`` where the divisor
    is 0)."""
    return {
        key: (
            getattr(numerator, f"{key}_ms") / d
            if (d := getattr(denominator, f"{key}_ms"))
            else None
        )
        for key in ("mean", "p50", "p95", "p99")
    }


async def time_interleaved(calls: Mapping[str, Call], n: int, warmup: int) -> dict[str, Summary]:
    """Time ``n`` calls of each target, alternating targets so drift hits them all alike.

    Every target is first called ``warmup`` times (untimed). Each call is timed on its own
    with :func:`time.perf_counter`, so the figures include the timer's own overhead (see
    :func:`timer_overhead_ms`). The garbage collector stays on, as in production.
    """
    for _ in range(warmup):
        for call in calls.values():
            await call()
    samples: dict[str, list[float]] = {name: [] for name in calls}
    gc.collect()
    clock = time.perf_counter
    for _ in range(n):
        for name, call in calls.items():
            start = clock()
            await call()
            samples[name].append(clock() - start)
    return {name: Summary.of(durations) for name, durations in samples.items()}


def timer_overhead_ms(n: int = 10_000) -> float:
    """The mean cost of the two ``perf_counter`` calls that bracket each timed call."""
    clock = time.perf_counter
    durations = []
    for _ in range(n):
        start = clock()
        durations.append(clock() - start)
    return statistics.fmean(durations) * 1e3
