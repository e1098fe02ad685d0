"""Where a user belongs: the platforms of their grants and teams, the vendors they own.

The administration rules ask it whether a user lies inside an operator's reach (every
platform they belong to does) and whether deactivating them would leave a vendor without an
active owner.
"""

from __future__ import annotations

from mercato.domain.kernel.enums import RolePreset
from mercato.domain.tenancy.identity import IdentityService
from mercato.domain.tenancy.teams import TeamService
from mercato.domain.tenancy.vendors import VendorService
from mercato.ports.errors import Conflict

__all__ = ["Affiliations"]

OWNER = RolePreset.OWNER.value


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

    async def ensure_not_last_active_owner(self, user_id: int) -> None:
        """``Conflict`` when the user is the last active owner of one of their vendors."""
        for m in await self._teams.memberships_of(user_id):
            if m.role != OWNER:
                continue
            members = await self._teams.members(m.vendor_id)
            if not any(o.role == OWNER and u.id != user_id and u.is_active for o, u in members):
                slug = await self._teams.vendor_slug(m.vendor_id)
                raise Conflict(
                    f"this user is the last active owner of {slug}: make someone else owner first",
                    "active",
                )
