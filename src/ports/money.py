"""Money: an integer number of minor units and an ISO 4217 currency code."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Money"]


@dataclass(frozen=True, slots=True, order=True)
class Money:
    """An amount in minor units (cents) of ``currency`` (upper-case ISO 4217, ``"EUR"``).

    Never a float: sums of prices stay exact. Amounts of different currencies are never
    added; :meth:`plus` refuses them.
    """

    amount: int
    currency: str

    def plus(self, other: Money) -> Money:
        """The sum of two amounts of the same currency; ``ValueError`` for two currencies."""
        if other.currency != self.currency:
            raise ValueError(f"cannot add {other.currency} to {self.currency}")
        return Money(self.amount + other.amount, self.currency)

    def times(self, quantity: int) -> Money:
        """The amount for ``quantity`` units."""
        return Money(self.amount * quantity, self.currency)
