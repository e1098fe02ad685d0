"""How chart values are written: counts, money in minor units, and any other unit.

The convention is the one of :mod:`mercato.ports.widgets`: ``"count"`` is a whole number,
a three-letter upper-case code is an ISO 4217 currency whose values are minor units, any
other unit is written after the number.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

__all__ = [
    "axis_caption",
    "drawable",
    "format_value",
    "is_currency",
    "is_whole",
    "minor_digits",
    "tick_labels",
    "to_major",
]

_CURRENCY = re.compile(r"[A-Z]{3}")
# ISO 4217 currencies whose minor unit is not the cent (all others have two decimals).
_ZERO_DECIMALS = frozenset(
    [
        "BIF",
        "CLP",
        "DJF",
        "GNF",
        "ISK",
        "JPY",
        "KMF",
        "KRW",
        "PYG",
        "RWF",
        "UGX",
        "UYI",
        "VND",
        "VUV",
        "XAF",
        "XOF",
        "XPF",
    ]
)
_THREE_DECIMALS = frozenset(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"])
# (from, divided by, suffix): axis labels of large values; thousands from 10,000 on.
_COMPACT = ((10**12, 10**12, "T"), (10**9, 10**9, "B"), (10**6, 10**6, "M"), (10**4, 10**3, "k"))
NOT_A_NUMBER = "n/a"


def is_currency(unit: str) -> bool:
    """Whether ``unit`` is a currency code (three upper-case letters): values are minor units."""
    return _CURRENCY.fullmatch(unit) is not None


def minor_digits(currency: str) -> int:
    """The number of decimals of ``currency``: 0 for JPY, 3 for KWD, 2 otherwise."""
    if currency in _ZERO_DECIMALS:
        return 0
    if currency in _THREE_DECIMALS:
        return 3
    return 2


def is_whole(unit: str) -> bool:
    """Whether values of ``unit`` are whole numbers: counts and minor units of a currency."""
    return unit in ("count", "") or is_currency(unit)


def drawable(value: float) -> float:
    """``value`` as a float to draw; 0.0 when it is not finite or too large for a float."""
    try:
        number = float(value)
    except OverflowError:
        return 0.0
    return number if math.isfinite(number) else 0.0


def to_major(value: float, unit: str) -> float:
    """``value`` in the unit people read: major units of a currency, the value otherwise."""
    if is_currency(unit):
        return value / int(10 ** minor_digits(unit))
    return value


def format_value(value: float, unit: str) -> str:
    """A value written in full: ``1,234``, ``EUR 1,234.50``, ``JPY 1,234``, ``12.5 ms``."""
    if isinstance(value, float) and not math.isfinite(value):
        return NOT_A_NUMBER
    if is_currency(unit):
        return f"{unit} {_money(round(value), minor_digits(unit))}"
    if unit in ("count", ""):
        return f"{round(value):,}"
    number = f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"
    return f"{number}%" if unit == "%" else f"{number} {unit}"


def _money(minor: int, digits: int) -> str:
    sign = "-" if minor < 0 else ""
    whole, fraction = divmod(abs(minor), 10**digits)
    return f"{sign}{whole:,}.{fraction:0{digits}d}" if digits else f"{sign}{whole:,}"


def axis_caption(unit: str) -> str:
    """What the value axis says once instead of on every tick: the unit, or nothing for counts."""
    return "" if unit in ("count", "") else unit


def tick_labels(ticks: Sequence[float], unit: str) -> tuple[str, ...]:
    """Short labels of evenly spaced axis ticks, all with the same suffix (``20k``, ``1.5M``).

    Ticks are in the widget's unit (minor units for money); labels are in major units,
    without the currency (see :func:`axis_caption`). Decimals follow the tick step.
    """
    major = [to_major(t, unit) for t in ticks]
    biggest = max((abs(m) for m in major), default=0.0)
    divisor, suffix = next(((d, s) for at, d, s in _COMPACT if biggest >= at), (1, ""))
    step = abs(major[1] - major[0]) / divisor if len(major) > 1 else 0.0
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step > 0 else 0
    return tuple(_tick(m / divisor, decimals, suffix) for m in major)


def _tick(value: float, decimals: int, suffix: str) -> str:
    text = f"{value:,.{decimals}f}"
    return "0" if text.lstrip("-").strip("0.,") == "" else text + suffix
