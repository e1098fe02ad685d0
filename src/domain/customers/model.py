"""A vendor's customers and the rules of their fields.

Every check raises :class:`InvalidInput` naming the field at fault (``email``, ``phone``,
``addresses``, ``tags``, ...), worded for the person who typed it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from mercato.ports.errors import InvalidInput

__all__ = [
    "MAX_ADDRESSES",
    "MAX_NOTES",
    "MAX_TAGS",
    "Address",
    "Customer",
    "CustomerDraft",
    "CustomerFilter",
    "CustomerInput",
    "CustomerPatch",
    "PlatformCustomer",
    "check_address",
    "check_addresses",
    "check_email",
    "check_name",
    "check_notes",
    "check_phone",
    "check_tags",
    "consent_since",
    "draft_of",
]

MAX_ADDRESSES = 10
MAX_TAGS = 20
MAX_NOTES = 5000
_TAG = re.compile(r"[a-z0-9][a-z0-9 _-]{0,39}")
_PHONE = re.compile(r"\+?[0-9 ()./-]{3,40}")
_COUNTRY = re.compile(r"[A-Z]{2}")


@dataclass(frozen=True, slots=True)
class Address:
    """A postal address; ``country`` is an ISO 3166-1 alpha-2 code (``SE``, ``DE``)."""

    line1: str
    city: str
    country: str
    line2: str = ""
    postal_code: str = ""
    region: str = ""
    label: str = ""


@dataclass(frozen=True, slots=True)
class Customer:
    """A customer of one vendor; ``email`` is stored normalised (lower-case)."""

    id: int
    vendor_id: int
    email: str
    name: str
    phone: str
    addresses: tuple[Address, ...]
    marketing_consent: bool
    consent_at: datetime | None
    notes: str
    tags: tuple[str, ...]
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class PlatformCustomer:
    """A customer as the platform's administrators see it: with its vendor."""

    customer: Customer
    vendor_slug: str
    vendor_name: str


@dataclass(frozen=True, slots=True)
class CustomerInput:
    """What a person gives for a new customer (or every field of an edited one)."""

    email: str
    name: str = ""
    phone: str = ""
    addresses: Sequence[Address] = ()
    marketing_consent: bool = False
    notes: str = ""
    tags: Sequence[str] = ()


@dataclass(frozen=True, slots=True)
class CustomerPatch:
    """The fields to change; ``None`` leaves a field as it is."""

    email: str | None = None
    name: str | None = None
    phone: str | None = None
    addresses: Sequence[Address] | None = None
    marketing_consent: bool | None = None
    notes: str | None = None
    tags: Sequence[str] | None = None

    def applied_to(self, current: Customer) -> CustomerInput:
        """The customer's fields with this patch applied."""
        return CustomerInput(
            email=current.email if self.email is None else self.email,
            name=current.name if self.name is None else self.name,
            phone=current.phone if self.phone is None else self.phone,
            addresses=current.addresses if self.addresses is None else self.addresses,
            marketing_consent=(
                current.marketing_consent
                if self.marketing_consent is None
                else self.marketing_consent
            ),
            notes=current.notes if self.notes is None else self.notes,
            tags=current.tags if self.tags is None else self.tags,
        )


@dataclass(frozen=True, slots=True)
class CustomerDraft:
    """Checked, normalised fields, ready to be written."""

    email: str
    name: str
    phone: str
    addresses: tuple[Address, ...]
    marketing_consent: bool
    consent_at: datetime | None
    notes: str
    tags: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class CustomerFilter:
    """Narrows a list: customers with ``tag``, and/or whose consent is ``consent``."""

    tag: str = ""
    consent: bool | None = None


def check_email(value: str) -> str:
    """The address with its domain IDNA-normalised, lower-cased (so that uniqueness per
    vendor ignores case); ``InvalidInput`` (field ``email``) if it is not one.

    The same rule as the tenancy module's (``email-validator``, no DNS look-up).
    """
    import email_validator  # imported on first use: start-up time

    text = value.strip()
    if not text:
        raise InvalidInput("an e-mail address is required", "email")
    try:
        found = email_validator.validate_email(text, check_deliverability=False)
    except email_validator.EmailNotValidError as exc:
        raise InvalidInput(f"'{text[:320]}' is not an e-mail address: {exc}", "email") from exc
    normalised = f"{found.local_part}@{found.ascii_domain}".lower()
    if len(normalised) > 320:
        raise InvalidInput("an e-mail address has at most 320 characters", "email")
    return normalised


