"""The tenancy module's persistence protocols.

Every method on vendor-owned data (domains, memberships, roles, invitations, vendor tokens)
takes the ``vendor_id``: a caller cannot reach another vendor's row by id alone.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from mercato.domain.tenancy.model import (
    ApiToken,
    Company,
    Invitation,
    Membership,
    Platform,
    PlatformAdmin,
    Role,
    User,
    Vendor,
    VendorDomain,
    VendorPlatform,
    VendorStatus,
)
from mercato.ports.pagination import Page, PageRequest

__all__ = [
    "Admission",
    "AttemptLog",
    "CompanyRepository",
    "PasswordResetRepository",
    "PlatformRepository",
    "RoleLookup",
    "TeamRepository",
    "TokenRepository",
    "UserRepository",
    "VendorRepository",
]


class PlatformRepository(Protocol):
    """Stores platforms."""

    async def add(self, code: str, name: str, domains: Sequence[str]) -> Platform:
        """Insert a platform; ``PlatformCodeTaken`` if the code or a domain is taken."""
        ...

    async def update(self, platform_id: int, name: str, domains: Sequence[str]) -> Platform:
        """Rename and replace the domains; ``PlatformCodeTaken`` if a domain is taken."""
        ...

    async def by_id(self, platform_id: int) -> Platform | None:
        """The platform with this id, or ``None``."""
        ...

    async def by_code(self, code: str) -> Platform | None:
        """The platform with ``code``, or ``None``."""
        ...

    async def by_domain(self, domain: str) -> Platform | None:
        """The platform answering on ``domain``, or ``None``."""
        ...

    async def all(self) -> Sequence[Platform]:
        """Every platform, ordered by code."""
        ...

    async def count(self) -> int:
        """How many platforms exist."""
        ...

    async def page(self, request: PageRequest) -> Page[Platform]:
        """Platforms whose code or name contains ``request.search``, sorted as asked."""
        ...


class CompanyRepository(Protocol):
    """Stores companies."""

    async def add(self, name: str, registration_number: str) -> Company:
        """Insert; ``Conflict`` if the name is taken."""
        ...

    async def by_id(self, company_id: int) -> Company | None:
        """The company, or ``None``."""
        ...

    async def by_name(self, name: str) -> Company | None:
        """The company with exactly this name, or ``None``."""
        ...

    async def page(
        self, request: PageRequest, platform_ids: Collection[int] | None = None
    ) -> Page[Company]:
        """Companies whose name contains ``request.search``."""
        ...


class VendorRepository(Protocol):
    """Stores vendors, their platform memberships and their domains."""

    async def add(self, slug: str, name: str, company_id: int) -> Vendor:
        """Insert; ``Conflict`` if the slug is taken."""
        ...

    async def by_id(self, vendor_id: int) -> Vendor | None:
        """The vendor, or ``None``."""
        ...

    async def by_slug(self, slug: str) -> Vendor | None:
        """The vendor with this slug, or ``None``."""
        ...

    async def page(
        self, request: PageRequest, platform_ids: Collection[int] | None = None
    ) -> Page[Vendor]:
        """Vendors (on any of ``platform_ids`` when given) matching the search."""
        ...

    async def set_platform(self, vendor_id: int, platform_id: int, status: VendorStatus) -> None:
        """Join the platform with ``status``, or change the status if already joined."""
        ...

    async def platforms_of(self, vendor_id: int) -> Sequence[VendorPlatform]:
        """The vendor's platform memberships."""
        ...

    async def on_platform(self, vendor_id: int, platform_id: int) -> VendorPlatform | None:
        """The vendor's membership of one platform, or ``None``."""
        ...

    async def count_on_platform(self, platform_id: int) -> dict[VendorStatus, int]:
        """Vendors on the platform by status."""
        ...

    async def recent_on_platform(self, platform_id: int, limit: int) -> Sequence[Vendor]:
        """The vendors that joined the platform most recently."""
        ...

    async def add_domain(self, vendor_id: int, domain: str, token: str) -> VendorDomain:
        """Insert a domain; ``Conflict`` if any vendor already has it."""
        ...

    async def domains(self, vendor_id: int) -> Sequence[VendorDomain]:
        """The vendor's domains, primary first."""
        ...

    async def update_domain(
        self,
        vendor_id: int,
        domain_id: int,
        *,
        verified: bool | None = None,
        primary: bool | None = None,
    ) -> VendorDomain:
        """Change the vendor's domain ``domain_id``; ``NotFound`` for another vendor's id.

        Making one domain primary makes the vendor's other domains not primary.
        """
        ...

    async def remove_domain(self, vendor_id: int, domain_id: int) -> None:
        """Delete the vendor's domain; ``NotFound`` for another vendor's id."""
        ...

    async def by_domain(self, domain: str) -> tuple[Vendor, VendorDomain] | None:
        """The vendor owning the verified domain, or ``None``."""
        ...

    async def count_domains_on_platform(self, platform_id: int) -> tuple[int, int]:
        """Domains of the platform's vendors: (verified, pending)."""
        ...


