"""Scales and nice round ticks: the arithmetic every chart shares."""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["LinearScale", "coordinate", "nice_ticks"]


def coordinate(value: float) -> float:
    """A drawing coordinate rounded to a tenth: short, stable SVG output."""
    return round(value, 1) + 0.0  # + 0.0 turns -0.0 into 0.0


@dataclass(frozen=True, slots=True)
class LinearScale:
    """Maps the domain ``[low, high]`` onto the range ``[start, end]`` (``start`` may be larger)."""

    low: float
    high: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        """The coordinate of ``value``; the middle of the range when the domain is one value."""
        if self.high == self.low:
            return coordinate((self.start + self.end) / 2)
        share = (value - self.low) / (self.high - self.low)
        return coordinate(self.start + share * (self.end - self.start))


def nice_ticks(low: float, high: float, count: int = 4, whole: bool = False) -> tuple[float, ...]:
    """Round ticks covering ``[low, high]`` and zero, about ``count`` intervals apart.

    The step is 1, 2 or 5 times a power of ten (at least 1 when ``whole``: counts and minor
    units are not split). The axis always includes zero, so bars and areas start at zero and
    negative values get ticks below it. All-zero data gets the ticks ``0, 1``.
    """
    low, high = min(low, 0.0), max(high, 0.0)
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError("ticks need finite bounds")
    if low == high:
        high = 1.0
    nice, exponent = _nice_step(high - low, count)
    if whole and exponent < 0:
        nice, exponent = 1, 0
    first = math.floor(low / _multiple(1, nice, exponent))
    last = math.ceil(high / _multiple(1, nice, exponent))
    return tuple(_multiple(k, nice, exponent) for k in range(first, last + 1))


def _nice_step(span: float, count: int) -> tuple[int, int]:
    # The 1, 2, 5 or 10 nearest to the raw step on a log scale, so about ``count`` intervals.
    raw = span / max(count, 1)
    exponent = math.floor(math.log10(raw))
    fraction = raw / 10.0**exponent
    for nice, below in ((1, math.sqrt(2)), (2, math.sqrt(10)), (5, math.sqrt(50))):
        if fraction < below:
            return nice, exponent
    return 1, exponent + 1


def _multiple(k: int, nice: int, exponent: int) -> float:
    # k * nice * 10**exponent, exact for integers and correctly rounded for fractions.
    if exponent >= 0:
        return float(k * nice * 10**exponent)
    return k * nice / int(10**-exponent)
