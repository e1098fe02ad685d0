"""The input of every customers operation: one msgspec Struct serves its page and its API.

The JSON API takes them as bodies; the pages decode their forms into the same types with
:func:`adapters.web.form_input.decode_form` (an address block at a time, see
``web_vendor``). The use cases keep their own rules (an e-mail's syntax, a tag's form).
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from mercato.domain.customers.model import (
    MAX_ADDRESSES,
    MAX_NOTES,
    MAX_TAGS,
    Address,
    CustomerInput,
    CustomerPatch,
)

__all__ = ["AddressIn", "CustomerIn", "CustomerPatchIn"]

Email = Annotated[str, msgspec.Meta(min_length=1, max_length=320, description="an e-mail address")]
Name = Annotated[str, msgspec.Meta(max_length=200)]
Phone = Annotated[str, msgspec.Meta(max_length=40, description="digits, spaces and + ( ) . / -")]
Notes = Annotated[str, msgspec.Meta(max_length=MAX_NOTES)]
Tag = Annotated[str, msgspec.Meta(max_length=40)]
Tags = Annotated[list[Tag], msgspec.Meta(max_length=MAX_TAGS)]
Country = Annotated[
    str,
    msgspec.Meta(
        min_length=2,
        max_length=2,
        pattern=r"^[A-Za-z]{2}$(?!\n)",
        description="a two-letter ISO 3166 country code such as SE",
    ),
]


class ApiIn(msgspec.Struct, forbid_unknown_fields=True):
    """Request bodies refuse unknown fields (a typo is an error, not a silent no-op)."""


class AddressIn(ApiIn):
    line1: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    city: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    country: Country
    line2: Annotated[str, msgspec.Meta(max_length=200)] = ""
    postal_code: Annotated[str, msgspec.Meta(max_length=20)] = ""
    region: Annotated[str, msgspec.Meta(max_length=100)] = ""
    label: Annotated[str, msgspec.Meta(max_length=60)] = ""

    def address(self) -> Address:
        """The domain's address."""
        return Address(
            self.line1,
            self.city,
            self.country,
            self.line2,
            self.postal_code,
            self.region,
            self.label,
        )


Addresses = Annotated[list[AddressIn], msgspec.Meta(max_length=MAX_ADDRESSES)]


class CustomerIn(ApiIn):
    email: Email
    name: Name = ""
    phone: Phone = ""
    addresses: Addresses = msgspec.field(default_factory=list)
    marketing_consent: bool = False
    notes: Notes = ""
    tags: Tags = msgspec.field(default_factory=list)

    def customer(self) -> CustomerInput:
        """The use case's input."""
        return CustomerInput(
            self.email,
            self.name,
            self.phone,
            tuple(a.address() for a in self.addresses),
            self.marketing_consent,
            self.notes,
            tuple(self.tags),
        )


class CustomerPatchIn(ApiIn):
    """What is left out stays as it is; ``marketing_consent: false`` withdraws consent."""

    email: Email | None = None
    name: Name | None = None
    phone: Phone | None = None
    addresses: Addresses | None = None
    marketing_consent: bool | None = None
    notes: Notes | None = None
    tags: Tags | None = None

    def patch(self) -> CustomerPatch:
        """The use case's patch."""
        return CustomerPatch(
            self.email,
            self.name,
            self.phone,
            None if self.addresses is None else tuple(a.address() for a in self.addresses),
            self.marketing_consent,
            self.notes,
            None if self.tags is None else tuple(self.tags),
        )
