"""Cross-platform administration: what an operator may do to platforms, vendors, users, grants.

An operator acts from one platform, whose route guard already checked their permission
there. Acting on any other platform needs an administrator grant on it (a super admin holds
one on every platform). Only a super admin creates a platform, grants super admin, or
activates and deactivates a user who is an administrator. Nobody deactivates themselves or
revokes their own grant, so that an operator cannot lock themselves out by mistake.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mercato.domain.kernel.enablement import EnablementChange, EnablementService
from mercato.domain.tenancy.identity import IdentityService
from mercato.domain.tenancy.model import (
    Platform,
    User,
    Vendor,
    VendorDomain,
    VendorPlatform,
    VendorStatus,
)
from mercato.domain.tenancy.services import PlatformService
from mercato.domain.tenancy.vendors import DomainService, VendorService
from mercato.ports.errors import InvalidInput, PermissionDenied

__all__ = [
    "AdministrationService",
    "CannotLockOneselfOut",
    "NotAnAdministrator",
    "Operator",
    "SuperAdminRequired",
]


class NotAnAdministrator(PermissionDenied):
    """The operator holds no administrator grant on the platform they act on."""


class SuperAdminRequired(PermissionDenied):
    """Only an administrator of every platform may do this."""


class CannotLockOneselfOut(PermissionDenied):
    """Nobody deactivates their own account or revokes their own administrator grant."""


@dataclass(frozen=True, slots=True)
class Operator:
    """The signed-in user acting, and the platform they act from (its guard let them in)."""

    user_id: int
    platform_id: int


class AdministrationService:
    """Platform, vendor, user and grant changes, each checked against the operator's grants."""

    def __init__(
        self,
        platforms: PlatformService,
        vendors: VendorService,
        identity: IdentityService,
        enablement: EnablementService,
        domains: DomainService | None = None,
    ) -> None:
        self._platforms = platforms
        self._vendors = vendors
        self._identity = identity
        self._enablement = enablement
        self._domains = domains

    # -- the rules -------------------------------------------------------------------------

    async def is_super_admin(self, user_id: int) -> bool:
        """True when the user administers every platform."""
        return any(g.is_super_admin for g in await self._identity.admin_roles(user_id))

    async def ensure_super_admin(self, operator: Operator) -> None:
        """``SuperAdminRequired`` unless the operator administers every platform."""
        if not await self.is_super_admin(operator.user_id):
            raise SuperAdminRequired("only a super admin may do this")

    async def ensure_administers(self, operator: Operator, platform_id: int) -> None:
        """``NotAnAdministrator`` unless the operator may act on ``platform_id``.

        The platform they act from passed the route's guard already; any other one needs
        a grant there (or a super-admin grant).
        """
        if platform_id == operator.platform_id:
            return
        grants = await self._identity.admin_roles(operator.user_id)
        if not any(g.platform_id in (None, platform_id) for g in grants):
            raise NotAnAdministrator("you are not an administrator of that platform", "platform")

    async def ensure_oversees_vendor(self, operator: Operator, vendor_id: int) -> None:
        """``NotAnAdministrator`` unless the vendor is on a platform the operator administers."""
        grants = await self._identity.admin_roles(operator.user_id)
        if any(g.is_super_admin for g in grants):
            return
        administered = {g.platform_id for g in grants}
        joined = {m.platform_id for m in await self._vendors.platforms_of(vendor_id)}
        if not administered & joined:
            raise NotAnAdministrator("that vendor is on no platform you administer", "vendor")

    async def ensure_may_grant(self, operator: Operator, platform_id: int | None) -> None:
        """A grant of every platform (``None``) needs a super admin; one platform's, its admin."""
        if platform_id is None:
            await self.ensure_super_admin(operator)
        else:
            await self.ensure_administers(operator, platform_id)

    # -- platforms and their modules -------------------------------------------------------

    async def create_platform(
        self, operator: Operator, code: str, name: str, domains: Sequence[str] = ()
    ) -> Platform:
        """Create a platform (super admins only)."""
        await self.ensure_super_admin(operator)
        return await self._platforms.create(code, name, domains)

    async def update_platform(
        self,
        operator: Operator,
        code: str,
        name: str | None = None,
        domains: Sequence[str] | None = None,
    ) -> Platform:
        """Rename a platform the operator administers and/or replace its domains."""
        platform = await self._platforms.get_or_fail(code)
        await self.ensure_administers(operator, platform.id)
        return await self._platforms.update(code, name, domains)

    async def set_module_enabled(
        self, operator: Operator, platform_id: int, module: str, enabled: bool
    ) -> EnablementChange:
        """Enable or disable a module on a platform the operator administers."""
        await self.ensure_administers(operator, platform_id)
        change = self._enablement.enable if enabled else self._enablement.disable
        return await change(platform_id, module)

    # -- vendors ---------------------------------------------------------------------------

    async def create_vendor(
        self,
        operator: Operator,
        slug: str,
        name: str,
        company_id: int,
        platform_ids: Sequence[int] = (),
    ) -> Vendor:
        """Create a vendor, active on platforms the operator administers (every one of them)."""
        for platform_id in platform_ids:
            await self.ensure_administers(operator, platform_id)
        return await self._vendors.create(slug, name, company_id, platform_ids)

    async def attach_vendor(
        self, operator: Operator, vendor_id: int, platform_id: int
    ) -> VendorPlatform:
        """Join the vendor to a platform the operator administers."""
        await self.ensure_administers(operator, platform_id)
        return await self._vendors.attach(vendor_id, platform_id)

    async def set_vendor_status(
        self, operator: Operator, vendor_id: int, platform_id: int, status: VendorStatus
    ) -> VendorPlatform:
        """Suspend or reactivate the vendor on a platform the operator administers."""
        await self.ensure_administers(operator, platform_id)
        return await self._vendors.set_status(vendor_id, platform_id, status)

    async def verify_domain(
        self, operator: Operator, vendor_id: int, domain_id: int
    ) -> VendorDomain:
        """Record that a vendor's domain is verified; the vendor must be on a platform the
        operator administers (a verified domain serves its storefront)."""
        if self._domains is None:
            raise RuntimeError("AdministrationService was built without a DomainService")
        await self.ensure_oversees_vendor(operator, vendor_id)
        return await self._domains.mark_verified(vendor_id, domain_id)

    # -- users and administrators ----------------------------------------------------------

    async def set_user_active(self, operator: Operator, user_id: int, active: bool) -> User:
        """(De)activate a user: never oneself; an administrator only by a super admin."""
        user = await self._identity.get(user_id)
        if user.id == operator.user_id:
            raise CannotLockOneselfOut("you cannot change your own account's activation", "active")
        if await self._identity.admin_roles(user.id):
            await self.ensure_super_admin(operator)
        return await self._identity.set_active(user_id, active)

    async def grant_admin(self, operator: Operator, email: str, platform_id: int | None) -> User:
        """Make the user with ``email`` administrator of a platform, or of all (``None``)."""
        await self.ensure_may_grant(operator, platform_id)
        user = await self._identity.by_email(email)
        if user is None:
            raise InvalidInput(f"no user has the e-mail address '{email.strip()}'", "email")
        await self._identity.grant_admin(user.id, platform_id)
        return user

    async def revoke_admin(self, operator: Operator, user_id: int, platform_id: int | None) -> None:
        """Remove one grant of another user, within what the operator may grant."""
        if user_id == operator.user_id:
            raise CannotLockOneselfOut("you cannot revoke your own administrator grant", "user_id")
        await self.ensure_may_grant(operator, platform_id)
        await self._identity.revoke_admin(user_id, platform_id)
