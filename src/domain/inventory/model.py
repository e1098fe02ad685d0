"""Stock as a ledger: movements, the levels they add up to, and the rules of each kind.

Every change of stock is a :class:`Movement` appended to the ledger; a :class:`Level` (on hand
and reserved units of one variant at one location) is the sum of its movements' effects. The
functions here are pure: :func:`effect` says what one movement does, :func:`replay` adds a
ledger up and :func:`discrepancies` compares stored levels with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from mercato.ports.errors import InvalidInput
from mercato.ports.inventory import StockLine

__all__ = [
    "DEFAULT_LOCATION",
    "MAX_QUANTITY",
    "Change",
    "Discrepancy",
    "Level",
    "LevelKey",
    "Location",
    "Movement",
    "MovementKind",
    "Reservation",
    "ReservationStatus",
    "check_location_code",
    "check_manual",
    "discrepancies",
    "effect",
    "fell_below",
    "merge_lines",
    "replay",
]

DEFAULT_LOCATION = "main"
MAX_QUANTITY = 1_000_000
"""The largest quantity one movement may move (a typo of a few zeros is refused)."""
_LOCATION = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


class MovementKind(StrEnum):
    """What a movement does to a level (see :func:`effect`)."""

    RECEIPT = "receipt"
    ADJUSTMENT = "adjustment"
    RESERVATION = "reservation"
    RELEASE = "release"
    SALE = "sale"


class ReservationStatus(StrEnum):
    """The life of a reservation: held, then released (cancelled, lapsed) or sold."""

    OPEN = "open"
    RELEASED = "released"
    COMMITTED = "committed"


@dataclass(frozen=True, slots=True)
class Change:
    """What a movement adds to a level's on hand and reserved units."""

    on_hand: int
    reserved: int


def effect(kind: MovementKind, quantity: int) -> Change:
    """The change one movement makes.

    A receipt adds to on hand; an adjustment adds its signed quantity to on hand; a
    reservation holds units (reserved up); a release lets them go (reserved down); a sale
    ships held units (on hand and reserved down).
    """
    if kind is MovementKind.RECEIPT:
        return Change(quantity, 0)
    if kind is MovementKind.ADJUSTMENT:
        return Change(quantity, 0)
    if kind is MovementKind.RESERVATION:
        return Change(0, quantity)
    if kind is MovementKind.RELEASE:
        return Change(0, -quantity)
    return Change(-quantity, -quantity)


@dataclass(frozen=True, slots=True)
class Location:
    """Where a vendor keeps stock; every vendor has ``main``, made on first use."""

    id: int
    vendor_id: int
    code: str
    name: str


LevelKey = tuple[int, int]
"""``(variant_id, location_id)``: one level."""


@dataclass(frozen=True, slots=True)
class Level:
    """The stock of one variant at one location.

    ``lapsed`` is what expired reservations still hold until the expiry task releases them:
    :attr:`available` does not count it as held. ``sku`` is the variant's SKU as last seen
    from the catalog (a snapshot for lists and search).
    """

    id: int
    vendor_id: int
    variant_id: int
    location_id: int
    location: str
    sku: str
    on_hand: int
    reserved: int
    allow_backorder: bool = False
    low_stock_threshold: int | None = None
    lapsed: int = 0

    @property
    def key(self) -> LevelKey:
        """Its ``(variant_id, location_id)``."""
        return (self.variant_id, self.location_id)

    @property
    def available(self) -> int:
        """Units that may still be reserved: on hand less what live reservations hold."""
        return self.on_hand - (self.reserved - self.lapsed)

    @property
    def below_threshold(self) -> bool:
        """True when a threshold is set and available stock is under it."""
        return self.low_stock_threshold is not None and self.available < self.low_stock_threshold


@dataclass(frozen=True, slots=True)
class Movement:
    """One entry of the ledger (append-only)."""

    id: int
    vendor_id: int
    variant_id: int
    location_id: int
    kind: MovementKind
    quantity: int
    created_at: datetime
    reference: str | None = None
    expires_at: datetime | None = None
    actor: str = ""
    location: str = ""
    sku: str = ""


@dataclass(frozen=True, slots=True)
class Reservation:
    """What an order (``reference``) holds: its status and when it lapses."""

    id: int
    vendor_id: int
    reference: str
    status: ReservationStatus
    expires_at: datetime | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """A level whose stored units differ from its ledger's sum."""

    variant_id: int
    location_id: int
    stored: Change
    ledger: Change


def replay(movements: Iterable[Movement]) -> dict[LevelKey, Change]:
    """The levels a ledger adds up to, by ``(variant_id, location_id)``."""
    totals: dict[LevelKey, Change] = {}
    for m in movements:
        key = (m.variant_id, m.location_id)
        before = totals.get(key, Change(0, 0))
        step = effect(m.kind, m.quantity)
        totals[key] = Change(before.on_hand + step.on_hand, before.reserved + step.reserved)
    return totals


def discrepancies(levels: Iterable[Level], movements: Iterable[Movement]) -> list[Discrepancy]:
    """Every level that does not match its ledger (a level without movements must be 0/0)."""
    ledger = replay(movements)
    stored = {lv.key: Change(lv.on_hand, lv.reserved) for lv in levels}
    found = []
    for key in sorted(set(ledger) | set(stored)):
        mine, theirs = stored.get(key, Change(0, 0)), ledger.get(key, Change(0, 0))
        if mine != theirs:
            found.append(Discrepancy(key[0], key[1], mine, theirs))
    return found


def check_manual(kind: MovementKind, quantity: int) -> None:
    """The rules of a movement a person records: a receipt adds 1 to ``MAX_QUANTITY``
    units; an adjustment changes on hand by a non-zero amount of at most ``MAX_QUANTITY``;
    reservations, releases and sales come from orders only."""
    if kind is MovementKind.RECEIPT:
        if not 1 <= quantity <= MAX_QUANTITY:
            raise InvalidInput(f"a receipt adds 1 to {MAX_QUANTITY} units", "quantity")
    elif kind is MovementKind.ADJUSTMENT:
        if quantity == 0 or abs(quantity) > MAX_QUANTITY:
            raise InvalidInput(
                f"an adjustment changes stock by 1 to {MAX_QUANTITY} units, up or down",
                "quantity",
            )
    else:
        raise InvalidInput("only receipts and adjustments are recorded by hand", "kind")


def check_location_code(code: str) -> str:
    """A location code: 1-40 characters of a-z, 0-9 and '-', starting with a letter or digit."""
    clean = code.strip().lower()
    if not _LOCATION.match(clean):
        raise InvalidInput("a location is 1-40 characters of a-z, 0-9 and '-'", "location")
    return clean


def merge_lines(lines: Sequence[StockLine]) -> Mapping[int, int]:
    """The quantity wanted per variant, lines of the same variant added up, in variant order
    (so that two reservations lock levels in the same order); every quantity must be
    between 1 and ``MAX_QUANTITY``."""
    wanted: dict[int, int] = {}
    for line in lines:
        if not 1 <= line.quantity <= MAX_QUANTITY:
            raise InvalidInput(
                f"a line reserves 1 to {MAX_QUANTITY} units (variant {line.variant_id})", "lines"
            )
        wanted[line.variant_id] = wanted.get(line.variant_id, 0) + line.quantity
    return dict(sorted(wanted.items()))


def fell_below(before: int, after: int, threshold: int | None) -> bool:
    """True when available stock crossed under ``threshold`` (it was not under it before)."""
    return threshold is not None and after < threshold <= before
