"""The catalog's rules without I/O: options, variants, prices, GTINs, handles, sanitising."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mercato.domain.catalog.model import ProductDraft, ProductInvalid, VariantDraft
from mercato.domain.catalog.rules import (
    check_product,
    derive_handle,
    is_valid_gtin,
    sanitise_html,
)
from mercato.ports.money import Money

pytestmark = pytest.mark.unit

EUR = Money(1990, "EUR")


def product(*variants: VariantDraft, options: tuple[str, ...] = ("Size",)) -> ProductDraft:
    return ProductDraft(
        "", "  T-shirt ", variants or (VariantDraft("TS-M", EUR, ("M",)),), options=options
    )


def errors_of(draft: ProductDraft) -> dict[str, str]:
    with pytest.raises(ProductInvalid) as refused:
        check_product(draft)
    return refused.value.errors


def test_a_valid_product_is_normalised() -> None:
    clean = check_product(replace(product(), handle="", tags=(" Summer", "summer", "")))
    assert (clean.title, clean.handle, clean.tags) == ("T-shirt", "t-shirt", ("Summer",))


@pytest.mark.parametrize(
    ("title", "handle"),
    [
        ("Café Crème 250 g", "cafe-creme-250-g"),
        ("  --Hello,   World!-- ", "hello-world"),
        ("☃", "product"),
    ],
)
def test_a_handle_is_derived_from_the_title(title: str, handle: str) -> None:
    assert derive_handle(title) == handle


def test_a_given_handle_is_lower_cased_and_checked() -> None:
    assert check_product(replace(product(), handle="Summer-Tee")).handle == "summer-tee"
    assert "handle" in errors_of(replace(product(), handle="two  words"))


def test_at_most_three_options_with_different_names() -> None:
    four = product(VariantDraft("X", EUR, ("1", "2", "3", "4")), options=("A", "B", "C", "D"))
    assert "options" in errors_of(four)
    twice = product(VariantDraft("X", EUR, ("1", "2")), options=("Size", "size"))
    assert errors_of(twice)["options"] == "option names must be different"


def test_every_variant_has_one_value_per_option_and_a_unique_combination() -> None:
    found = errors_of(
        product(
            VariantDraft("A", EUR, ("M",)),
            VariantDraft("B", EUR, ()),
            VariantDraft("C", EUR, ("m",)),
        )
    )
    assert set(found) == {"variants[1].options", "variants[2].options"}


def test_a_product_without_options_has_one_variant() -> None:
    found = errors_of(product(VariantDraft("A", EUR), VariantDraft("B", EUR), options=()))
    assert found == {"variants[1].options": "a product without options has one variant"}


def test_skus_are_unique_within_the_product() -> None:
    found = errors_of(product(VariantDraft("A", EUR, ("S",)), VariantDraft("A", EUR, ("M",))))
    assert found == {"variants[1].sku": "SKU A is given twice"}


@pytest.mark.parametrize(
    ("variant", "field"),
    [
        (VariantDraft("A", Money(-1, "EUR"), ("M",)), "variants[0].price"),
        (VariantDraft("A", Money(1, "eur"), ("M",)), "variants[0].price"),
        (VariantDraft("A", Money(1, "EURO"), ("M",)), "variants[0].price"),
        (VariantDraft("A", EUR, ("M",), Money(1000, "EUR")), "variants[0].compare_at_price"),
        (VariantDraft("A", EUR, ("M",), Money(2000, "USD")), "variants[0].compare_at_price"),
        (VariantDraft("A", EUR, ("M",), barcode="4006381333932"), "variants[0].barcode"),
        (VariantDraft("A", EUR, ("M",), weight=1.0), "variants[0].weight_unit"),
        (VariantDraft("A", EUR, ("M",), weight=-1.0, weight_unit="g"), "variants[0].weight"),
        (VariantDraft("A", EUR, ("M",), weight=1.0, weight_unit="st"), "variants[0].weight_unit"),  # type: ignore[arg-type]
        (VariantDraft("A B", EUR, ("M",)), "variants[0].sku"),
    ],
)
def test_a_variant_breaking_a_rule_is_refused_on_its_field(
    variant: VariantDraft, field: str
) -> None:
    assert field in errors_of(product(variant))


def test_compare_at_equal_to_the_price_and_a_weight_with_its_unit_are_fine() -> None:
    v = VariantDraft("A", EUR, ("M",), EUR, "4006381333931", 0.25, "kg")
    assert check_product(product(v)).variants == (v,)


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("4006381333931", True),  # GTIN-13
        ("036000291452", True),  # GTIN-12 (UPC-A)
        ("96385074", True),  # GTIN-8
        ("10012345678902", True),  # GTIN-14
        ("4006381333932", False),
        ("400638133393", False),
        ("40063813339\uff131", False),  # a full-width digit
        ("abcdefgh", False),
    ],
)
def test_gtin_check_digits(code: str, valid: bool) -> None:
    assert is_valid_gtin(code) is valid


def test_the_description_is_sanitised() -> None:
    html = (
        '<p onclick="steal()">Soft <b>cotton</b><script>alert(1)</script>'
        '<a href="javascript:x()">x</a></p>'
    )
    clean = sanitise_html(html)
    assert "script" not in clean and "onclick" not in clean and "javascript" not in clean
    assert "<b>cotton</b>" in clean
    assert check_product(replace(product(), description=html)).description == clean


def test_every_broken_rule_is_reported_at_once() -> None:
    draft = ProductDraft("", "", (VariantDraft("", Money(-1, "x"), ()),), options=("Size",))
    assert set(errors_of(draft)) >= {
        "title",
        "variants[0].sku",
        "variants[0].price",
        "variants[0].options",
    }
