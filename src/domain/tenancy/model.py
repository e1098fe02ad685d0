"""Tenancy entities: platforms, companies, vendors and their domains, users, teams, tokens."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

import idna

from mercato.ports.errors import Conflict, InvalidInput

__all__ = [
    "ApiToken",
    "Company",
    "DomainInvalid",
    "InstallationAddress",
    "Invitation",
    "Membership",
    "Platform",
    "PlatformAdmin",
    "PlatformCodeInvalid",
    "PlatformCodeTaken",
    "Role",
    "User",
    "Vendor",
    "VendorDomain",
    "VendorPlatform",
    "VendorStatus",
    "check_email",
    "check_name",
    "check_slug",
    "normalise_domain",
]

# A slug or a code: 2-40 characters of a-z, 0-9 and '-', starting with a letter. ``\A`` and
# ``\Z``, not ``^`` and ``$``: ``$`` also matches before a final newline ("atlas-books\n").
_CODE = re.compile(r"\A[a-z][a-z0-9-]{1,39}\Z")
_LABEL = re.compile(r"\A[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\Z")
_RESERVED_HOSTS = frozenset({"localhost", "localhost.localdomain"})


@dataclass(frozen=True)
class InstallationAddress:
    """The host of the installation's own address and the platform served there.

    ``host`` comes from ``MERCATO_PUBLIC_URL`` (links are built from it) and ``platform_code``
    from ``MERCATO_DEFAULT_PLATFORM`` (the platform answering hosts no platform lists). No
    vendor may claim that host, and no platform but the default one may list it: either would
    take over the traffic and links of the installation's own address.
    """

    host: str | None = None
    platform_code: str | None = None

    def check(self, host: str, field_name: str, platform_code: str | None = None) -> None:
        """``InvalidInput`` when ``host`` is the installation's own and ``platform_code`` is
        not the platform served there (``None``: a vendor's claim)."""
        if self.host is None or host != self.host:
            return
        if platform_code is not None and platform_code == self.platform_code:
            return
        raise InvalidInput(f"'{host}' is the address of this installation", field_name)


class PlatformCodeInvalid(InvalidInput):
    """A platform code must be 2 to 40 characters: a-z, 0-9 and '-', starting with a letter."""


class PlatformCodeTaken(Conflict):
    """Another platform already has this code or domain."""


class DomainInvalid(InvalidInput):
    """A host name that is not a valid domain."""


def check_slug(value: str, what: str = "slug", field_name: str = "slug") -> str:
    """Return ``value`` if it is 2-40 characters of a-z, 0-9 and '-', starting with a letter."""
    if not _CODE.fullmatch(value):
        raise InvalidInput(
            f"{what} '{value}' must be 2-40 characters of a-z, 0-9 and '-', starting with a letter",
            field_name,
        )
    return value


def check_name(value: str, what: str, limit: int = 200, field_name: str = "name") -> str:
    """``value`` stripped; ``InvalidInput`` when it is blank or longer than ``limit``.

    ``what`` names the thing in the message: "a company needs a name".
    """
    name = value.strip()
    if not name:
        raise InvalidInput(f"{what} needs a name", field_name)
    if len(name) > limit:
        raise InvalidInput(f"a name has at most {limit} characters", field_name)
    return name


def check_email(value: str) -> str:
    """The e-mail address (domain IDNA-normalised) lower-cased; ``InvalidInput`` if it is not
    one. The syntax is checked by ``email-validator`` (no DNS look-up)."""
    import email_validator  # imported on first use: start-up time

    try:
        found = email_validator.validate_email(value.strip(), check_deliverability=False)
    except email_validator.EmailNotValidError as exc:
        raise InvalidInput(f"'{value.strip()}' is not an e-mail address: {exc}", "email") from exc
    return f"{found.local_part}@{found.ascii_domain}".lower()


def normalise_domain(domain: str) -> str:
    """The host name lower-cased and IDNA-encoded (punycode), without a trailing dot.

    Raises :class:`DomainInvalid` for anything but a host name of two labels or more: an
    address with a scheme, port or path, an IP address, ``localhost``, a name whose top-level
    label is all digits.
    """
    raw = domain.strip()
    try:
        host = idna.encode(raw.rstrip("."), uts46=True).decode("ascii") if raw else ""
    except (idna.IDNAError, UnicodeError):
        host = ""
    labels = host.split(".")
    if (
        len(host) > 253
        or len(labels) < 2
        or not all(_LABEL.fullmatch(label) for label in labels)
        or labels[-1].isdigit()
        or host in _RESERVED_HOSTS
    ):
        raise DomainInvalid(
            f"'{raw}' is not a host name: give a name such as shop.example.com "
            "(no scheme, port, path or IP address)",
            "domain",
        )
    return host


@dataclass(frozen=True, slots=True)
class Platform:
    """A market brand served by this installation."""

    id: int
    code: str
    name: str
    domains: tuple[str, ...] = ()
    created_at: datetime | None = None
    settings: dict[str, object] = field(default_factory=dict)

    @staticmethod
    def check_code(code: str) -> str:
        """Return ``code`` if valid, else raise :class:`PlatformCodeInvalid`."""
        if not _CODE.fullmatch(code):
            raise PlatformCodeInvalid(
                f"platform code '{code}' must be 2-40 characters of a-z, 0-9 and '-', "
                "starting with a letter",
                "code",
            )
        return code


@dataclass(frozen=True, slots=True)
class Company:
    """The legal entity that owns vendors."""

    id: int
    name: str
    registration_number: str = ""
    created_at: datetime | None = None


class VendorStatus(StrEnum):
    """A vendor's standing on one platform."""

    ACTIVE = "active"
    SUSPENDED = "suspended"


@dataclass(frozen=True, slots=True)
class Vendor:
    """A shop. It joins platforms through :class:`VendorPlatform`; it has no platform id."""

    id: int
    slug: str
    name: str
    company_id: int
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class VendorPlatform:
    """A vendor's membership of one platform, with its status there."""

    vendor_id: int
    platform_id: int
    status: VendorStatus
    joined_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class VendorDomain:
    """A custom domain of a vendor's storefront.

    It serves the storefront once ``verified`` (the vendor published ``verification_token``
    in DNS); a domain belongs to at most one vendor, and a vendor has one primary domain.
    """

    id: int
    vendor_id: int
    domain: str
    verification_token: str
    verified: bool = False
    is_primary: bool = False
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class User:
    """A person who signs in. ``password_hash`` is argon2id; never shown."""

    id: int
    email: str
    display_name: str
    password_hash: str = field(repr=False)
    is_active: bool = True
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class PlatformAdmin:
    """An operator: of one platform, or of all of them (``platform_id`` is None: super admin)."""

    user_id: int
    platform_id: int | None

    @property
    def is_super_admin(self) -> bool:
        """True for an administrator of every platform."""
        return self.platform_id is None


@dataclass(frozen=True, slots=True)
class Role:
    """A vendor's custom role: a name and permission codes from the catalogue."""

    id: int
    vendor_id: int
    name: str
    permissions: frozenset[str]


@dataclass(frozen=True, slots=True)
class Membership:
    """A user on a vendor's team; ``role`` is a preset name or ``custom:<role id>``."""

    vendor_id: int
    user_id: int
    role: str
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Invitation:
    """An invitation to a vendor's team; its token is single-use and expires."""

    id: int
    vendor_id: int
    email: str
    role: str
    token_hash: str = field(repr=False)
    expires_at: datetime
    invited_by: int | None = None
    accepted_at: datetime | None = None
    created_at: datetime | None = None

    def is_open(self, now: datetime) -> bool:
        """Not accepted and not expired at ``now``."""
        return self.accepted_at is None and now < self.expires_at


@dataclass(frozen=True, slots=True)
class ApiToken:
    """A personal API token, scoped to one vendor or one platform; stored hashed."""

    id: int
    user_id: int
    name: str
    prefix: str
    token_hash: str = field(repr=False)
    vendor_id: int | None = None
    platform_id: int | None = None
    created_at: datetime | None = None
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None

    @property
    def is_revoked(self) -> bool:
        """True once revoked."""
        return self.revoked_at is not None
