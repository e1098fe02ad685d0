"""The catalog's rules: what a product and its variants must be before they are written.

:func:`check_product` normalises a draft (trims text, lower-cases the handle, sanitises the
description's HTML) and reports *every* broken rule at once as :class:`ProductInvalid`,
each on its field (``variants[1].price``). The API, the pages and the bulk import call it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import replace

import nh3

from mercato.domain.catalog.model import (
    MAX_OPTIONS,
    WEIGHT_UNITS,
    ProductDraft,
    ProductInvalid,
    VariantDraft,
)
from mercato.ports.money import Money

__all__ = [
    "MAX_VARIANTS",
    "check_product",
    "derive_handle",
    "is_valid_gtin",
    "minor_digits",
    "sanitise_html",
]

MAX_TITLE = 200
MAX_HANDLE = 100
MAX_DESCRIPTION = 20_000
MAX_TEXT = 100
MAX_TAGS = 50
MAX_TAG = 50
MAX_SKU = 64
MAX_VARIANTS = 100
MAX_IMAGES = 20
MAX_URL = 500

HANDLE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
CURRENCY = re.compile(r"[A-Z]{3}\Z")
SKU = re.compile(r"[^\s\x00-\x1f\x7f]+\Z")
_NOT_HANDLE = re.compile(r"[^a-z0-9]+")
# ISO 4217 currencies whose minor unit is not the cent (the others have two decimals).
_ZERO_DECIMALS = frozenset(
    {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG"}
    | {"RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"}
)
_THREE_DECIMALS = frozenset(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"])


def minor_digits(currency: str) -> int:
    """How many decimals ``currency``'s minor unit has (``2`` for EUR, ``0`` for JPY)."""
    if currency in _ZERO_DECIMALS:
        return 0
    return 3 if currency in _THREE_DECIMALS else 2


def derive_handle(title: str) -> str:
    """A handle from a title: ``"Café Crème 250 g"`` -> ``"cafe-creme-250-g"``."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    handle = _NOT_HANDLE.sub("-", ascii_title.lower()).strip("-")[:MAX_HANDLE].strip("-")
    return handle or "product"


def is_valid_gtin(code: str) -> bool:
    """Whether ``code`` is a GTIN-8, -12, -13 or -14 with a correct check digit."""
    if not code.isascii() or not code.isdigit() or len(code) not in (8, 12, 13, 14):
        return False
    digits = [int(c) for c in code]
    body, check = digits[:-1], digits[-1]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def sanitise_html(html: str) -> str:
    """The description's HTML with scripts, event handlers and unsafe URLs removed."""
    return nh3.clean(html, link_rel="noopener noreferrer nofollow").strip()


def check_product(draft: ProductDraft) -> ProductDraft:
    """``draft`` normalised; :class:`ProductInvalid` with every broken rule otherwise."""
    errors: dict[str, str] = {}
    title = draft.title.strip()
    if not title:
        errors["title"] = "required"
    elif len(title) > MAX_TITLE:
        errors["title"] = f"at most {MAX_TITLE} characters"
    if _has_control(title, draft.product_type, *draft.tags, *draft.options):
        errors["__all__"] = "text fields cannot hold control characters"
    handle = draft.handle.strip().lower() or derive_handle(title)
    if len(handle) > MAX_HANDLE or not HANDLE.match(handle):
        errors["handle"] = "lower-case letters, digits and single hyphens (at most 100)"
    description = sanitise_html(draft.description.replace("\x00", ""))
    if len(description) > MAX_DESCRIPTION:
        errors["description"] = f"at most {MAX_DESCRIPTION} characters"
    product_type = draft.product_type.strip()
    if len(product_type) > MAX_TEXT:
        errors["product_type"] = f"at most {MAX_TEXT} characters"
    tags = _tags(draft.tags, errors)
    options = _options(draft.options, errors)
    images = _images(draft.images, errors)
    variants = _variants(draft.variants, options, errors)
    if errors:
        raise ProductInvalid(errors)
    return replace(
        draft,
        handle=handle,
        title=title,
        variants=variants,
        description=description,
        product_type=product_type,
        tags=tags,
        options=options,
        images=images,
    )


def _has_control(*texts: str) -> bool:
    return any(c < " " or c == "\x7f" for text in texts for c in text)


def _tags(raw: tuple[str, ...], errors: dict[str, str]) -> tuple[str, ...]:
    tags: dict[str, str] = {}
    for tag in (t.strip() for t in raw):
        if not tag:
            continue
        if len(tag) > MAX_TAG or "," in tag:
            errors["tags"] = f"each tag at most {MAX_TAG} characters, without commas"
        tags.setdefault(tag.lower(), tag)
    if len(tags) > MAX_TAGS:
        errors["tags"] = f"at most {MAX_TAGS} tags"
    return tuple(tags.values())


