"""A customer form to and from the input Structs the JSON API takes.

The form posts the API's field names; addresses come as numbered blocks
(``address-0-line1``, ``address-0-city``, ...), each decoded into :class:`AddressIn`, a
block left empty being no address. Errors of a block are reported on its fields
(``address-0-city``), every field at fault at once.
"""

from __future__ import annotations

import re
from typing import TypeVar

import msgspec

from mercato.adapters.customers.inputs import AddressIn, CustomerIn, CustomerPatchIn
from mercato.adapters.web.form_input import FormInvalid, decode_form
from mercato.domain.customers.model import MAX_ADDRESSES, Customer

__all__ = ["ADDRESS_FIELDS", "address_blocks", "decode_customer", "values_of"]

S = TypeVar("S", CustomerIn, CustomerPatchIn)
ADDRESS_FIELDS = ("label", "line1", "line2", "postal_code", "city", "region", "country")
_BLOCK = re.compile(r"^address-(\d{1,2})-(\w+)$")


def _blocks(values: dict[str, str]) -> dict[int, dict[str, str]]:
    blocks: dict[int, dict[str, str]] = {}
    for key, value in values.items():
        found = _BLOCK.match(key)
        if found and found.group(2) in ADDRESS_FIELDS and int(found.group(1)) < MAX_ADDRESSES:
            blocks.setdefault(int(found.group(1)), {})[found.group(2)] = value
    return blocks


def address_blocks(values: dict[str, str]) -> list[int]:
    """The block numbers to show: those posted, and one empty block more (at most 10)."""
    shown = sorted(_blocks(values))
    following = (shown[-1] + 1) if shown else 0
    return [*shown, following][:MAX_ADDRESSES]


def decode_customer(values: dict[str, str], type_: type[S]) -> S:
    """The form as ``type_``; ``FormInvalid`` naming every field at fault.

    ``marketing_consent`` is a hidden ``false`` followed by a checkbox ``true``: ticked
    when any value is ``true``. The addresses always replace the customer's.
    """
    fields = {k: v for k, v in values.items() if not _BLOCK.match(k)}
    consent = values.get("marketing_consent", "").split("\n")
    fields["marketing_consent"] = "true" if "true" in consent else "false"
    errors: dict[str, str] = {}
    addresses: list[AddressIn] = []
    for number, block in sorted(_blocks(values).items()):
        if not any(v.strip() for v in block.values()):
            continue
        try:
            addresses.append(decode_form(block, AddressIn))
        except FormInvalid as exc:
            errors.update({f"address-{number}-{k}": m for k, m in exc.errors.items()})
    try:
        data = decode_form(fields, type_)
    except FormInvalid as exc:
        errors = {**exc.errors, **errors}
        raise FormInvalid(errors) from exc
    if errors:
        raise FormInvalid(errors)
    return msgspec.structs.replace(data, addresses=addresses)


def values_of(c: Customer) -> dict[str, str]:
    """A customer as the values of its edit form."""
    values = {
        "email": c.email,
        "name": c.name,
        "phone": c.phone,
        "marketing_consent": "true" if c.marketing_consent else "false",
        "notes": c.notes,
        "tags": ", ".join(c.tags),
    }
    for number, a in enumerate(c.addresses):
        for name in ADDRESS_FIELDS:
            values[f"address-{number}-{name}"] = getattr(a, name)
    return values
