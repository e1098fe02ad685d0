"""The customers repository protocol over a dict, for unit tests (and tested like the real
one in ``tests/integration/test_customers_repository.py``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime

from mercato.domain.customers.model import (
    Customer,
    CustomerDraft,
    CustomerFilter,
    PlatformCustomer,
)
from mercato.ports.errors import Conflict, NotFound
from mercato.ports.pagination import Page, PageRequest

__all__ = ["InMemoryCustomers"]

_FIELDS = ("name", "email", "created_at")


class InMemoryCustomers:
    """Customers kept in memory; ``vendors`` maps a vendor id to (slug, name, platform ids)."""

    def __init__(self, vendors: dict[int, tuple[str, str, set[int]]] | None = None) -> None:
        self.rows: dict[int, Customer] = {}
        self.vendors = vendors or {}
        self._next = 1

    def _taken(self, vendor_id: int, email: str, but: int = 0) -> bool:
        return any(
            c.vendor_id == vendor_id and c.email == email and c.id != but
            for c in self.rows.values()
        )

    async def add(self, vendor_id: int, draft: CustomerDraft, now: datetime) -> Customer:
        if self._taken(vendor_id, draft.email):
            raise Conflict(f"a customer with the e-mail '{draft.email}' exists already", "email")
        customer = Customer(self._next, vendor_id, created_at=now, updated_at=now, **_of(draft))
        self.rows[customer.id] = customer
        self._next += 1
        return customer

    async def get(self, vendor_id: int, customer_id: int) -> Customer | None:
        found = self.rows.get(customer_id)
        return found if found is not None and found.vendor_id == vendor_id else None

    async def replace(
        self, vendor_id: int, customer_id: int, draft: CustomerDraft, now: datetime
    ) -> Customer:
        current = await self.get(vendor_id, customer_id)
        if current is None:
            raise NotFound("no such customer")
        if self._taken(vendor_id, draft.email, but=customer_id):
            raise Conflict(f"a customer with the e-mail '{draft.email}' exists already", "email")
        changed = dataclasses.replace(current, updated_at=now, **_of(draft))
        self.rows[customer_id] = changed
        return changed

    async def remove(self, vendor_id: int, customer_id: int) -> bool:
        if await self.get(vendor_id, customer_id) is None:
            return False
        del self.rows[customer_id]
        return True

    def _matching(self, search: str, where: CustomerFilter) -> list[Customer]:
        needle = search.strip().lower()
        return [
            c
            for c in self.rows.values()
            if (not needle or any(needle in f.lower() for f in (c.name, c.email, c.phone)))
            and (not where.tag or where.tag.strip().lower() in c.tags)
            and (where.consent is None or c.marketing_consent == where.consent)
        ]

    def _sorted(self, found: list[Customer], request: PageRequest) -> list[Customer]:
        name, descending = request.ordering(_FIELDS, "-created_at")

        def key(c: Customer) -> tuple[object, int]:
            value = getattr(c, name)
            return (value.lower() if isinstance(value, str) else value, c.id)

        return sorted(found, key=key, reverse=descending)

    async def page(
        self, vendor_id: int, request: PageRequest, where: CustomerFilter
    ) -> Page[Customer]:
        mine = [c for c in self._matching(request.search, where) if c.vendor_id == vendor_id]
        ordered = self._sorted(mine, request)
        items = ordered[request.offset : request.offset + request.size]
        return Page(items, len(ordered), request.page, request.size)

    async def platform_page(
        self,
        platform_id: int,
        vendor_id: int | None,
        request: PageRequest,
        where: CustomerFilter,
    ) -> Page[PlatformCustomer]:
        on = {v for v, (_, _, platforms) in self.vendors.items() if platform_id in platforms}
        found = [
            c
            for c in self._matching(request.search, where)
            if c.vendor_id in on and vendor_id in (None, c.vendor_id)
        ]
        ordered = self._sorted(found, request)[request.offset : request.offset + request.size]
        items = [PlatformCustomer(c, *self.vendors[c.vendor_id][:2]) for c in ordered]
        return Page(items, len(found), request.page, request.size)

    async def vendor_choices(self, platform_id: int) -> Sequence[tuple[str, str]]:
        found = [(s, n) for s, n, platforms in self.vendors.values() if platform_id in platforms]
        return sorted(found, key=lambda v: (v[1], v[0]))

    async def batch_after(
        self, vendor_id: int, after_id: int, limit: int, where: CustomerFilter, search: str = ""
    ) -> Sequence[Customer]:
        found = [
            c for c in self._matching(search, where) if c.vendor_id == vendor_id and c.id > after_id
        ]
        return sorted(found, key=lambda c: c.id)[:limit]

    async def find_or_add(self, vendor_id: int, email: str, name: str, now: datetime) -> Customer:
        for c in self.rows.values():
            if c.vendor_id == vendor_id and c.email == email:
                return c
        draft = CustomerDraft(email, name, "", (), False, None, "", ())
        return await self.add(vendor_id, draft, now)

    async def count(self, vendor_id: int, since: datetime) -> tuple[int, int]:
        mine = [c for c in self.rows.values() if c.vendor_id == vendor_id]
        return len(mine), sum(1 for c in mine if c.created_at >= since)

    async def count_on_platform(self, platform_id: int, since: datetime) -> tuple[int, int]:
        on = {v for v, (_, _, platforms) in self.vendors.items() if platform_id in platforms}
        found = [c for c in self.rows.values() if c.vendor_id in on]
        return len(found), sum(1 for c in found if c.created_at >= since)


def _of(draft: CustomerDraft) -> dict[str, object]:
    return {f.name: getattr(draft, f.name) for f in dataclasses.fields(draft)}
