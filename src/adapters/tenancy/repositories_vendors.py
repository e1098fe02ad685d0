"""SQLAlchemy repositories of companies and vendors (their platforms and their domains)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Row,
    Select,
    String,
    and_,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mercato.adapters.db.integrity import is_foreign_key_violation
from mercato.adapters.db.queries import (
    LIKE_ESCAPE,
    Sorting,
    core,
    dialect_of,
    fetch_page,
    like_pattern,
    matches,
    rowcount,
    text_key,
    upsert,
)
from mercato.adapters.db.timestamps import as_utc
from mercato.adapters.tenancy.tables import companies, vendor_domains, vendor_platforms, vendors
from mercato.domain.tenancy.model import Company, Vendor, VendorDomain, VendorPlatform, VendorStatus
from mercato.ports.errors import Conflict, NotFound
from mercato.ports.pagination import Page, PageRequest

__all__ = ["SqlAlchemyCompanyRepository", "SqlAlchemyVendorRepository"]


def _company(r: Row[Any]) -> Company:
    return Company(r.id, r.name, r.registration_number, as_utc(r.created_at))


def _vendor(r: Row[Any]) -> Vendor:
    return Vendor(r.id, r.slug, r.name, r.company_id, as_utc(r.created_at))


def _membership(r: Row[Any]) -> VendorPlatform:
    return VendorPlatform(r.vendor_id, r.platform_id, VendorStatus(r.status), as_utc(r.joined_at))


def _domain(r: Row[Any]) -> VendorDomain:
    return VendorDomain(
        r.id,
        r.vendor_id,
        r.domain,
        r.verification_token,
        bool(r.verified),
        bool(r.is_primary),
        as_utc(r.created_at),
    )


# Statements of the dashboard providers, built once (see ``adapters.db.queries.core``).
_ON_PLATFORM = bindparam("platform_id", type_=Integer)
_COUNT_BY_STATUS = (
    select(vendor_platforms.c.status, func.count())
    .where(vendor_platforms.c.platform_id == _ON_PLATFORM)
    .group_by(vendor_platforms.c.status)
)
_RECENT = (
    select(vendors)
    .join(vendor_platforms, vendor_platforms.c.vendor_id == vendors.c.id)
    .where(vendor_platforms.c.platform_id == _ON_PLATFORM)
    .order_by(vendor_platforms.c.joined_at.desc(), vendors.c.id.desc())
    .limit(bindparam("limit", type_=Integer))
)
_COUNT_DOMAINS = (
    select(vendor_domains.c.verified, func.count())
    .where(
        vendor_domains.c.vendor_id.in_(
            select(vendor_platforms.c.vendor_id).where(
                vendor_platforms.c.platform_id == _ON_PLATFORM
            )
        )
    )
    .group_by(vendor_domains.c.verified)
)


class SqlAlchemyCompanyRepository:
    """Companies; ``page`` sorts by ``name`` (the default) or ``created_at``."""

    _sorting = Sorting(
        {"name": companies.c.name, "created_at": companies.c.created_at},
        default="name",
        tiebreak=companies.c.id,
        text=frozenset({"name"}),
    )

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def add(self, name: str, registration_number: str) -> Company:
        """Insert; ``Conflict`` (field ``name``) if the name is taken."""
        async with self._sessions() as s:
            try:
                row = (
                    await s.execute(
                        insert(companies)
                        .values(name=name, registration_number=registration_number)
                        .returning(*companies.c)
                    )
                ).one()
                await s.commit()
            except IntegrityError as exc:
                await s.rollback()
                raise Conflict(f"a company called '{name}' already exists", "name") from exc
        return _company(row)

    async def by_id(self, company_id: int) -> Company | None:
        """The company, or ``None``."""
        return await self._one(companies.c.id == company_id)

    async def by_name(self, name: str) -> Company | None:
        """The company with exactly this name, or ``None``."""
        return await self._one(companies.c.name == name)

    async def _one(self, cond: ColumnElement[bool]) -> Company | None:
        async with self._sessions() as s:
            row = (await s.execute(select(companies).where(cond))).one_or_none()
        return None if row is None else _company(row)

    async def page(
        self, request: PageRequest, platform_ids: Collection[int] | None = None
    ) -> Page[Company]:
        """Companies whose name contains the search; with ``platform_ids``, only those with a
        vendor on one of the platforms, or with no vendor at all."""
        cond = matches(request.search, companies.c.name) if request.search.strip() else true()
        if platform_ids is not None:
            on = select(vendor_platforms.c.vendor_id).where(
                vendor_platforms.c.platform_id.in_(list(platform_ids))
            )
            cond = and_(
                cond,
                or_(
                    companies.c.id.in_(select(vendors.c.company_id).where(vendors.c.id.in_(on))),
                    companies.c.id.not_in(select(vendors.c.company_id)),
                ),
            )
        async with self._sessions() as s:
            order = self._sorting.order_by(request, dialect_of(s))
            rows, total = await fetch_page(s, select(companies).where(cond), order, request)
        return Page([_company(r) for r in rows], total, request.page, request.size)


class SqlAlchemyVendorRepository:
    """Vendors, their platform memberships and their domains.

    ``page`` sorts by ``name`` (the default), ``slug`` or ``created_at``. Domain methods
    filter by ``vendor_id`` in SQL: another vendor's domain id is not found.
    """

    _sorting = Sorting(
        {"name": vendors.c.name, "slug": vendors.c.slug, "created_at": vendors.c.created_at},
        default="name",
        tiebreak=vendors.c.id,
        text=frozenset({"name", "slug"}),
    )

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def add(self, slug: str, name: str, company_id: int) -> Vendor:
        """Insert; ``Conflict`` if the slug is taken, ``NotFound`` for an unknown company."""
        async with self._sessions() as s:
            try:
                row = (
                    await s.execute(
                        insert(vendors)
                        .values(slug=slug, name=name, company_id=company_id)
                        .returning(*vendors.c)
                    )
                ).one()
                await s.commit()
            except IntegrityError as exc:
                await s.rollback()
                if is_foreign_key_violation(exc):
                    raise NotFound("no such company", "company_id") from exc
                raise Conflict(f"a vendor with slug '{slug}' already exists", "slug") from exc
        return _vendor(row)

    async def by_id(self, vendor_id: int) -> Vendor | None:
        """The vendor, or ``None``."""
        return await self._one(vendors.c.id == vendor_id)

    async def by_slug(self, slug: str) -> Vendor | None:
        """The vendor with this slug, or ``None``."""
        return await self._one(vendors.c.slug == slug)

    async def _one(self, cond: ColumnElement[bool]) -> Vendor | None:
        async with self._sessions() as s:
            row = (await s.execute(select(vendors).where(cond))).one_or_none()
        return None if row is None else _vendor(row)

    async def page(
        self, request: PageRequest, platform_ids: Collection[int] | None = None
    ) -> Page[Vendor]:
        """Vendors (on any of ``platform_ids``, any status, when given) matching.

        The admin's vendor list: its two statements are built once per shape (search or
        not, platforms or not, order) and keyed once (see ``adapters.db.queries.core``).
        """
        searching = bool(request.search.strip())
        params: dict[str, object] = {
            "pattern": like_pattern(request.search),
            "platform_ids": sorted(platform_ids or ()),
            "offset": request.offset,
            "limit": request.size,
        }
        async with self._sessions() as s:
            dialect = dialect_of(s)
            name, descending = request.ordering(self._sorting.columns, self._sorting.default)
            count, paged = _vendor_page(
                searching, platform_ids is not None, name, descending, dialect
            )
            total = int((await core(s, count, params)).scalar_one())
            rows = (await core(s, paged, params)).all()
        return Page([_vendor(r) for r in rows], total, request.page, request.size)

    async def set_platform(self, vendor_id: int, platform_id: int, status: VendorStatus) -> None:
        """Join with ``status`` or change it (one atomic upsert); ``NotFound`` for unknown ids."""
        row = {"vendor_id": vendor_id, "platform_id": platform_id, "status": status.value}
        async with self._sessions() as s:
            stmt = upsert(s, vendor_platforms, row, ("vendor_id", "platform_id"), ("status",))
            try:
                await s.execute(stmt)
                await s.commit()
            except IntegrityError as exc:
                await s.rollback()
                raise NotFound("no such vendor or platform") from exc

    async def platforms_of(self, vendor_id: int) -> Sequence[VendorPlatform]:
        """The vendor's memberships by platform id."""
        query = (
            select(vendor_platforms)
            .where(vendor_platforms.c.vendor_id == vendor_id)
            .order_by(vendor_platforms.c.platform_id)
        )
        async with self._sessions() as s:
            return [_membership(r) for r in (await s.execute(query)).all()]

    async def on_platform(self, vendor_id: int, platform_id: int) -> VendorPlatform | None:
        """The vendor's membership of one platform, or ``None``."""
        query = select(vendor_platforms).where(
            vendor_platforms.c.vendor_id == vendor_id,
            vendor_platforms.c.platform_id == platform_id,
        )
        async with self._sessions() as s:
            row = (await s.execute(query)).one_or_none()
        return None if row is None else _membership(row)

    async def count_on_platform(self, platform_id: int) -> dict[VendorStatus, int]:
        """Vendors on the platform by status (every status present, zero included)."""
        counts = dict.fromkeys(VendorStatus, 0)
        async with self._sessions() as s:
            found = await core(s, _COUNT_BY_STATUS, {"platform_id": platform_id})
            for status, n in found.all():
                counts[VendorStatus(status)] = int(n)
        return counts

    async def recent_on_platform(self, platform_id: int, limit: int) -> Sequence[Vendor]:
        """The vendors that joined most recently (latest first; ties: higher id first)."""
        params = {"platform_id": platform_id, "limit": limit}
        async with self._sessions() as s:
            return [_vendor(r) for r in (await core(s, _RECENT, params)).all()]

    async def add_domain(self, vendor_id: int, domain: str, token: str) -> VendorDomain:
        """Insert; ``Conflict`` (field ``domain``) if the vendor has it already, ``NotFound``
        for an unknown vendor. Other vendors' claims do not block an unverified one."""
        values = {"vendor_id": vendor_id, "domain": domain, "verification_token": token}
        async with self._sessions() as s:
            try:
                row = (
                    await s.execute(
                        insert(vendor_domains).values(values).returning(*vendor_domains.c)
                    )
                ).one()
                await s.commit()
            except IntegrityError as exc:
                await s.rollback()
                if is_foreign_key_violation(exc):
                    raise NotFound("no such vendor") from exc
                raise Conflict(f"the domain '{domain}' is already one of yours", "domain") from exc
        return _domain(row)

    async def domains(self, vendor_id: int) -> Sequence[VendorDomain]:
        """The vendor's domains, primary first, then by name."""
        query = select(vendor_domains).where(vendor_domains.c.vendor_id == vendor_id)
        async with self._sessions() as s:
            key = text_key(vendor_domains.c.domain, dialect_of(s))
            query = query.order_by(vendor_domains.c.is_primary.desc(), key)
            return [_domain(r) for r in (await s.execute(query)).all()]

    def _owned(self, vendor_id: int, domain_id: int) -> ColumnElement[bool]:
        return and_(vendor_domains.c.id == domain_id, vendor_domains.c.vendor_id == vendor_id)

    async def update_domain(
        self,
        vendor_id: int,
        domain_id: int,
        *,
        verified: bool | None = None,
        primary: bool | None = None,
    ) -> VendorDomain:
        """Change the vendor's domain in one transaction; making it primary demotes the others.

        ``NotFound`` for another vendor's id; ``Conflict`` if a concurrent change made another
        domain primary first (the database keeps one primary per vendor), or when verifying
        a host another vendor holds verified (the database keeps one verified holder).
        """
        owned = self._owned(vendor_id, domain_id)
        values: dict[str, bool] = {}
        if verified is not None:
            values["verified"] = verified
        if primary is not None:
            values["is_primary"] = primary
        async with self._sessions() as s:
            try:
                if primary:  # demote first: the partial unique index allows one primary
                    await s.execute(
                        update(vendor_domains)
                        .where(
                            vendor_domains.c.vendor_id == vendor_id,
                            vendor_domains.c.id != domain_id,
                            vendor_domains.c.is_primary,
                        )
                        .values(is_primary=False)
                    )
                if values:
                    stmt = update(vendor_domains).where(owned).values(values)
                    row = (await s.execute(stmt.returning(*vendor_domains.c))).one_or_none()
                else:
                    row = (await s.execute(select(vendor_domains).where(owned))).one_or_none()
                if row is None:
                    raise NotFound("no such domain")  # the session rolls back
                await s.commit()
            except IntegrityError as exc:
                await s.rollback()
                reason = str(exc.orig)
                if "uq_vendor_domains_verified" in reason or "vendor_domains.domain" in reason:
                    raise Conflict("this domain is verified for another vendor", "domain") from exc
                raise Conflict("another domain became primary at the same time") from exc
        return _domain(row)

    async def remove_domain(self, vendor_id: int, domain_id: int) -> None:
        """Delete the vendor's domain; ``NotFound`` for another vendor's id."""
        async with self._sessions() as s:
            result = await s.execute(
                delete(vendor_domains).where(self._owned(vendor_id, domain_id))
            )
            await s.commit()
        if rowcount(result) == 0:
            raise NotFound("no such domain")

    async def by_domain(self, domain: str) -> tuple[Vendor, VendorDomain] | None:
        """The vendor owning the verified domain, or ``None`` (also while unverified)."""
        query = select(vendor_domains).where(
            vendor_domains.c.domain == domain, vendor_domains.c.verified
        )
        async with self._sessions() as s:
            found = (await s.execute(query)).one_or_none()
            if found is None:
                return None
            vendor = (await s.execute(select(vendors).where(vendors.c.id == found.vendor_id))).one()
        return _vendor(vendor), _domain(found)

    async def count_domains_on_platform(self, platform_id: int) -> tuple[int, int]:
        """Domains of the platform's vendors (any status there): (verified, pending)."""
        counts = {True: 0, False: 0}
        async with self._sessions() as s:
            found = await core(s, _COUNT_DOMAINS, {"platform_id": platform_id})
            for verified, n in found.all():
                counts[bool(verified)] = int(n)
        return counts[True], counts[False]


_VENDOR_SORTING = SqlAlchemyVendorRepository._sorting


@cache
def _vendor_page(
    searching: bool, on_platforms: bool, name: str, descending: bool, dialect: str
) -> tuple[Select[Any], Select[Any]]:
    """The count and the page of one shape of the vendor list (see ``page``)."""
    cond: ColumnElement[bool] = true()
    if searching:
        pattern = bindparam("pattern", type_=String)
        cond = or_(
            *(
                func.lower(c).like(pattern, escape=LIKE_ESCAPE)
                for c in (vendors.c.slug, vendors.c.name)
            )
        )
    if on_platforms:
        on = select(vendor_platforms.c.vendor_id).where(
            vendor_platforms.c.platform_id.in_(bindparam("platform_ids", expanding=True))
        )
        cond = and_(cond, vendors.c.id.in_(on))
    query = select(vendors).where(cond)
    order = _VENDOR_SORTING.order_by(PageRequest(sort=("-" if descending else "") + name), dialect)
    count = select(func.count()).select_from(query.subquery())
    paged = (
        query.order_by(*order)
        .offset(bindparam("offset", type_=Integer))
        .limit(bindparam("limit", type_=Integer))
    )
    return count, paged
