"""A request's credentials read in one go: the token or session, its user, and their grants.

Authenticating a request is its first statement (ADR 0017): the API token (or the stored
session) with its user, whether the user is a super admin, which platforms they administer,
their role in the vendor the request names, and the tenancy configuration version that tells
the process whether its in-memory configuration still holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from mercato.domain.tenancy.model import ApiToken, PlatformAdmin, User

__all__ = ["TOKEN_USE_INTERVAL", "Credential", "CredentialStore", "Grants"]

TOKEN_USE_INTERVAL = timedelta(minutes=1)
"""A token's ``last_used_at`` is written at most this often."""


@dataclass(frozen=True, slots=True)
class Grants:
    """What a user holds: operator grants, and their role in the vendor ``vendor_slug``."""

    super_admin: bool = False
    admin_platforms: frozenset[int] = frozenset()
    vendor_slug: str | None = None
    vendor_role: str | None = None

    def administers(self, platform_id: int) -> bool:
        """True for a super admin or an administrator of the platform."""
        return self.super_admin or platform_id in self.admin_platforms

    def admin_roles(self, user_id: int) -> tuple[PlatformAdmin, ...]:
        """The operator grants as the identity service lists them."""
        every = (PlatformAdmin(user_id, None),) if self.super_admin else ()
        return every + tuple(PlatformAdmin(user_id, p) for p in sorted(self.admin_platforms))


@dataclass(frozen=True, slots=True)
class Credential:
    """What one statement found: ``user`` is ``None`` when nothing matched.

    ``version`` is the tenancy configuration version read in the same statement (``None``
    where the store has none).
    """

    user: User | None
    grants: Grants
    version: int | None
    token: ApiToken | None = None
    session_data: bytes | None = None
    session_expires_at: datetime | None = None


class CredentialStore(Protocol):
    """Reads a credential with its user and grants, in one statement each."""

    async def by_token(self, token_hash: str, vendor_slug: str | None) -> Credential:
        """The API token of this hash, its user and their grants."""
        ...

    async def by_session(self, key: str, vendor_slug: str | None) -> Credential:
        """The stored web session ``key`` (data and expiry), its user and their grants."""
        ...

    async def by_user(self, user_id: int, vendor_slug: str | None) -> Credential:
        """The user and their grants (sessions kept elsewhere, in Redis)."""
        ...
