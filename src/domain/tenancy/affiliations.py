"""Where a user belongs: the platforms of their grants and teams.

The administration rules ask it whether a user lies inside an operator's reach (every
platform they belong to does). Whether deactivating a user would leave a vendor without an
active owner is the users repository's atomic check (``deactivate_unless_last_owner``).
"""

from __future__ import annotations

from mercato.domain.tenancy.identity import IdentityService
from mercato.domain.tenancy.teams import TeamService
from mercato.domain.tenancy.vendors import VendorService

__all__ = ["Affiliations"]


class Affiliations:
    """A user's platforms and ownerships, read through the tenancy services."""

    def __init__(self, identity: IdentityService, vendors: VendorService, teams: TeamService):
        self._identity = identity
        self._vendors = vendors
        self._teams = teams

    async def platforms_of(self, user_id: int) -> list[int | None]:
        """The platforms the user belongs to: of their grants (``None``: every platform) and
        of the vendors whose team they are on."""
        found: list[int | None] = [g.platform_id for g in await self._identity.admin_roles(user_id)]
        for m in await self._teams.memberships_of(user_id):
            found += [p.platform_id for p in await self._vendors.platforms_of(m.vendor_id)]
        return found
