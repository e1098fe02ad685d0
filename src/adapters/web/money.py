"""Money on the wire: one input and one output shape for every module's JSON API.

An amount is an integer number of minor units (cents) and an ISO 4217 code, as
:class:`mercato.ports.money.Money`; the schema has one ``MoneyIn`` and one ``MoneyOut``
whichever module uses them, so a generated client has one money model.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from mercato.ports.money import Money

__all__ = ["MAX_AMOUNT", "MoneyIn", "MoneyOut"]

MAX_AMOUNT = 10**12
"""The largest amount accepted, in minor units (ten billion of a two-decimal currency)."""


class MoneyIn(msgspec.Struct, forbid_unknown_fields=True):
    """An amount in minor units (cents) and its ISO 4217 currency."""

    amount: Annotated[
        int, msgspec.Meta(ge=0, le=MAX_AMOUNT, description="an amount in minor units (cents)")
    ]
    currency: Annotated[
        str, msgspec.Meta(pattern=r"^[A-Z]{3}$(?!\n)", description="an ISO 4217 code (EUR)")
    ]

    def money(self) -> Money:
        """The amount as the ports' value type."""
        return Money(self.amount, self.currency)


class MoneyOut(msgspec.Struct):
    """An amount in minor units (cents) and its ISO 4217 currency."""

    amount: int
    currency: str

    @classmethod
    def of(cls, money: Money) -> MoneyOut:
        """The wire shape of ``money``."""
        return cls(money.amount, money.currency)
