"""Who may do what: a user's effective permissions on a platform or in a vendor.

Permissions come from the modules enabled on the platform (``PermissionDiscoveryService``):
a preset role holds what enabled modules give it, a custom role holds its own codes that an
enabled module declares, and a permission of a disabled module grants nothing.
"""

from __future__ import annotations

from mercato.domain.tenancy.credentials import Grants
from mercato.domain.tenancy.discovery import PermissionDiscoveryService
from mercato.domain.tenancy.model import VendorStatus
from mercato.domain.tenancy.repository import TeamRepository, UserRepository, VendorRepository

__all__ = ["AccessService", "PermissionDiscoveryService"]  # the latter re-exported


class AccessService:
    """Computes effective permissions; the web guard asks it on every request."""

    def __init__(
        self,
        users: UserRepository,
        teams: TeamRepository,
        vendors: VendorRepository,
        discovery: PermissionDiscoveryService,
    ) -> None:
        self._users = users
        self._teams = teams
        self._vendors = vendors
        self._discovery = discovery

    async def is_admin_of(self, user_id: int, platform_id: int) -> bool:
        """True for a super admin or an administrator of this platform."""
        grants = await self._users.admin_roles(user_id)
        return any(g.platform_id in (None, platform_id) for g in grants)

    async def platform_permissions(
        self, user_id: int, platform_id: int, enabled: frozenset[str], scoped: bool = False
    ) -> frozenset[str]:
        """An administrator of the platform holds every permission of its enabled modules; a
        super admin also those only super admins hold, unless ``scoped`` (acting with a token
        scoped to one platform)."""
        held = await self._users.admin_roles(user_id)
        platforms = frozenset(g.platform_id for g in held if g.platform_id is not None)
        grants = Grants(any(g.platform_id is None for g in held), platforms)
        return self.platform_permissions_from(grants, platform_id, enabled, scoped)

    async def vendor_permissions(
        self, user_id: int, vendor_id: int, platform_id: int, enabled: frozenset[str]
    ) -> frozenset[str]:
        """What the user may do in the vendor on this platform.

        Administrators of the platform may do everything; a team member what their role
        holds among the enabled modules' permissions; nobody anything while the vendor is
        suspended on the platform, administrators excepted.
        """
        if await self.is_admin_of(user_id, platform_id):
            return self._discovery.all_codes(enabled)
        on = await self._vendors.on_platform(vendor_id, platform_id)
        if on is None or on.status is not VendorStatus.ACTIVE:
            return frozenset()
        membership = await self._teams.membership(vendor_id, user_id)
        if membership is None:
            return frozenset()
        return await self._discovery.role_permissions(vendor_id, membership.role, enabled)

    def platform_permissions_from(
        self, grants: Grants, platform_id: int, enabled: frozenset[str], scoped: bool = False
    ) -> frozenset[str]:
        """:meth:`platform_permissions` from grants read with the credentials."""
        if not grants.administers(platform_id):
            return frozenset()
        held = self._discovery.all_codes(enabled)
        if grants.super_admin and not scoped:
            held |= self._discovery.super_admin_codes(enabled)
        return held

    async def vendor_permissions_from(
        self,
        grants: Grants,
        vendor_id: int,
        vendor_active: bool,
        platform_id: int,
        enabled: frozenset[str],
    ) -> frozenset[str]:
        """:meth:`vendor_permissions` from grants read with the credentials (their
        ``vendor_role`` is the role in this vendor) and the vendor's status on the platform."""
        if grants.administers(platform_id):
            return self._discovery.all_codes(enabled)
        if not vendor_active or grants.vendor_role is None:
            return frozenset()
        return await self._discovery.role_permissions(vendor_id, grants.vendor_role, enabled)
