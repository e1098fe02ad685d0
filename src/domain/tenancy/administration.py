"""Cross-platform administration: what an operator may do to platforms, vendors, users, grants.

An operator acts from one platform, whose route guard already checked their permission
there, and reaches the platforms they administer, bounded by a platform-scoped API token
(:mod:`domain.tenancy.reach`). Every platform, vendor and user a request names must lie
inside that reach: a platform admin acts only on vendors already on a platform they
administer, and bringing a vendor onto another platform needs a super admin. Only a super
admin (without a platform-scoped token) creates a platform, grants super admin, or activates
and deactivates a user who is an administrator. Nobody deactivates themselves or revokes
their own grant, so that an operator cannot lock themselves out by mistake, and nobody
deactivates the last owner of a vendor.
"""

from __future__ import annotations

from collections.abc import Sequence

from mercato.domain.kernel.enablement import EnablementChange, EnablementService
from mercato.domain.tenancy.affiliations import Affiliations
from mercato.domain.tenancy.identity import IdentityService
from mercato.domain.tenancy.model import (
    Platform,
    User,
    Vendor,
    VendorDomain,
    VendorPlatform,
    VendorStatus,
)
from mercato.domain.tenancy.reach import Operator, Reach
from mercato.domain.tenancy.services import PlatformService
from mercato.domain.tenancy.teams import TeamService
from mercato.domain.tenancy.vendors import DomainService, VendorService
from mercato.ports.errors import InvalidInput, NotFound, PermissionDenied

__all__ = [
    "AdministrationService",
    "CannotLockOneselfOut",
    "NotAnAdministrator",
    "Operator",
    "Reach",
    "SuperAdminRequired",
]


class NotAnAdministrator(PermissionDenied):
    """The operator holds no administrator grant on the platform they act on."""


class SuperAdminRequired(PermissionDenied):
    """Only an administrator of every platform may do this."""


class CannotLockOneselfOut(PermissionDenied):
    """Nobody deactivates their own account or revokes their own administrator grant."""


