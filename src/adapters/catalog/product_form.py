"""The product form of the vendor pages, decoded into the API's :class:`ProductIn`.

The form posts the API's fields (``title``, ``options`` as "Size, Colour", ``tags``) and one
row of fields per variant, named as the API names their errors: ``variants[0].sku``,
``variants[0].price`` (in major units, ``19.90``), ``variants[0].currency``,
``variants[0].options`` ("M / Blue"). Blank rows (the prefilled currency aside) are left
out. Every field at fault is reported on its form field, whether the Struct's limits or the
catalog's rules refused it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import msgspec

from mercato.adapters.catalog._common import format_money
from mercato.adapters.catalog.inputs import ProductIn
from mercato.adapters.web.form_input import FormInvalid
from mercato.domain.catalog.model import Product, ProductInvalid
from mercato.domain.catalog.rules import check_product, minor_digits
from mercato.ports.money import Money

__all__ = ["BLANK_ROWS", "decode_product_form", "form_errors", "product_form_values", "rows_of"]

BLANK_ROWS = 2
_ROW = re.compile(r"variants\[(\d{1,3})\]\.(\w+)\Z")
_PATH = re.compile(r"`\$\.([^`]*)`")
_AT = re.compile(r" - at `\$[^`]*`$")


def rows_of(values: Mapping[str, str]) -> int:
    """How many variant rows the form shows: those typed and two blank ones."""
    typed = [int(m.group(1)) for k in values if (m := _ROW.match(k))]
    return max(typed, default=-1) + 1 + BLANK_ROWS


def product_form_values(p: Product) -> dict[str, str]:
    """A product as the form's values."""
    values = {
        "title": p.title,
        "handle": p.handle,
        "status": p.status.value,
        "description": p.description,
        "product_type": p.product_type,
        "tags": ", ".join(p.tags),
        "options": ", ".join(p.options),
        "images": "\n".join(p.images),
    }
    for i, v in enumerate(p.variants):
        at = f"variants[{i}]"
        values.update(
            {
                f"{at}.sku": v.sku,
                f"{at}.price": _major(v.price),
                f"{at}.currency": v.price.currency,
                f"{at}.compare_at_price": _major(v.compare_at_price),
                f"{at}.options": " / ".join(v.option_values),
                f"{at}.barcode": v.barcode or "",
                f"{at}.weight": "" if v.weight is None else f"{v.weight:g}",
                f"{at}.weight_unit": v.weight_unit or "",
            }
        )
    return values


def _major(m: Money | None) -> str:
    return format_money(m).split(" ")[0] if m is not None else ""


def _minor(text: str, currency: str) -> int | None:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    scaled = value.scaleb(minor_digits(currency))
    if not value.is_finite() or scaled != scaled.to_integral_value() or abs(scaled) > 10**12:
        return None
    return int(scaled)


def _variant(i: int, row: Mapping[str, str], errors: dict[str, str]) -> dict[str, Any]:
    at = f"variants[{i}]"
    currency = row.get("currency", "").strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        errors[f"{at}.currency"] = "an ISO 4217 code such as EUR"
        currency = "XXX"  # a stand-in, so that the other fields are still checked
    out: dict[str, Any] = {
        "sku": row.get("sku", "").strip(),
        "options": [o.strip() for o in row.get("options", "").split("/") if o.strip()],
    }
    price = _minor(row.get("price", ""), currency)
    if price is None:
        errors[f"{at}.price"] = "a price such as 19.90"
    out["price"] = {"amount": price or 0, "currency": currency}
    if row.get("compare_at_price", "").strip():
        compare = _minor(row["compare_at_price"], currency)
        if compare is None:
            errors[f"{at}.compare_at_price"] = "a price such as 24.90"
        out["compare_at_price"] = {"amount": compare or 0, "currency": currency}
    if row.get("barcode", "").strip():
        out["barcode"] = row["barcode"].strip()
    if row.get("weight", "").strip():
        try:
            out["weight"] = float(Decimal(row["weight"].strip()))
        except InvalidOperation:
            errors[f"{at}.weight"] = "a number such as 0.25"
    if row.get("weight_unit", "").strip():
        out["weight_unit"] = row["weight_unit"].strip()
    return out


def _typed(row: Mapping[str, str]) -> bool:
    """Whether a row was filled in: the currency (prefilled) and the unit (a choice) alone
    do not make a variant, so a browser's blank rows are left out."""
    return any(v.strip() for k, v in row.items() if k not in ("currency", "weight_unit"))


def decode_product_form(values: Mapping[str, str]) -> tuple[ProductIn, list[int]]:
    """The form as :class:`ProductIn`, and the form row of each of its variants;
    :class:`FormInvalid` naming every field at fault that the Struct refuses."""
    rows: dict[int, dict[str, str]] = {}
    for key, value in values.items():
        if m := _ROW.match(key):
            rows.setdefault(int(m.group(1)), {})[m.group(2)] = value
    errors: dict[str, str] = {}
    order = [i for i in sorted(rows) if _typed(rows[i])]
    body = {
        "title": values.get("title", "").strip(),
        "handle": values.get("handle", "").strip(),
        "status": values.get("status", "draft"),
        "description": values.get("description", ""),
        "product_type": values.get("product_type", "").strip(),
        "tags": [t.strip() for t in values.get("tags", "").split(",") if t.strip()],
        "options": [o.strip() for o in values.get("options", "").split(",") if o.strip()],
        "images": [i.strip() for i in values.get("images", "").splitlines() if i.strip()],
        "variants": [_variant(i, rows[i], errors) for i in order],
    }
    if not body["title"]:
        errors["title"] = "required"
    if not order:
        errors["variants[0].sku"] = "a product needs at least one variant"
    try:
        data = msgspec.convert(body, ProductIn)
    except msgspec.ValidationError as exc:
        found = _PATH.search(str(exc))
        name = _form_field(found.group(1) if found else "__all__", order)
        errors.setdefault(name, _AT.sub("", str(exc)))
        raise FormInvalid(errors) from exc
    if errors:  # the rules' refusals too, so that every field at fault is shown at once
        try:
            check_product(data.draft())
        except ProductInvalid as exc:
            for key, message in exc.errors.items():
                errors.setdefault(_form_field(key, order), message)
        raise FormInvalid(errors)
    return data, order


def _form_field(path: str, order: list[int]) -> str:
    """The form field of a JSON path or a rule's field: ``variants[1].price.amount`` (the
    second typed row) -> ``variants[3].price`` (its form row)."""
    m = re.match(r"variants\[(\d+)\]\.?(\w*)(?:\.(\w+))?", path)
    if not m:
        return path.split(".", maxsplit=1)[0].split("[", maxsplit=1)[0] or "__all__"
    row = order[int(m.group(1))] if int(m.group(1)) < len(order) else int(m.group(1))
    name = m.group(2) or "sku"
    if name == "price" and m.group(3) == "currency":
        name = "currency"
    return f"variants[{row}].{name}"


def form_errors(exc: ProductInvalid | FormInvalid, order: list[int]) -> FormInvalid:
    """A refusal of the rules with its fields renamed to the form's."""
    if isinstance(exc, FormInvalid):
        return exc
    return FormInvalid({_form_field(k, order): v for k, v in exc.errors.items()})