class UserRepository(Protocol):
    """Stores users and platform administrators."""

    async def add(self, email: str, display_name: str, password_hash: str) -> User:
        """Insert; ``Conflict`` if the e-mail is taken."""
        ...

    async def by_id(self, user_id: int) -> User | None:
        """The user, or ``None``."""
        ...

    async def by_email(self, email: str) -> User | None:
        """The user with this (lower-case) e-mail, or ``None``."""
        ...

    async def set_password(self, user_id: int, password_hash: str) -> None:
        """Replace the password hash."""
        ...

    async def set_active(self, user_id: int, active: bool) -> None:
        """Activate or deactivate."""
        ...

    async def deactivate_unless_last_owner(self, user_id: int) -> str | None:
        """Deactivate the user, unless they are the last active owner of a vendor: then
        change nothing and return that vendor's slug. Atomic: of two concurrent calls for
        the last two active owners of one vendor, one deactivates and the other is refused.
        ``NotFound`` for an unknown user."""
        ...

    async def page(
        self, request: PageRequest, platform_ids: Collection[int] | None = None
    ) -> Page[User]:
        """Users whose e-mail or name contains the search."""
        ...

    async def admin_roles(self, user_id: int) -> Sequence[PlatformAdmin]:
        """The user's administrator grants."""
        ...

    async def grant_admin(self, user_id: int, platform_id: int | None) -> None:
        """Make the user administrator of a platform (``None``: of all platforms)."""
        ...

    async def revoke_admin(self, user_id: int, platform_id: int | None) -> None:
        """Remove one administrator grant."""
        ...

    async def admins(self) -> Sequence[tuple[User, PlatformAdmin]]:
        """Every administrator grant with its user."""
        ...

    async def count_on_platform(self, platform_id: int) -> int:
        """Users on the teams of the platform's vendors, plus its administrators."""
        ...


class RoleLookup(Protocol):
    """What a custom role holds: the only question permission checks ask of the team store."""

    async def role(self, vendor_id: int, role_id: int) -> Role | None:
        """The vendor's custom role, or ``None`` (also for another vendor's id)."""
        ...


class TeamRepository(Protocol):
    """Stores vendor teams: memberships, custom roles and invitations (all by vendor)."""

    async def members(self, vendor_id: int) -> Sequence[tuple[Membership, User]]:
        """The vendor's team with the users, ordered by e-mail."""
        ...

    async def membership(self, vendor_id: int, user_id: int) -> Membership | None:
        """One member of the vendor's team, or ``None``."""
        ...

    async def memberships_of(self, user_id: int) -> Sequence[Membership]:
        """The teams the user belongs to."""
        ...

    async def set_member(self, vendor_id: int, user_id: int, role: str) -> Membership:
        """Add the user to the team with ``role``, or change the role."""
        ...

    async def remove_member(self, vendor_id: int, user_id: int) -> None:
        """Take the user off the team."""
        ...

    async def count_on_platform(self, platform_id: int) -> int:
        """Team memberships of the platform's vendors."""
        ...

    async def add_role(self, vendor_id: int, name: str, permissions: frozenset[str]) -> Role:
        """A custom role; ``Conflict`` if the vendor already has one with the name."""
        ...

    async def update_role(
        self, vendor_id: int, role_id: int, name: str, permissions: frozenset[str]
    ) -> Role:
        """Change the vendor's role ``role_id``; ``NotFound`` for another vendor's id."""
        ...

    async def role(self, vendor_id: int, role_id: int) -> Role | None:
        """The vendor's custom role, or ``None`` (also for another vendor's id)."""
        ...

    async def roles(self, vendor_id: int) -> Sequence[Role]:
        """The vendor's custom roles by name."""
        ...

    async def remove_role(self, vendor_id: int, role_id: int) -> None:
        """Delete the vendor's role; ``NotFound`` for another vendor's id."""
        ...

    async def add_invitation(
        self,
        vendor_id: int,
        email: str,
        role: str,
        token_hash: str,
        expires_at: datetime,
        invited_by: int | None,
    ) -> Invitation:
        """Record an invitation; ``Conflict`` (field ``email``) while the address holds an
        unaccepted invitation to the vendor (one open invitation per address and vendor,
        kept by the database under concurrency)."""
        ...

    async def drop_expired_invitation(self, vendor_id: int, email: str, at: datetime) -> None:
        """Delete the address's unaccepted invitation to the vendor if it expired by ``at``
        (so that the address can be invited again)."""
        ...

    async def invitations(self, vendor_id: int) -> Sequence[Invitation]:
        """The vendor's invitations, newest first."""
        ...

    async def invitation_by_token(self, token_hash: str) -> Invitation | None:
        """The invitation whose token hashes to ``token_hash``."""
        ...

    async def accept_invitation(self, invitation_id: int, at: datetime) -> bool:
        """Mark accepted unless already accepted; True for the one caller that did it."""
        ...

    async def set_invitation_token(
        self, invitation_id: int, token_hash: str, at: datetime
    ) -> Invitation | None:
        """Give an invitation still open at ``at`` a new token hash (the previous token stops
        working); ``None`` when the invitation is unknown, accepted or expired."""
        ...

    async def revoke_invitation(self, vendor_id: int, invitation_id: int) -> None:
        """Delete the vendor's open invitation; ``NotFound`` for another vendor's id."""
        ...

    async def purge_invitations(self, expired_before: datetime) -> int:
        """Delete unaccepted invitations that expired before the cutoff; return how many."""
        ...