def check_name(value: str) -> str:
    """The name stripped (it may be empty), at most 200 characters."""
    name = " ".join(value.split())
    if len(name) > 200:
        raise InvalidInput("a name has at most 200 characters", "name")
    return name


def check_phone(value: str) -> str:
    """The phone number stripped: empty, or digits with spaces, ``+ ( ) . / -``."""
    phone = " ".join(value.split())
    digits = sum(c.isdigit() for c in phone)
    if phone and (len(phone) > 40 or not _PHONE.fullmatch(phone) or digits < 3):
        raise InvalidInput(
            f"'{phone[:40]}' is not a phone number: use digits, spaces and + ( ) . / -", "phone"
        )
    return phone


def check_notes(value: str) -> str:
    """The notes stripped, at most 5,000 characters."""
    notes = value.strip()
    if len(notes) > MAX_NOTES:
        raise InvalidInput(f"notes have at most {MAX_NOTES} characters", "notes")
    return notes


def check_tags(values: Iterable[str]) -> tuple[str, ...]:
    """The tags lower-cased, inner spaces collapsed, duplicates dropped, sorted.

    A tag is 1-40 characters of a-z, 0-9, space, ``_`` and ``-``, starting with a letter or
    digit; a customer has at most 20.
    """
    tags: set[str] = set()
    for raw in values:
        tag = " ".join(raw.split()).lower()
        if not tag:
            continue
        if not _TAG.fullmatch(tag):
            raise InvalidInput(
                f"the tag '{tag[:40]}' must be 1-40 characters of a-z, 0-9, space, '_' and "
                "'-', starting with a letter or digit",
                "tags",
            )
        tags.add(tag)
    if len(tags) > MAX_TAGS:
        raise InvalidInput(f"a customer has at most {MAX_TAGS} tags", "tags")
    return tuple(sorted(tags))


def _text(value: str, limit: int, what: str, where: str, required: bool = False) -> str:
    text = " ".join(value.split())
    if required and not text:
        raise InvalidInput(f"{where}: {what} is required", "addresses")
    if len(text) > limit:
        raise InvalidInput(f"{where}: {what} has at most {limit} characters", "addresses")
    return text


def check_address(address: Address, where: str = "the address") -> Address:
    """The address stripped; ``InvalidInput`` (field ``addresses``) without a first line, a
    city or a two-letter country code, or with a part too long."""
    country = address.country.strip().upper()
    if not _COUNTRY.fullmatch(country):
        raise InvalidInput(
            f"{where}: the country must be a two-letter ISO code such as SE or DE", "addresses"
        )
    return Address(
        line1=_text(address.line1, 200, "the first line", where, required=True),
        city=_text(address.city, 100, "the city", where, required=True),
        country=country,
        line2=_text(address.line2, 200, "the second line", where),
        postal_code=_text(address.postal_code, 20, "the postal code", where),
        region=_text(address.region, 100, "the region", where),
        label=_text(address.label, 60, "the label", where),
    )


def check_addresses(addresses: Sequence[Address]) -> tuple[Address, ...]:
    """Every address checked (at most 10), in order."""
    if len(addresses) > MAX_ADDRESSES:
        raise InvalidInput(f"a customer has at most {MAX_ADDRESSES} addresses", "addresses")
    return tuple(check_address(a, f"address {i}") for i, a in enumerate(addresses, start=1))


def consent_since(given: bool, before: Customer | None, now: datetime) -> datetime | None:
    """When the consent was given: kept while it holds, ``now`` when newly given, ``None``
    once withdrawn (or never given)."""
    if not given:
        return None
    if before is not None and before.marketing_consent and before.consent_at is not None:
        return before.consent_at
    return now


def draft_of(given: CustomerInput, before: Customer | None, now: datetime) -> CustomerDraft:
    """``given`` checked and normalised; every rule above, the consent date included."""
    return CustomerDraft(
        email=check_email(given.email),
        name=check_name(given.name),
        phone=check_phone(given.phone),
        addresses=check_addresses(given.addresses),
        marketing_consent=given.marketing_consent,
        consent_at=consent_since(given.marketing_consent, before, now),
        notes=check_notes(given.notes),
        tags=check_tags(given.tags),
    )
