"""The inventory's ledger arithmetic and rules, without I/O."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mercato.domain.inventory.model import (
    Change,
    Level,
    Movement,
    MovementKind,
    check_location_code,
    check_manual,
    discrepancies,
    effect,
    fell_below,
    merge_lines,
    replay,
)
from mercato.domain.inventory.repository import HeldLine
from mercato.domain.inventory.reservations import holdings
from mercato.ports.errors import InvalidInput
from mercato.ports.inventory import StockLine

NOW = datetime(2026, 1, 1, tzinfo=UTC)
K = MovementKind


def _m(kind: MovementKind, quantity: int, variant: int = 1, location: int = 1) -> Movement:
    return Movement(0, 7, variant, location, kind, quantity, NOW)


def _level(on_hand: int, reserved: int, variant: int = 1, **kw: object) -> Level:
    return Level(1, 7, variant, 1, "main", "SKU", on_hand, reserved, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "quantity", "change"),
    [
        (K.RECEIPT, 5, Change(5, 0)),
        (K.ADJUSTMENT, -2, Change(-2, 0)),
        (K.RESERVATION, 3, Change(0, 3)),
        (K.RELEASE, 3, Change(0, -3)),
        (K.SALE, 3, Change(-3, -3)),
    ],
)
def test_each_kind_of_movement_changes_a_level_its_own_way(
    kind: MovementKind, quantity: int, change: Change
) -> None:
    assert effect(kind, quantity) == change


def test_replaying_the_ledger_gives_the_levels() -> None:
    ledger = [
        _m(K.RECEIPT, 10),
        _m(K.RESERVATION, 4),
        _m(K.SALE, 3),
        _m(K.RELEASE, 1),
        _m(K.ADJUSTMENT, -2),
        _m(K.RECEIPT, 6, variant=2),
        _m(K.RESERVATION, 1, variant=2, location=3),
    ]
    assert replay(ledger) == {(1, 1): Change(5, 0), (2, 1): Change(6, 0), (2, 3): Change(0, 1)}


def test_the_consistency_check_names_the_levels_that_differ_from_their_ledger() -> None:
    ledger = [_m(K.RECEIPT, 10), _m(K.RESERVATION, 2), _m(K.RECEIPT, 1, variant=2)]
    stored = [_level(10, 2), _level(4, 0, variant=2), _level(1, 0, variant=3)]
    found = discrepancies(stored, ledger)
    assert [(d.variant_id, d.stored, d.ledger) for d in found] == [
        (2, Change(4, 0), Change(1, 0)),
        (3, Change(1, 0), Change(0, 0)),
    ]
    assert discrepancies([_level(10, 2)], ledger[:2]) == []


def test_available_stock_does_not_count_lapsed_reservations() -> None:
    level = _level(10, 6, lapsed=4, low_stock_threshold=9)
    assert level.available == 8
    assert level.below_threshold
    assert not _level(10, 0, low_stock_threshold=10).below_threshold
    assert not _level(0, 0).below_threshold  # no threshold, no alert


def test_crossing_under_the_threshold_is_told_once() -> None:
    assert fell_below(5, 4, 5)
    assert not fell_below(4, 3, 5)  # already under it
    assert not fell_below(9, 5, 5)  # at the threshold is not under it
    assert not fell_below(9, 0, None)


def test_lines_of_one_variant_are_added_up_and_sorted() -> None:
    lines = [StockLine(9, 1), StockLine(2, 2), StockLine(9, 3)]
    assert list(merge_lines(lines).items()) == [(2, 2), (9, 4)]


@pytest.mark.parametrize("quantity", [0, -1, 1_000_001])
def test_a_line_must_reserve_a_sensible_quantity(quantity: int) -> None:
    with pytest.raises(InvalidInput, match="reserves 1 to"):
        merge_lines([StockLine(1, quantity)])


@pytest.mark.parametrize(
    ("kind", "quantity", "message"),
    [
        (K.RECEIPT, 0, "a receipt adds"),
        (K.RECEIPT, -3, "a receipt adds"),
        (K.ADJUSTMENT, 0, "an adjustment changes"),
        (K.ADJUSTMENT, 2_000_000, "an adjustment changes"),
        (K.SALE, 1, "only receipts and adjustments"),
        (K.RESERVATION, 1, "only receipts and adjustments"),
    ],
)
def test_people_record_only_sensible_receipts_and_adjustments(
    kind: MovementKind, quantity: int, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        check_manual(kind, quantity)


def test_a_negative_adjustment_is_a_movement_people_may_record() -> None:
    check_manual(K.ADJUSTMENT, -4)
    check_manual(K.RECEIPT, 1)


def test_location_codes_are_short_lower_case_words() -> None:
    assert check_location_code(" Back-Room ") == "back-room"
    for bad in ("", "back room", "x" * 41, "-dash"):
        with pytest.raises(InvalidInput):
            check_location_code(bad)


def test_what_a_reference_holds_is_its_reservations_less_its_releases_and_sales() -> None:
    lines = [
        HeldLine(1, 11, 1, K.RESERVATION, 3),
        HeldLine(2, 12, 1, K.RESERVATION, 1),
        HeldLine(1, 11, 1, K.RELEASE, 3),
        HeldLine(1, 11, 1, K.RESERVATION, 3),  # taken again when committed
    ]
    held = holdings(lines)
    assert {k: v.quantity for k, v in held.items()} == {1: 3, 2: 1}
    sold = [*lines, HeldLine(1, 11, 1, K.SALE, 3), HeldLine(2, 12, 1, K.SALE, 1)]
    assert holdings(sold) == {}
