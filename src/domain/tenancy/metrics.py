"""Tenancy's dashboard numbers, per platform through VendorPlatform (or per vendor)."""

from __future__ import annotations

from collections.abc import Sequence

from mercato.domain.tenancy.model import VendorStatus
from mercato.domain.tenancy.repository import TeamRepository, UserRepository, VendorRepository
from mercato.ports.metrics import MetricValue
from mercato.ports.scope import Scope

__all__ = ["TenancyMetricsProvider"]


class TenancyMetricsProvider:
    """Vendors (active, suspended), users, team members and domains of the scope.

    A vendor on three platforms counts once on each; on a vendor dashboard the numbers are
    the vendor's own (its team and its domains).
    """

    def __init__(
        self, vendors: VendorRepository, users: UserRepository, teams: TeamRepository
    ) -> None:
        self._vendors = vendors
        self._users = users
        self._teams = teams

    async def metrics(self, scope: Scope) -> Sequence[MetricValue]:
        """The counts of the platform, or of the vendor on vendor dashboards."""
        if scope.vendor_id is not None:
            return await self._vendor_metrics(scope.vendor_id)
        by_status = await self._vendors.count_on_platform(scope.platform_id)
        verified, pending = await self._vendors.count_domains_on_platform(scope.platform_id)
        return (
            MetricValue(
                "tenancy.vendors.active", "Active vendors", by_status.get(VendorStatus.ACTIVE, 0)
            ),
            MetricValue(
                "tenancy.vendors.suspended",
                "Suspended vendors",
                by_status.get(VendorStatus.SUSPENDED, 0),
            ),
            MetricValue(
                "tenancy.users",
                "Users on this platform",
                await self._users.count_on_platform(scope.platform_id),
                description="people on the team of a vendor of this platform, or administering "
                "it; the Users page lists every account of the installation",
            ),
            MetricValue(
                "tenancy.team_members",
                "Team members",
                await self._teams.count_on_platform(scope.platform_id),
            ),
            MetricValue("tenancy.domains.verified", "Verified domains", verified),
            MetricValue("tenancy.domains.pending", "Domains pending verification", pending),
        )

    async def _vendor_metrics(self, vendor_id: int) -> Sequence[MetricValue]:
        members = await self._teams.members(vendor_id)
        domains = await self._vendors.domains(vendor_id)
        verified = sum(1 for d in domains if d.verified)
        return (
            MetricValue("tenancy.team_members", "Team members", len(members)),
            MetricValue("tenancy.domains.verified", "Verified domains", verified),
            MetricValue(
                "tenancy.domains.pending", "Domains pending verification", len(domains) - verified
            ),
        )
