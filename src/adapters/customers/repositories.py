"""The customers repository on SQLAlchemy (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, NoReturn

from sqlalchemy import ColumnElement, and_, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mercato.adapters.customers.rows import (
    COUNT_ON_PLATFORM,
    COUNT_VENDOR,
    address_json,
    customer_of,
    filtered,
    tags_of,
)
from mercato.adapters.customers.tables import (
    customer_tags,
    customers,
    vendor_platforms_ref,
    vendors_ref,
)
from mercato.adapters.db.integrity import is_foreign_key_violation
from mercato.adapters.db.queries import (
    InsertFactory,
    Sorting,
    core,
    dialect_of,
    fetch_page,
    frozen_insert,
    rowcount,
)
from mercato.adapters.db.scope import active_unit
from mercato.adapters.db.timestamps import as_utc
from mercato.domain.customers.model import (
    Customer,
    CustomerDraft,
    CustomerFilter,
    PlatformCustomer,
)
from mercato.ports.errors import Conflict, NotFound
from mercato.ports.pagination import Page, PageRequest

__all__ = ["SqlAlchemyCustomerRepository"]


def _values(draft: CustomerDraft, now: datetime) -> dict[str, object]:
    return {
        "email": draft.email,
        "name": draft.name,
        "phone": draft.phone,
        "addresses": [address_json(a) for a in draft.addresses],
        "marketing_consent": draft.marketing_consent,
        "consent_at": as_utc(draft.consent_at),
        "notes": draft.notes,
        "updated_at": as_utc(now),
    }


def _refused(exc: IntegrityError, email: str) -> NoReturn:
    if is_foreign_key_violation(exc):
        raise NotFound("no such vendor") from exc
    raise Conflict(f"a customer with the e-mail '{email}' exists already", "email") from exc


def _add_unless_known(new: InsertFactory) -> Any:
    columns = [c.name for c in customers.columns if c.name != "id"]
    stmt = new(customers).values({c: bindparam(c) for c in columns})
    return stmt.on_conflict_do_nothing(index_elements=["vendor_id", "email"])


class SqlAlchemyCustomerRepository:
    """Implements :class:`mercato.domain.customers.repository.CustomerRepository`.

    Every statement filters by ``vendor_id`` (or by the platform's vendors): another
    vendor's id is not found.
    """

    _sorting = Sorting(
        {
            "name": customers.c.name,
            "email": customers.c.email,
            "created_at": customers.c.created_at,
        },
        default="-created_at",
        tiebreak=customers.c.id,
        text=frozenset({"name", "email"}),
    )

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    def _owned(self, vendor_id: int, customer_id: int) -> ColumnElement[bool]:
        return and_(customers.c.vendor_id == vendor_id, customers.c.id == customer_id)

    async def _set_tags(
        self, s: AsyncSession, vendor_id: int, customer_id: int, tags: Sequence[str]
    ) -> None:
        await s.execute(delete(customer_tags).where(customer_tags.c.customer_id == customer_id))
        if tags:
            rows = [{"customer_id": customer_id, "vendor_id": vendor_id, "tag": t} for t in tags]
            await s.execute(insert(customer_tags), rows)

    async def add(self, vendor_id: int, draft: CustomerDraft, now: datetime) -> Customer:
        """Insert with its tags and commit; ``Conflict`` (``email``), ``NotFound`` (vendor)."""
        values = {**_values(draft, now), "vendor_id": vendor_id, "created_at": as_utc(now)}
        async with self._sessions() as s:
            try:
                row = (
                    await s.execute(insert(customers).values(values).returning(*customers.c))
                ).one()
                await self._set_tags(s, vendor_id, row.id, draft.tags)
                await s.commit()
            except IntegrityError as exc:
                await s.rollback()
                _refused(exc, draft.email)
        return customer_of(row, draft.tags)

    async def get(self, vendor_id: int, customer_id: int) -> Customer | None:
        """The vendor's customer with its tags, or ``None``."""
        async with self._sessions() as s:
            query = select(customers).where(self._owned(vendor_id, customer_id))
            row = (await s.execute(query)).one_or_none()
            if row is None:
                return None
            tags = await tags_of(s, [row.id])
        return customer_of(row, tags[row.id])

    async def replace(
        self, vendor_id: int, customer_id: int, draft: CustomerDraft, now: datetime
    ) -> Customer:
        """Write every field and the tags, and commit; ``NotFound``, ``Conflict`` (``email``)."""
        stmt = (
            update(customers)
            .where(self._owned(vendor_id, customer_id))
            .values(_values(draft, now))
            .returning(*customers.c)
        )
        async with self._sessions() as s:
            try:
                row = (await s.execute(stmt)).one_or_none()
                if row is None:
                    raise NotFound("no such customer")  # the session rolls back
                await self._set_tags(s, vendor_id, customer_id, draft.tags)
                await s.commit()
            except IntegrityError as exc:
                await s.rollback()
                _refused(exc, draft.email)
        return customer_of(row, draft.tags)

    async def remove(self, vendor_id: int, customer_id: int) -> bool:
        """Delete the customer (its tags go with it) and commit."""
        async with self._sessions() as s:
            await s.execute(
                delete(customer_tags).where(
                    customer_tags.c.customer_id == customer_id,
                    customer_tags.c.vendor_id == vendor_id,
                )
            )
            result = await s.execute(delete(customers).where(self._owned(vendor_id, customer_id)))
            await s.commit()
        return rowcount(result) > 0

    async def page(
        self, vendor_id: int, request: PageRequest, where: CustomerFilter
    ) -> Page[Customer]:
        """One page: the count, the rows and their tags (three statements)."""
        cond = filtered(customers.c.vendor_id == vendor_id, request.search, where)
        async with self._sessions() as s:
            order = self._sorting.order_by(request, dialect_of(s))
            rows, total = await fetch_page(s, select(customers).where(cond), order, request)
            tags = await tags_of(s, (r.id for r in rows))
        items = [customer_of(r, tags[r.id]) for r in rows]
        return Page(items, total, request.page, request.size)

    async def platform_page(
        self,
        platform_id: int,
        vendor_id: int | None,
        request: PageRequest,
        where: CustomerFilter,
    ) -> Page[PlatformCustomer]:
        """One page across the platform's vendors (or one of them), with each vendor."""
        on_platform = select(vendor_platforms_ref.c.vendor_id).where(
            vendor_platforms_ref.c.platform_id == platform_id
        )
        scope: ColumnElement[bool] = customers.c.vendor_id.in_(on_platform)
        if vendor_id is not None:
            scope = and_(scope, customers.c.vendor_id == vendor_id)
        query = (
            select(
                customers,
                vendors_ref.c.slug.label("vendor_slug"),
                vendors_ref.c.name.label("vendor_name"),
            )
            .join(vendors_ref, vendors_ref.c.id == customers.c.vendor_id)
            .where(filtered(scope, request.search, where))
        )
        async with self._sessions() as s:
            order = self._sorting.order_by(request, dialect_of(s))
            rows, total = await fetch_page(s, query, order, request)
            tags = await tags_of(s, (r.id for r in rows))
        items = [
            PlatformCustomer(customer_of(r, tags[r.id]), r.vendor_slug, r.vendor_name) for r in rows
        ]
        return Page(items, total, request.page, request.size)

    async def batch_after(
        self, vendor_id: int, after_id: int, limit: int, where: CustomerFilter, search: str = ""
    ) -> Sequence[Customer]:
        """The next ``limit`` matching customers by id after ``after_id`` (keyset), with
        their tags (two statements)."""
        cond = filtered(customers.c.vendor_id == vendor_id, search, where)
        query = (
            select(customers)
            .where(cond, customers.c.id > after_id)
            .order_by(customers.c.id)
            .limit(limit)
        )
        async with self._sessions() as s:
            rows = (await s.execute(query)).all()
            tags = await tags_of(s, (r.id for r in rows))
        return [customer_of(r, tags[r.id]) for r in rows]

    async def find_or_add(self, vendor_id: int, email: str, name: str, now: datetime) -> Customer:
        """INSERT ... ON CONFLICT DO NOTHING, then read the row: racing callers get one row.

        Commits only outside a unit of work; inside one, the caller's commit records it.
        """
        moment = as_utc(now)
        row: dict[str, Any] = {
            "vendor_id": vendor_id,
            "email": email,
            "name": name,
            "phone": "",
            "addresses": [],
            "marketing_consent": False,
            "consent_at": None,
            "notes": "",
            "created_at": moment,
            "updated_at": moment,
        }
        owned = and_(customers.c.vendor_id == vendor_id, customers.c.email == email)
        async with self._sessions() as s:
            try:
                await s.execute(frozen_insert(s, _add_unless_known), row)
            except IntegrityError as exc:
                await s.rollback()
                _refused(exc, email)
            found = (await s.execute(select(customers).where(owned))).one()
            tags = await tags_of(s, [found.id])
            if active_unit() is None:
                await s.commit()
        return customer_of(found, tags[found.id])

    async def vendor_choices(self, platform_id: int) -> Sequence[tuple[str, str]]:
        """(slug, name) of every vendor on the platform, by name."""
        query = (
            select(vendors_ref.c.slug, vendors_ref.c.name)
            .join(vendor_platforms_ref, vendor_platforms_ref.c.vendor_id == vendors_ref.c.id)
            .where(vendor_platforms_ref.c.platform_id == platform_id)
            .order_by(vendors_ref.c.name, vendors_ref.c.slug)
        )
        async with self._sessions() as s:
            return [(r.slug, r.name) for r in (await s.execute(query)).all()]

    async def count(self, vendor_id: int, since: datetime) -> tuple[int, int]:
        """(all, new since the day of ``since``) of the vendor, one statement."""
        params = {"vendor_id": vendor_id, "since_day": as_utc(since).date()}
        async with self._sessions() as s:
            total, new = (await core(s, COUNT_VENDOR, params)).one()
        return int(total), int(new)

    async def count_on_platform(self, platform_id: int, since: datetime) -> tuple[int, int]:
        """(all, new since the day of ``since``) of the platform's vendors, one statement."""
        params = {"platform_id": platform_id, "since_day": as_utc(since).date()}
        async with self._sessions() as s:
            total, new = (await core(s, COUNT_ON_PLATFORM, params)).one()
        return int(total), int(new)