class TokenRepository(Protocol):
    """Stores API tokens (hashes only)."""

    async def add(
        self,
        user_id: int,
        name: str,
        prefix: str,
        token_hash: str,
        vendor_id: int | None,
        platform_id: int | None,
    ) -> ApiToken:
        """Record a token."""
        ...

    async def by_hash(self, token_hash: str) -> ApiToken | None:
        """The token with this hash, or ``None``."""
        ...

    async def of_user(self, user_id: int) -> Sequence[ApiToken]:
        """The user's tokens, newest first."""
        ...

    async def of_vendor(self, vendor_id: int) -> Sequence[ApiToken]:
        """Tokens scoped to the vendor, newest first."""
        ...

    async def revoke(
        self, token_id: int, user_id: int | None, vendor_id: int | None, at: datetime
    ) -> bool:
        """Revoke a token of the user (or of the vendor); False when no such token."""
        ...

    async def touch(
        self, token_id: int, at: datetime, unless_since: datetime | None = None
    ) -> bool:
        """Record a use at ``at``; with ``unless_since``, only if no use was recorded since
        then (checked in the database: of two concurrent uses, one writes). True if written."""
        ...


@dataclass(frozen=True, slots=True)
class Admission:
    """What :meth:`AttemptLog.admit` decided: the ids of the attempts it recorded, or the
    first key at its limit and that key's oldest attempt in the window."""

    ids: tuple[int, ...] = ()
    refused: str | None = None
    oldest: datetime | None = None


class AttemptLog(Protocol):
    """Failed sign-in attempts, for throttling."""

    async def admit(
        self, limits: Sequence[tuple[str, int]], since: datetime, at: datetime
    ) -> Admission:
        """One atomic step: when every key has fewer attempts at or after ``since`` than its
        limit, record one attempt under each at ``at`` (their ids); else record nothing and
        name the first key at its limit. Concurrent admissions under one key are taken one
        after the other, so a limit holds however many requests race."""
        ...

    async def forget(self, ids: Sequence[int]) -> None:
        """Delete these attempts (an admitted attempt that succeeded)."""
        ...

    async def record(self, keys: Sequence[str], at: datetime) -> None:
        """Record one attempt under each key (see :mod:`domain.tenancy.throttle`)."""
        ...

    async def count_since(self, key: str, since: datetime) -> int:
        """Failures under ``key`` since ``since``."""
        ...

    async def oldest_since(self, key: str, since: datetime) -> datetime | None:
        """The oldest failure under ``key`` since ``since``."""
        ...

    async def clear(self, key: str) -> None:
        """Forget the failures under ``key`` (after a successful sign-in)."""
        ...

    async def purge_before(self, cutoff: datetime) -> int:
        """Delete failures older than ``cutoff``; return how many."""
        ...


class PasswordResetRepository(Protocol):
    """Single-use password-reset tokens (hashes only)."""

    async def add(self, user_id: int, token_hash: str, expires_at: datetime) -> None:
        """Record a reset token."""
        ...

    async def consume(self, token_hash: str, at: datetime) -> int | None:
        """Use the token once: the user id, or ``None`` if unknown, used or expired."""
        ...

    async def void_of_user(self, user_id: int, at: datetime) -> int:
        """Mark every unused token of the user used at ``at``; return how many."""
        ...

    async def purge(self, now: datetime) -> int:
        """Delete used and expired tokens; return how many."""
        ...
