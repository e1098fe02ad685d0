"""The place-order form of the vendor pages, decoded into the API's :class:`PlaceOrderIn`.

The form posts the API's fields under the names the API gives their errors:
``customer.email``, ``customer.name``, one row per line (``lines[0].sku``,
``lines[0].quantity``) and ``shipping`` (minor units of the order's currency). Fully empty
rows are left out. The form starts with three rows; its "Add a line" button (``add_line``)
posts what was typed and draws it again with one empty row more, placing nothing. Every field
at fault is reported on its form field, whether the Struct's limits or the placement's rules
(an unknown SKU, short stock) refused it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import msgspec

from mercato.adapters.orders.inputs import PlaceOrderIn
from mercato.adapters.web.form_input import FormInvalid
from mercato.domain.orders.placing import MAX_LINES
from mercato.ports.errors import DomainError

__all__ = ["ADD_LINE", "BLANK_ROWS", "decode_order_form", "order_form_errors", "rows_of"]

BLANK_ROWS = 3
ADD_LINE = "add_line"
"""The name of the form's "Add a line" submit button."""
_ROW = re.compile(r"lines\[(\d{1,3})\]\.(sku|quantity)\Z")
_PATH = re.compile(r"`\$\.([^`]*)`")
_AT = re.compile(r" - at `\$[^`]*`$")
_LINE = re.compile(r"lines\[(\d+)\](?:\.(\w+))?")
_MESSAGES = (
    (re.compile(r"^Expected `str` of length >= 1"), "required"),
    (re.compile(r"^Expected `str` of length >= (\d+)"), "at least {0} characters"),
    (re.compile(r"^Expected `str` of length <= (\d+)"), "at most {0} characters"),
    (re.compile(r"^Expected `int` >= 1"), "at least 1"),
    (re.compile(r"^Expected `int` <= (\d+)"), "at most {0}"),
    (re.compile(r"^Expected `array` of length <= (\d+)"), "at most {0} lines"),
)


def rows_of(values: Mapping[str, str], more: int = 0) -> int:
    """How many line rows the form shows: every row it was sent with (at least three), and
    ``more`` empty ones after them; never more than an order may have lines."""
    sent = [int(m.group(1)) for k in values if (m := _ROW.match(k))]
    return min(max(max(sent, default=-1) + 1, BLANK_ROWS) + more, MAX_LINES)


def _whole(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 13 else None


def decode_order_form(values: Mapping[str, str]) -> tuple[PlaceOrderIn, list[int]]:
    """The form as :class:`PlaceOrderIn`, and the form row of each of its lines;
    :class:`FormInvalid` naming every field at fault."""
    rows: dict[int, dict[str, str]] = {}
    for key, value in values.items():
        if m := _ROW.match(key):
            rows.setdefault(int(m.group(1)), {})[m.group(2)] = value
    order = [i for i in sorted(rows) if any(v.strip() for v in rows[i].values())]
    errors: dict[str, str] = {}
    lines: list[dict[str, Any]] = []
    for i in order:
        quantity = _whole(rows[i].get("quantity", "") or "1")
        if quantity is None:
            errors[f"lines[{i}].quantity"] = "a whole number of units"
        if not rows[i].get("sku", "").strip():
            errors[f"lines[{i}].sku"] = "required"
        lines.append({"sku": rows[i].get("sku", "").strip(), "quantity": quantity or 1})
    if not order:
        errors["lines[0].sku"] = "an order needs at least one line"
    shipping = _whole(values.get("shipping", "") or "0")
    if shipping is None:
        errors["shipping"] = "a whole number of minor units (450 for 4.50)"
    body = {
        "customer": {
            "email": values.get("customer.email", "").strip(),
            "name": values.get("customer.name", "").strip(),
        },
        "lines": lines or [{"sku": "-", "quantity": 1}],
        "shipping": shipping or 0,
    }
    try:
        data = msgspec.convert(body, PlaceOrderIn)
    except msgspec.ValidationError as exc:
        found = _PATH.search(str(exc))
        name = form_field(found.group(1) if found else "__all__", order)
        errors.setdefault(name, _message(str(exc)))
        raise FormInvalid(errors) from exc
    if errors:
        raise FormInvalid(errors)
    return data, order


def _message(text: str) -> str:
    text = _AT.sub("", text)
    for pattern, message in _MESSAGES:
        if m := pattern.match(text):
            return message.format(*m.groups())
    return text


def form_field(path: str, order: list[int]) -> str:
    """The form field of a JSON path or a rule's field: ``lines[1].sku`` (the second typed
    line) -> ``lines[3].sku`` (its form row); ``Idempotency-Key`` -> ``__all__``."""
    m = _LINE.match(path)
    if m:
        typed = int(m.group(1))
        row = order[typed] if typed < len(order) else typed
        return f"lines[{row}].{m.group(2) or 'sku'}"
    if path.startswith("customer"):
        return path if path in ("customer.email", "customer.name") else "customer.email"
    return path if path == "shipping" else "__all__"


def order_form_errors(exc: DomainError, order: list[int]) -> FormInvalid:
    """A refusal with its field renamed to the form's."""
    if isinstance(exc, FormInvalid):
        return exc
    return FormInvalid({form_field(exc.field or "__all__", order): exc.message})
