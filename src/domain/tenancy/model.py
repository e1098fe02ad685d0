"""Tenancy entities."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

__all__ = [
    "DomainInvalid",
    "Platform",
    "PlatformCodeInvalid",
    "PlatformCodeTaken",
    "normalise_domain",
]

_CODE = re.compile(r"^[a-z][a-z0-9-]{1,39}$")
_DOMAIN = re.compile(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)


class PlatformCodeInvalid(ValueError):
    """A platform code must be 2 to 40 characters: a-z, 0-9 and '-', starting with a letter."""


class PlatformCodeTaken(ValueError):
    """Another platform already has this code."""


class DomainInvalid(ValueError):
    """A host name that is not a valid domain."""


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
        if not _CODE.match(code):
            raise PlatformCodeInvalid(
                f"platform code '{code}' must be 2-40 characters of a-z, 0-9 and '-', "
                "starting with a letter"
            )
        return code


def normalise_domain(domain: str) -> str:
    """Lower-case, strip a port and a trailing dot; raise :class:`DomainInvalid` if invalid."""
    host = domain.strip().lower().rstrip(".")
    if ":" in host:
        host = host.rsplit(":", 1)[0]
    if not _DOMAIN.match(host):
        raise DomainInvalid(f"'{domain}' is not a valid domain name")
    return host
