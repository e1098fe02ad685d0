"""How chart values are written: counts, money per currency, other units, axis labels."""

from __future__ import annotations

import pytest

from mercato.adapters.web.charts import format_value, is_currency, minor_digits, tick_labels

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("value", "unit", "written"),
    [
        (1234567, "count", "1,234,567"),
        (2.6, "count", "3"),  # a count is a whole number
        (0, "count", "0"),
        (-1500, "count", "-1,500"),
        (123450, "EUR", "EUR 1,234.50"),
        (5, "EUR", "EUR 0.05"),
        (-5, "USD", "USD -0.05"),
        (0, "GBP", "GBP 0.00"),
        (123450, "JPY", "JPY 123,450"),  # zero-decimal currencies
        (9900, "KRW", "KRW 9,900"),
        (1234, "KWD", "KWD 1.234"),  # three-decimal currencies
        (10**20 + 1, "EUR", "EUR 1,000,000,000,000,000,000.01"),  # exact, not a float
        (12.5, "ms", "12.5 ms"),
        (12.0, "ms", "12 ms"),
        (1234, "ms", "1,234 ms"),
        (33.333, "%", "33.33%"),
        (float("nan"), "EUR", "n/a"),
        (float("inf"), "count", "n/a"),
    ],
)
def test_values_are_written_per_unit(value: float, unit: str, written: str) -> None:
    assert format_value(value, unit) == written


def test_only_three_upper_case_letters_are_a_currency() -> None:
    assert [is_currency(u) for u in ("EUR", "eur", "EURO", "count", "ms")] == [
        True,
        False,
        False,
        False,
        False,
    ]
    assert (minor_digits("EUR"), minor_digits("JPY"), minor_digits("BHD")) == (2, 0, 3)


@pytest.mark.parametrize(
    ("ticks", "unit", "labels"),
    [
        ((0, 20, 40), "count", ("0", "20", "40")),
        ((0, 5000, 10000), "count", ("0", "5k", "10k")),
        ((0, 500_000, 1_000_000, 1_500_000), "count", ("0", "0.5M", "1.0M", "1.5M")),
        ((0, 0.5, 1), "ms", ("0", "0.5", "1.0")),
        ((0, 20000, 40000), "EUR", ("0", "200", "400")),  # cents read as euros
        ((0, 50, 100), "EUR", ("0", "0.5", "1.0")),
        ((0, 20000, 40000), "JPY", ("0", "20k", "40k")),
        ((-5, 0, 5), "count", ("-5", "0", "5")),
        ((0, 2e17, 4e17), "count", ("0", "200,000T", "400,000T")),
    ],
)
def test_axis_labels_are_short_and_share_one_suffix(
    ticks: tuple[float, ...], unit: str, labels: tuple[str, ...]
) -> None:
    assert tick_labels(ticks, unit) == labels
