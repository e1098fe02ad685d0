"""In-memory doubles of tenancy's repository protocols, behaving like the SQLAlchemy ones.

The repositories share one :class:`TenancyState`, as the SQL ones share one database:
teams see users, counts go through vendor memberships of platforms, and a row that names a
missing vendor, user or platform is refused with ``NotFound`` like a foreign key refuses it.
``tests/integration/test_tenancy_repositories.py`` runs the same contracts against these
and the SQLAlchemy repositories. :class:`InMemoryTenancy` builds the whole set.

The fakes of users, administrators, teams and credentials live in
:mod:`tests.support.tenancy_fakes_identity`, the shared state in
:mod:`tests.support.tenancy_state`; both are re-exported here.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace

from mercato.domain.tenancy.model import (
    Company,
    Platform,
    PlatformCodeTaken,
    Vendor,
    VendorDomain,
    VendorPlatform,
    VendorStatus,
)
from mercato.ports.errors import Conflict, NotFound
from mercato.ports.pagination import Page, PageRequest
from tests.support.tenancy_fakes_identity import (
    InMemoryAttemptLog,
    InMemoryPasswordResetRepository,
    InMemoryTeamRepository,
    InMemoryTokenRepository,
    InMemoryUserRepository,
)
from tests.support.tenancy_state import TenancyState, now, page_of

__all__ = [
    "InMemoryAttemptLog",
    "InMemoryCompanyRepository",
    "InMemoryPasswordResetRepository",
    "InMemoryPlatformRepository",
    "InMemoryTeamRepository",
    "InMemoryTenancy",
    "InMemoryTokenRepository",
    "InMemoryUserRepository",
    "InMemoryVendorRepository",
    "TenancyState",
]


class InMemoryPlatformRepository:
    """Platforms; ``page`` sorts by ``code`` (default), ``name`` or ``created_at``."""

    def __init__(self, state: TenancyState | None = None) -> None:
        self.state = state or TenancyState()

    def _taken(self, code: str | None, domains: Sequence[str], but: int | None) -> bool:
        others = [p for p in self.state.platforms.values() if p.id != but]
        used = {d for p in others for d in p.domains}
        return any(p.code == code for p in others) or bool(used & set(domains))

    async def add(self, code: str, name: str, domains: Sequence[str]) -> Platform:
        """Insert; ``PlatformCodeTaken`` for a taken code or domain."""
        if self._taken(code, domains, None) or len(set(domains)) < len(domains):
            raise PlatformCodeTaken(
                f"a platform with code '{code}' or one of the domains {list(domains)} "
                "already exists"
            )
        pid = self.state.next_id("platforms")
        platform = Platform(pid, code, name, tuple(sorted(domains)), now())
        self.state.platforms[pid] = platform
        return platform

    async def update(self, platform_id: int, name: str, domains: Sequence[str]) -> Platform:
        """Rename and replace the domains."""
        current = self.state.platforms.get(platform_id)
        self.state.need(current is not None, "no such platform")
        assert current is not None
        if self._taken(None, domains, platform_id) or len(set(domains)) < len(domains):
            raise PlatformCodeTaken(
                f"another platform already answers on one of {list(domains)}", "domains"
            )
        updated = replace(current, name=name, domains=tuple(sorted(domains)))
        self.state.platforms[platform_id] = updated
        return updated

    async def by_id(self, platform_id: int) -> Platform | None:
        """The platform, or ``None``."""
        return self.state.platforms.get(platform_id)

    async def by_code(self, code: str) -> Platform | None:
        """The platform with ``code``, or ``None``."""
        return next((p for p in self.state.platforms.values() if p.code == code), None)

    async def by_domain(self, domain: str) -> Platform | None:
        """The platform answering on ``domain``, or ``None``."""
        return next((p for p in self.state.platforms.values() if domain in p.domains), None)

    async def all(self) -> Sequence[Platform]:
        """Every platform by code."""
        return sorted(self.state.platforms.values(), key=lambda p: p.code)

    async def count(self) -> int:
        """How many platforms exist."""
        return len(self.state.platforms)

    async def page(self, request: PageRequest) -> Page[Platform]:
        """Platforms whose code or name contains the search."""
        return page_of(
            self.state.platforms.values(),
            request,
            {
                "code": lambda p: p.code,
                "name": lambda p: p.name,
                "created_at": lambda p: p.created_at,
            },
            "code",
            text=("code", "name"),
            searched=(lambda p: p.code, lambda p: p.name),
        )


class InMemoryCompanyRepository:
    """Companies; ``page`` sorts by ``name`` (default) or ``created_at``."""

    def __init__(self, state: TenancyState | None = None) -> None:
        self.state = state or TenancyState()

    async def add(self, name: str, registration_number: str) -> Company:
        """Insert; ``Conflict`` (field ``name``) for a taken name."""
        if await self.by_name(name) is not None:
            raise Conflict(f"a company called '{name}' already exists", "name")
        cid = self.state.next_id("companies")
        company = Company(cid, name, registration_number, now())
        self.state.companies[cid] = company
        return company

    async def by_id(self, company_id: int) -> Company | None:
        """The company, or ``None``."""
        return self.state.companies.get(company_id)

    async def by_name(self, name: str) -> Company | None:
        """The company with exactly this name, or ``None``."""
        return next((c for c in self.state.companies.values() if c.name == name), None)

    async def page(
        self, request: PageRequest, platform_ids: Collection[int] | None = None
    ) -> Page[Company]:
        """Companies whose name contains the search (of a vendor on ``platform_ids``, or of
        no vendor, when given)."""
        found = list(self.state.companies.values())
        if platform_ids is not None:
            on = {v for p in platform_ids for v in self.state.vendors_on(p)}
            owners = {v.company_id for v in self.state.vendors.values()}
            shown = {self.state.vendors[v].company_id for v in on}
            found = [c for c in found if c.id in shown or c.id not in owners]
        return page_of(
            found,
            request,
            {"name": lambda c: c.name, "created_at": lambda c: c.created_at},
            "name",
            text=("name",),
            searched=(lambda c: c.name,),
        )


class InMemoryVendorRepository:
    """Vendors, their platforms and domains; ``page`` sorts by ``name`` (default), ``slug``
    or ``created_at``."""

    def __init__(self, state: TenancyState | None = None) -> None:
        self.state = state or TenancyState()

    async def add(self, slug: str, name: str, company_id: int) -> Vendor:
        """Insert; ``Conflict`` for a taken slug, ``NotFound`` for an unknown company."""
        if await self.by_slug(slug) is not None:
            raise Conflict(f"a vendor with slug '{slug}' already exists", "slug")
        known = company_id in self.state.companies
        self.state.need(known, "no such company", "company_id")
        vid = self.state.next_id("vendors")
        vendor = Vendor(vid, slug, name, company_id, now())
        self.state.vendors[vid] = vendor
        return vendor

    async def by_id(self, vendor_id: int) -> Vendor | None:
        """The vendor, or ``None``."""
        return self.state.vendors.get(vendor_id)

    async def by_slug(self, slug: str) -> Vendor | None:
        """The vendor with this slug, or ``None``."""
        return next((v for v in self.state.vendors.values() if v.slug == slug), None)

    async def page(
        self, request: PageRequest, platform_ids: Collection[int] | None = None
    ) -> Page[Vendor]:
        """Vendors (on any of ``platform_ids`` when given) whose slug or name matches."""
        found: Iterable[Vendor] = self.state.vendors.values()
        if platform_ids is not None:
            on = {v for p in platform_ids for v in self.state.vendors_on(p)}
            found = [v for v in found if v.id in on]
        return page_of(
            found,
            request,
            {
                "name": lambda v: v.name,
                "slug": lambda v: v.slug,
                "created_at": lambda v: v.created_at,
            },
            "name",
            text=("name", "slug"),
            searched=(lambda v: v.slug, lambda v: v.name),
        )

    async def set_platform(self, vendor_id: int, platform_id: int, status: VendorStatus) -> None:
        """Join with ``status`` or change it; ``NotFound`` for unknown ids."""
        self.state.need(
            vendor_id in self.state.vendors and platform_id in self.state.platforms,
            "no such vendor or platform",
        )
        key = (vendor_id, platform_id)
        current = self.state.vendor_platforms.get(key)
        joined = current.joined_at if current is not None else now()
        self.state.vendor_platforms[key] = VendorPlatform(vendor_id, platform_id, status, joined)

    async def platforms_of(self, vendor_id: int) -> Sequence[VendorPlatform]:
        """The vendor's memberships by platform id."""
        mine = [m for (v, _), m in self.state.vendor_platforms.items() if v == vendor_id]
        return sorted(mine, key=lambda m: m.platform_id)

    async def on_platform(self, vendor_id: int, platform_id: int) -> VendorPlatform | None:
        """The vendor's membership of one platform, or ``None``."""
        return self.state.vendor_platforms.get((vendor_id, platform_id))

    async def count_on_platform(self, platform_id: int) -> dict[VendorStatus, int]:
        """Vendors on the platform by status, every status present."""
        counts = dict.fromkeys(VendorStatus, 0)
        for (_, p), m in self.state.vendor_platforms.items():
            if p == platform_id:
                counts[m.status] += 1
        return counts

    async def recent_on_platform(self, platform_id: int, limit: int) -> Sequence[Vendor]:
        """Latest joiners first (ties: higher id first)."""
        joined = [m for (_, p), m in self.state.vendor_platforms.items() if p == platform_id]
        joined.sort(key=lambda m: (m.joined_at, m.vendor_id), reverse=True)
        return [self.state.vendors[m.vendor_id] for m in joined[:limit]]

    async def add_domain(self, vendor_id: int, domain: str, token: str) -> VendorDomain:
        """Insert; ``Conflict`` if any vendor has it, ``NotFound`` for an unknown vendor."""
        mine = (d for d in self.state.domains.values() if d.vendor_id == vendor_id)
        if any(d.domain == domain for d in mine):
            raise Conflict(f"the domain '{domain}' is already one of yours", "domain")
        self.state.need(vendor_id in self.state.vendors, "no such vendor")
        did = self.state.next_id("vendor_domains")
        created = VendorDomain(did, vendor_id, domain, token, created_at=now())
        self.state.domains[did] = created
        return created

    async def domains(self, vendor_id: int) -> Sequence[VendorDomain]:
        """The vendor's domains, primary first, then by name."""
        mine = [d for d in self.state.domains.values() if d.vendor_id == vendor_id]
        return sorted(mine, key=lambda d: (not d.is_primary, d.domain.lower()))

    def _owned(self, vendor_id: int, domain_id: int) -> VendorDomain:
        found = self.state.domains.get(domain_id)
        if found is None or found.vendor_id != vendor_id:
            raise NotFound("no such domain")
        return found

    async def update_domain(
        self,
        vendor_id: int,
        domain_id: int,
        *,
        verified: bool | None = None,
        primary: bool | None = None,
    ) -> VendorDomain:
        """Change the vendor's domain; making it primary demotes the vendor's others."""
        found = self._owned(vendor_id, domain_id)
        owner = await self.by_domain(found.domain)
        if verified and owner is not None and owner[0].id != vendor_id:
            raise Conflict(f"'{found.domain}' is verified for another vendor", "domain")
        if primary:
            for d in list(self.state.domains.values()):
                if d.vendor_id == vendor_id and d.id != domain_id and d.is_primary:
                    self.state.domains[d.id] = replace(d, is_primary=False)
        if verified is not None:
            found = replace(found, verified=verified)
        if primary is not None:
            found = replace(found, is_primary=primary)
        self.state.domains[domain_id] = found
        return found

    async def remove_domain(self, vendor_id: int, domain_id: int) -> None:
        """Delete the vendor's domain; ``NotFound`` for another vendor's id."""
        self._owned(vendor_id, domain_id)
        del self.state.domains[domain_id]

    async def by_domain(self, domain: str) -> tuple[Vendor, VendorDomain] | None:
        """The vendor owning the verified domain, or ``None``."""
        for d in self.state.domains.values():
            if d.domain == domain and d.verified:
                return self.state.vendors[d.vendor_id], d
        return None

    async def count_domains_on_platform(self, platform_id: int) -> tuple[int, int]:
        """Domains of the platform's vendors: (verified, pending)."""
        on = self.state.vendors_on(platform_id)
        mine = [d for d in self.state.domains.values() if d.vendor_id in on]
        verified = sum(1 for d in mine if d.verified)
        return verified, len(mine) - verified


class InMemoryTenancy:
    """Every tenancy repository in memory, over one shared :class:`TenancyState`."""

    def __init__(self, state: TenancyState | None = None) -> None:
        self.state = state or TenancyState()
        self.platforms = InMemoryPlatformRepository(self.state)
        self.companies = InMemoryCompanyRepository(self.state)
        self.vendors = InMemoryVendorRepository(self.state)
        self.users = InMemoryUserRepository(self.state)
        self.teams = InMemoryTeamRepository(self.state)
        self.tokens = InMemoryTokenRepository(self.state)
        self.attempts = InMemoryAttemptLog(self.state)
        self.resets = InMemoryPasswordResetRepository(self.state)
