"""The input of every inventory operation: one msgspec Struct serves its page and its API."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import msgspec

from mercato.domain.inventory.model import DEFAULT_LOCATION, MAX_QUANTITY, MovementKind

__all__ = ["ManualKind", "StockMovementIn", "StockSettingsIn"]

Sku = Annotated[
    str,
    msgspec.Meta(min_length=1, max_length=100, pattern=r"^\S+$(?!\n)", description="a SKU"),
]
LocationCode = Annotated[
    str,
    msgspec.Meta(
        max_length=40,
        pattern=r"^[a-z0-9][a-z0-9-]{0,39}$(?!\n)",
        description="1-40 characters of a-z, 0-9 and '-'",
    ),
]
Quantity = Annotated[
    int,
    msgspec.Meta(
        ge=-MAX_QUANTITY,
        le=MAX_QUANTITY,
        description="units: a receipt adds (> 0); an adjustment adds or takes away (not 0)",
    ),
]
Threshold = Annotated[int, msgspec.Meta(ge=0, le=MAX_QUANTITY)]


class ManualKind(StrEnum):
    """The movements a person records; reservations and sales come from orders."""

    RECEIPT = "receipt"
    ADJUSTMENT = "adjustment"

    @property
    def kind(self) -> MovementKind:
        """The ledger's kind."""
        return MovementKind(self.value)


class StockMovementIn(msgspec.Struct, forbid_unknown_fields=True):
    """A receipt or an adjustment of one SKU at a location (``main`` by default)."""

    sku: Sku
    kind: ManualKind
    quantity: Quantity
    location: LocationCode = DEFAULT_LOCATION


class StockSettingsIn(msgspec.Struct, forbid_unknown_fields=True):
    """A variant's low-stock threshold (none: no alert) and whether it takes backorders."""

    sku: Sku
    low_stock_threshold: Threshold | None = None
    allow_backorder: bool = False