class AdministrationService:
    """Platform, vendor, user and grant changes, each checked against the operator's reach."""

    def __init__(
        self,
        platforms: PlatformService,
        vendors: VendorService,
        identity: IdentityService,
        enablement: EnablementService,
        domains: DomainService | None = None,
        teams: TeamService | None = None,
    ) -> None:
        self._platforms = platforms
        self._vendors = vendors
        self._identity = identity
        self._enablement = enablement
        self._domains = domains
        self._affiliations = None if teams is None else Affiliations(identity, vendors, teams)

    # -- the rules -------------------------------------------------------------------------

    async def reach(self, operator: Operator) -> Reach:
        """The platforms the operator may see and act on."""
        if operator.grants is not None:
            return Reach.of(operator, operator.grants)
        return Reach.of(operator, await self._identity.admin_roles(operator.user_id))

    async def is_super_admin(self, user_id: int) -> bool:
        """True when the user administers every platform."""
        return any(g.is_super_admin for g in await self._identity.admin_roles(user_id))

    async def ensure_super_admin(self, operator: Operator) -> Reach:
        """``SuperAdminRequired`` unless the operator reaches every platform.

        A super admin's platform-scoped token does not: it reaches its platform only.
        """
        reach = await self.reach(operator)
        if not reach.everything:
            if reach.super_admin:
                raise SuperAdminRequired("a token scoped to one platform cannot do this")
            raise SuperAdminRequired("only a super admin may do this")
        return reach

    async def ensure_administers(self, operator: Operator, platform_id: int) -> Reach:
        """``NotAnAdministrator`` unless ``platform_id`` lies inside the operator's reach."""
        reach = await self.reach(operator)
        if not reach.covers(platform_id):
            raise NotAnAdministrator(reach.why_not(), "platform")
        return reach

    async def ensure_oversees_vendor(self, operator: Operator, vendor_id: int) -> Reach:
        """``NotAnAdministrator`` unless the vendor is on a platform inside the reach."""
        reach = await self.reach(operator)
        joined = [m.platform_id for m in await self._vendors.platforms_of(vendor_id)]
        if not reach.covers_any(joined):
            raise NotAnAdministrator("that vendor is on no platform you administer", "vendor")
        return reach

    async def ensure_may_grant(self, operator: Operator, platform_id: int | None) -> None:
        """A grant of every platform (``None``) needs a super admin; one platform's, its admin."""
        if platform_id is None:
            await self.ensure_super_admin(operator)
        else:
            await self.ensure_administers(operator, platform_id)

    async def ensure_may_change_user(self, operator: Operator, user_id: int) -> None:
        """``PermissionDenied`` unless the operator may change the user's account: never
        their own; an administrator's only as a super admin; otherwise only when every
        platform the user belongs to is in the reach (a change applies everywhere they work).
        """
        if user_id == operator.user_id:
            raise CannotLockOneselfOut("you cannot change your own account's activation", "active")
        if await self._identity.admin_roles(user_id):
            await self.ensure_super_admin(operator)
        reach = await self.reach(operator)
        if reach.everything or reach.covers_all(await self._people().platforms_of(user_id)):
            return
        raise NotAnAdministrator("that user also works on platforms you do not administer")

    def _people(self) -> Affiliations:
        if self._affiliations is None:
            raise RuntimeError("AdministrationService was built without a TeamService")
        return self._affiliations

    # -- what the operator sees ------------------------------------------------------------

    async def vendor(self, operator: Operator, slug: str) -> Vendor:
        """The vendor ``slug`` if it is on a platform inside the reach; ``NotFound`` otherwise
        (a vendor the operator may not see is not confirmed to exist)."""
        found = await self._vendors.by_slug(slug)
        if found is None:
            raise NotFound(f"no vendor '{slug}'")
        try:
            await self.ensure_oversees_vendor(operator, found.id)
        except NotAnAdministrator:
            raise NotFound(f"no vendor '{slug}'") from None
        return found

    async def vendor_platforms(self, operator: Operator, vendor_id: int) -> list[VendorPlatform]:
        """The vendor's memberships of the platforms inside the reach."""
        reach = await self.reach(operator)
        return [
            m for m in await self._vendors.platforms_of(vendor_id) if reach.covers(m.platform_id)
        ]

    async def platforms(self, operator: Operator) -> list[Platform]:
        """The platforms inside the reach, by code."""
        reach = await self.reach(operator)
        return [p for p in await self._platforms.all() if reach.covers(p.id)]

    async def platform(self, operator: Operator, code: str) -> Platform:
        """The platform ``code`` if it lies inside the reach; ``NotFound`` otherwise."""
        found = await self._platforms.get_or_fail(code)
        if not (await self.reach(operator)).covers(found.id):
            raise NotFound(f"no platform '{code}'")
        return found

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
        """Create a vendor, active on platforms the operator administers (every one of them).

        Only a super admin creates a vendor on no platform (nobody else would see it).
        """
        if not platform_ids and not (await self.reach(operator)).everything:
            raise InvalidInput("choose at least one platform you administer", "platforms")
        for platform_id in platform_ids:
            await self.ensure_administers(operator, platform_id)
        return await self._vendors.create(slug, name, company_id, platform_ids)

    async def attach_vendor(
        self, operator: Operator, vendor_id: int, platform_id: int
    ) -> VendorPlatform:
        """Join the vendor to a platform the operator administers.

        A platform admin acts only on vendors already on a platform they administer;
        bringing any other vendor onto a platform needs a super admin.
        """
        reach = await self.ensure_administers(operator, platform_id)
        if not reach.everything:
            await self.ensure_oversees_vendor(operator, vendor_id)
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
        """(De)activate a user: never oneself; an administrator only by a super admin; a user
        of the operator's platforms only; never the last active owner of a vendor."""
        user = await self._identity.get(user_id)
        await self.ensure_may_change_user(operator, user.id)
        return await self._identity.set_active(user_id, active)

    async def grant_admin(self, operator: Operator, email: str, platform_id: int | None) -> User:
        """Make the user with ``email`` administrator of a platform, or of all (``None``).

        The grant names the platform, which must lie inside the reach; the user gains power
        there only, so they may also work elsewhere (a vendor's owner made administrator)."""
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