def _options(raw: tuple[str, ...], errors: dict[str, str]) -> tuple[str, ...]:
    options = tuple(o.strip() for o in raw)
    if len(options) > MAX_OPTIONS:
        errors["options"] = f"at most {MAX_OPTIONS} options (size, colour, ...)"
    elif any(not o or len(o) > MAX_TEXT for o in options):
        errors["options"] = f"every option needs a name of at most {MAX_TEXT} characters"
    elif len({o.lower() for o in options}) != len(options):
        errors["options"] = "option names must be different"
    return options


def _images(raw: tuple[str, ...], errors: dict[str, str]) -> tuple[str, ...]:
    images = tuple(i.strip() for i in raw if i.strip())
    if len(images) > MAX_IMAGES:
        errors["images"] = f"at most {MAX_IMAGES} images"
    bad = [i for i in images if len(i) > MAX_URL or not _is_image_address(i)]
    if bad:
        errors["images"] = "each image is an http(s) address or a path, at most 500 characters"
    return images


def _is_image_address(url: str) -> bool:
    if url.startswith("/"):
        return not url.startswith("//")
    return url.startswith(("https://", "http://")) and not any(c.isspace() for c in url)


def _variants(
    raw: tuple[VariantDraft, ...], options: tuple[str, ...], errors: dict[str, str]
) -> tuple[VariantDraft, ...]:
    if not raw:
        errors["variants"] = "a product needs at least one variant"
    elif len(raw) > MAX_VARIANTS:
        errors["variants"] = f"at most {MAX_VARIANTS} variants"
    skus: set[str] = set()
    combinations: set[tuple[str, ...]] = set()
    out = []
    for i, variant in enumerate(raw):
        at = f"variants[{i}]"
        v = _variant(variant, options, at, errors)
        if v.sku in skus:
            errors[f"{at}.sku"] = f"SKU {v.sku} is given twice"
        skus.add(v.sku)
        combination = tuple(value.lower() for value in v.option_values)
        if len(v.option_values) == len(options) and combination in combinations:
            errors.setdefault(
                f"{at}.options",
                "another variant has these option values"
                if options
                else "a product without options has one variant",
            )
        combinations.add(combination)
        out.append(v)
    return tuple(out)


def _variant(
    v: VariantDraft, options: tuple[str, ...], at: str, errors: dict[str, str]
) -> VariantDraft:
    sku = v.sku.strip()
    if not sku or len(sku) > MAX_SKU or not SKU.match(sku):
        errors[f"{at}.sku"] = f"required: at most {MAX_SKU} characters without spaces"
    values = tuple(o.strip() for o in v.option_values)
    bad = any(not o or len(o) > MAX_TEXT or _has_control(o) for o in values)
    if len(values) != len(options) or bad:
        errors[f"{at}.options"] = (
            f"one value per option ({', '.join(options)})" if options else "no options to set"
        )
    _check_money(v.price, f"{at}.price", errors)
    if v.compare_at_price is not None:
        _check_money(v.compare_at_price, f"{at}.compare_at_price", errors)
        if v.compare_at_price.currency != v.price.currency:
            errors[f"{at}.compare_at_price"] = "in the currency of the price"
        elif v.compare_at_price.amount < v.price.amount:
            errors[f"{at}.compare_at_price"] = "at least the price"
    barcode = (v.barcode or "").strip() or None
    if barcode is not None and not is_valid_gtin(barcode):
        errors[f"{at}.barcode"] = "a GTIN-8, -12, -13 or -14 with its check digit"
    if v.weight is not None and (not math.isfinite(v.weight) or v.weight < 0):
        errors[f"{at}.weight"] = "a weight of 0 or more"
    elif (v.weight is None) != (v.weight_unit is None):
        errors[f"{at}.weight_unit"] = "a weight needs its unit (g, kg, lb, oz) and the reverse"
    elif v.weight_unit is not None and v.weight_unit not in WEIGHT_UNITS:
        errors[f"{at}.weight_unit"] = "one of g, kg, lb, oz"
    return replace(v, sku=sku, option_values=values, barcode=barcode)


def _check_money(money: Money, at: str, errors: dict[str, str]) -> None:
    if not CURRENCY.match(money.currency):
        errors[at] = "the currency is an ISO 4217 code of three upper-case letters (EUR)"
    elif money.amount < 0:
        errors[at] = "0 or more"
