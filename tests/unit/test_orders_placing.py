"""Placing an order: lines priced from the catalog, one currency, totals, fingerprints."""

from __future__ import annotations

import pytest

from mercato.domain.orders.placing import PlaceOrder, RequestedLine, fingerprint, price_lines
from mercato.ports.catalog import ProductStatus, VariantRef
from mercato.ports.errors import InvalidInput
from mercato.ports.money import Money

pytestmark = pytest.mark.unit


def _variant(id_: int, sku: str, cents: int, currency: str = "EUR", **kw: object) -> VariantRef:
    status = kw.get("status", ProductStatus.ACTIVE)
    return VariantRef(id_, 1, id_, sku, f"Product {sku}", Money(cents, currency), status)  # type: ignore[arg-type]


CATALOG = {
    "TEE": _variant(1, "TEE", 1500),
    "MUG": _variant(2, "MUG", 899),
    "OLD": _variant(3, "OLD", 100, status=ProductStatus.ARCHIVED),
    "USD": _variant(4, "USD", 100, "USD"),
}


def _command(*lines: tuple[str, int], shipping: int = 0, currency: str | None = None) -> PlaceOrder:
    return PlaceOrder(
        "ann@example.com",
        tuple(RequestedLine(s, q) for s, q in lines),
        shipping=shipping,
        shipping_currency=currency,
    )


def test_lines_snapshot_sku_title_and_price_and_add_up() -> None:
    priced = price_lines(_command(("TEE", 2), ("MUG", 1), shipping=450), CATALOG)
    assert priced.currency == "EUR"
    assert [(line.sku, line.title, line.unit_price, line.line_total) for line in priced.lines] == [
        ("TEE", "Product TEE", 1500, 3000),
        ("MUG", "Product MUG", 899, 899),
    ]
    assert (priced.subtotal, priced.shipping, priced.total) == (3899, 450, 4349)


@pytest.mark.parametrize(
    ("lines", "field", "says"),
    [
        ((("TEE", 1), ("NOPE", 1)), "lines[1].sku", "line 2: no product has SKU 'NOPE'"),
        ((("OLD", 1),), "lines[0].sku", "'OLD' is archived, not for sale"),
        ((("TEE", 1), ("USD", 1)), "lines[1].sku", "one currency per order"),
        ((("TEE", 1), ("TEE", 2)), "lines[1].sku", "already on line 1"),
        ((("TEE", 0),), "lines[0].quantity", "quantity must be between"),
        ((), "lines", "at least one line"),
    ],
)
def test_a_bad_line_is_refused_naming_it(
    lines: tuple[tuple[str, int], ...], field: str, says: str
) -> None:
    with pytest.raises(InvalidInput, match=says) as refused:
        price_lines(_command(*lines), CATALOG)
    assert refused.value.field == field


def test_shipping_in_another_currency_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        price_lines(_command(("TEE", 1), shipping=100, currency="USD"), CATALOG)
    assert refused.value.field == "shipping.currency"
    assert price_lines(_command(("TEE", 1), shipping=100, currency="EUR"), CATALOG).total == 1600


def test_the_same_request_has_the_same_fingerprint_and_another_does_not() -> None:
    one = _command(("TEE", 2))
    assert fingerprint("place", one.payload()) == fingerprint(
        "place", _command(("TEE", 2)).payload()
    )
    assert fingerprint("place", one.payload()) != fingerprint(
        "place", _command(("TEE", 3)).payload()
    )
    assert fingerprint("pay", {"number": 1}) != fingerprint("cancel", {"number": 1})
