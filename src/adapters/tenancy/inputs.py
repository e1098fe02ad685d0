"""The input of every tenancy operation: one msgspec Struct serves its page and its JSON API.

The JSON API takes them as request bodies (``JSONBody[CompanyIn]``); the pages decode their
forms into the same types with :func:`adapters.web.form_input.decode_form`, which reports
every field at fault. The constraints here are the edge's; the use cases keep their own rules
(a slug's form, an address's syntax, a name's uniqueness).
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from mercato.adapters.web.params import Id
from mercato.domain.tenancy.model import VendorStatus
from mercato.ports.errors import InvalidInput

__all__ = [
    "ApiIn",
    "AttachIn",
    "CompanyIn",
    "DomainIn",
    "GrantIn",
    "InviteIn",
    "PlatformIn",
    "PlatformUpdateIn",
    "RoleChangeIn",
    "RoleIn",
    "RolePatchIn",
    "TokenIn",
    "UserActiveIn",
    "UserIn",
    "VendorIn",
    "VendorStatusIn",
]

# JSON Schema patterns (ECMA-262 and Python alike); ``$(?!\n)`` because Python's ``$`` also
# matches before a final newline.
_SLUG = r"^[a-z][a-z0-9-]{1,39}$(?!\n)"
_ROLE = r"^(owner|manager|staff|viewer|custom:[1-9][0-9]{0,9})$(?!\n)"
_SLUG_RULE = "2-40 characters of a-z, 0-9 and '-', starting with a letter"

Name = Annotated[
    str,
    msgspec.Meta(min_length=1, max_length=200, pattern=r"\S", description="a name, not blank"),
]
ShortName = Annotated[
    str,
    msgspec.Meta(min_length=1, max_length=100, pattern=r"\S", description="a name, not blank"),
]
Slug = Annotated[str, msgspec.Meta(max_length=40, pattern=_SLUG, description=_SLUG_RULE)]
Email = Annotated[str, msgspec.Meta(min_length=1, max_length=320, description="an e-mail address")]
Host = Annotated[
    str, msgspec.Meta(min_length=1, max_length=253, description="a host name: shop.example.com")
]
Hosts = Annotated[list[Host], msgspec.Meta(max_length=50)]
RoleValue = Annotated[
    str,
    msgspec.Meta(
        max_length=60,
        pattern=_ROLE,
        description="owner, manager, staff, viewer or custom:<role id>",
    ),
]
PermissionCodes = Annotated[
    list[Annotated[str, msgspec.Meta(max_length=100)]], msgspec.Meta(max_length=500)
]


class ApiIn(msgspec.Struct, forbid_unknown_fields=True):
    """Request bodies refuse unknown fields (a typo is an error, not a silent no-op)."""


class CompanyIn(ApiIn):
    name: Name
    registration_number: Annotated[str, msgspec.Meta(max_length=100)] = ""


class VendorIn(ApiIn):
    slug: Slug
    name: Name
    company_id: Id
    platforms: Annotated[list[Slug], msgspec.Meta(max_length=100)] = []


class AttachIn(ApiIn):
    platform: Slug


class VendorStatusIn(ApiIn):
    platform: Slug
    status: VendorStatus


class PlatformIn(ApiIn):
    code: Slug
    name: Name
    domains: Hosts = []


class PlatformUpdateIn(ApiIn):
    name: Name | None = None
    domains: Hosts | None = None


class UserIn(ApiIn):
    email: Email
    password: Annotated[str, msgspec.Meta(min_length=1, max_length=1000)]
    display_name: Annotated[str, msgspec.Meta(max_length=200)] = ""


class UserActiveIn(ApiIn):
    active: bool


class GrantIn(ApiIn):
    """A grant of one ``platform``, or of every platform (``super_admin``): exactly one."""

    email: Email
    platform: Slug | None = None
    super_admin: bool = False

    def scope(self) -> str | None:
        """The platform code, or ``None`` for every platform; ``InvalidInput`` unless
        exactly one of ``platform`` and ``super_admin`` is given."""
        if self.super_admin == (self.platform is not None):
            raise InvalidInput("name exactly one of 'platform' and 'super_admin'", "platform")
        return self.platform


class InviteIn(ApiIn):
    email: Email
    role: RoleValue = "staff"


class RoleChangeIn(ApiIn):
    role: RoleValue


class RoleIn(ApiIn):
    name: ShortName
    permissions: PermissionCodes = msgspec.field(default_factory=list)


class RolePatchIn(ApiIn):
    name: ShortName | None = None
    permissions: PermissionCodes | None = None


class TokenIn(ApiIn):
    name: ShortName


class DomainIn(ApiIn):
    domain: Host
