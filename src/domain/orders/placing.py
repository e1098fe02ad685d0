"""What placing an order asks for, and the rules that turn it into priced lines."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mercato.domain.orders.model import OrderLine
from mercato.ports.catalog import ProductStatus, VariantRef
from mercato.ports.errors import InvalidInput
from mercato.ports.inventory import InsufficientStock, StockShortage

__all__ = [
    "MAX_LINES",
    "MAX_QUANTITY",
    "LinesShort",
    "PlaceOrder",
    "Priced",
    "RequestedLine",
    "fingerprint",
    "price_lines",
]

MAX_LINES = 100
MAX_QUANTITY = 10_000


@dataclass(frozen=True, slots=True)
class RequestedLine:
    """A SKU and how many units of it."""

    sku: str
    quantity: int


@dataclass(frozen=True, slots=True)
class PlaceOrder:
    """The command to place an order: the customer, the lines, shipping in minor units.

    ``shipping_currency`` is the currency the caller gave the shipping in, if any; it must
    be the order's.
    """

    email: str
    lines: tuple[RequestedLine, ...]
    name: str = ""
    shipping: int = 0
    shipping_currency: str | None = None

    def payload(self) -> dict[str, object]:
        """The command as plain values (what the idempotency fingerprint is taken of)."""
        return {
            "email": self.email.strip().lower(),
            "name": self.name,
            "lines": [[line.sku, line.quantity] for line in self.lines],
            "shipping": self.shipping,
            "shipping_currency": self.shipping_currency,
        }


@dataclass(frozen=True, slots=True)
class Priced:
    """Lines priced from the catalog, in one currency, with their totals."""

    lines: tuple[OrderLine, ...]
    currency: str
    subtotal: int
    shipping: int

    @property
    def total(self) -> int:
        """Subtotal plus shipping."""
        return self.subtotal + self.shipping


def fingerprint(operation: str, payload: Mapping[str, object]) -> str:
    """A hash of an operation and its input: the same request, the same fingerprint."""
    text = json.dumps([operation, payload], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _check_shape(command: PlaceOrder) -> None:
    if not command.lines:
        raise InvalidInput("an order needs at least one line", field="lines")
    if len(command.lines) > MAX_LINES:
        raise InvalidInput(f"an order has at most {MAX_LINES} lines", field="lines")
    seen: dict[str, int] = {}
    for i, line in enumerate(command.lines):
        if not 1 <= line.quantity <= MAX_QUANTITY:
            raise InvalidInput(
                f"line {i + 1}: quantity must be between 1 and {MAX_QUANTITY}",
                field=f"lines[{i}].quantity",
            )
        if line.sku in seen:
            raise InvalidInput(
                f"line {i + 1}: SKU '{line.sku}' is already on line {seen[line.sku] + 1}",
                field=f"lines[{i}].sku",
            )
        seen[line.sku] = i
    if command.shipping < 0:
        raise InvalidInput("shipping cannot be negative", field="shipping")


def price_lines(command: PlaceOrder, variants: Mapping[str, VariantRef]) -> Priced:
    """The command's lines priced from ``variants`` (the catalog's, keyed by SKU).

    Refused (``InvalidInput`` naming the line's field): an unknown SKU, a product that is
    not active, a currency other than the first line's; shipping in another currency.
    """
    _check_shape(command)
    priced: list[OrderLine] = []
    currency = ""
    for i, wanted in enumerate(command.lines):
        variant = variants.get(wanted.sku)
        where = f"lines[{i}].sku"
        if variant is None:
            raise InvalidInput(f"line {i + 1}: no product has SKU '{wanted.sku}'", field=where)
        if variant.status is not ProductStatus.ACTIVE:
            raise InvalidInput(
                f"line {i + 1}: '{variant.sku}' is {variant.status.value}, not for sale",
                field=where,
            )
        currency = currency or variant.price.currency
        if variant.price.currency != currency:
            raise InvalidInput(
                f"line {i + 1}: '{variant.sku}' is priced in {variant.price.currency}, "
                f"the order in {currency}: one currency per order",
                field=where,
            )
        priced.append(
            OrderLine(
                i + 1, variant.id, variant.sku, variant.title, variant.price.amount, wanted.quantity
            )
        )
    if command.shipping_currency not in (None, currency):
        raise InvalidInput(
            f"shipping is in {command.shipping_currency}, the order in {currency}",
            field="shipping.currency",
        )
    return Priced(
        tuple(priced), currency, sum(line.line_total for line in priced), command.shipping
    )


def skus(lines: Sequence[RequestedLine]) -> list[str]:
    """The SKUs of the lines, in order."""
    return [line.sku for line in lines]


class LinesShort(InsufficientStock):
    """Stock is short for some lines (409), named by line and SKU, the field the first
    short line's quantity (``lines[1].quantity``)."""

    def __init__(self, shortages: Sequence[StockShortage], lines: Sequence[OrderLine]) -> None:
        super().__init__(shortages)
        at = {line.variant_id: (i, line) for i, line in enumerate(lines)}
        named = [(at[s.variant_id], s) for s in shortages if s.variant_id in at]
        if named:
            self.message = "not enough stock: " + "; ".join(
                f"line {i + 1} ({line.sku}): {s.requested} requested, {s.available} available"
                for (i, line), s in named
            )
            self.args = (self.message,)
            self.field = f"lines[{named[0][0][0]}].quantity"
