"""The customers module's use cases, and the contract it publishes to other modules."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import timedelta

from mercato.domain.customers.model import (
    Customer,
    CustomerFilter,
    CustomerInput,
    CustomerPatch,
    PlatformCustomer,
    check_email,
    check_name,
    draft_of,
)
from mercato.domain.customers.repository import CustomerRepository
from mercato.ports.clock import Clock
from mercato.ports.customers import CustomerRef
from mercato.ports.errors import NotFound
from mercato.ports.pagination import Page, PageRequest

__all__ = ["EXPORT_BATCH", "CustomerDirectoryService", "CustomerService"]

EXPORT_BATCH = 500


class CustomerService:
    """Lists, reads, records, edits, deletes and exports a vendor's customers."""

    def __init__(self, customers: CustomerRepository, clock: Clock) -> None:
        self._customers = customers
        self._clock = clock

    async def page(
        self, vendor_id: int, request: PageRequest, where: CustomerFilter | None = None
    ) -> Page[Customer]:
        """One page of the vendor's customers; ``InvalidInput`` (``sort``) for another order."""
        return await self._customers.page(vendor_id, request, where or CustomerFilter())

    async def platform_page(
        self,
        platform_id: int,
        request: PageRequest,
        vendor_id: int | None = None,
        where: CustomerFilter | None = None,
    ) -> Page[PlatformCustomer]:
        """The customers of the platform's vendors (or of one of them), for administrators."""
        return await self._customers.platform_page(
            platform_id, vendor_id, request, where or CustomerFilter()
        )

    async def vendor_choices(self, platform_id: int) -> Sequence[tuple[str, str]]:
        """(slug, name) of the platform's vendors, to filter the administrators' view by."""
        return await self._customers.vendor_choices(platform_id)

    async def get(self, vendor_id: int, customer_id: int) -> Customer:
        """The vendor's customer; ``NotFound`` for an unknown id or another vendor's."""
        found = await self._customers.get(vendor_id, customer_id)
        if found is None:
            raise NotFound("no such customer")
        return found

    async def create(self, vendor_id: int, given: CustomerInput) -> Customer:
        """Record a customer; ``InvalidInput`` naming the field at fault, ``Conflict``
        (field ``email``) when the vendor has a customer with that e-mail (any case)."""
        now = self._clock.now()
        return await self._customers.add(vendor_id, draft_of(given, None, now), now)

    async def update(self, vendor_id: int, customer_id: int, patch: CustomerPatch) -> Customer:
        """Change what ``patch`` gives; giving consent dates it, withdrawing clears the date."""
        current = await self.get(vendor_id, customer_id)
        now = self._clock.now()
        draft = draft_of(patch.applied_to(current), current, now)
        return await self._customers.replace(vendor_id, customer_id, draft, now)

    async def delete(self, vendor_id: int, customer_id: int) -> None:
        """Delete the vendor's customer; ``NotFound`` for another vendor's id."""
        if not await self._customers.remove(vendor_id, customer_id):
            raise NotFound("no such customer")

    async def export(
        self,
        vendor_id: int,
        where: CustomerFilter | None = None,
        search: str = "",
        batch: int | None = None,
    ) -> AsyncIterator[Sequence[Customer]]:
        """The vendor's customers the list shows for ``search`` and ``where``, by id,
        ``batch`` (:data:`EXPORT_BATCH`) at a time: never the whole list at once."""
        size = batch or EXPORT_BATCH
        after = 0
        while True:
            rows = await self._customers.batch_after(
                vendor_id, after, size, where or CustomerFilter(), search
            )
            if rows:
                yield rows
            if len(rows) < size:
                return
            after = rows[-1].id

    async def count(self, vendor_id: int, days: int = 30) -> tuple[int, int]:
        """The vendor's customers: (all, new in the last ``days`` days)."""
        return await self._customers.count(vendor_id, self._clock.now() - timedelta(days=days))


class CustomerDirectoryService:
    """Implements :class:`mercato.ports.customers.CustomerDirectory` for other modules."""

    def __init__(self, customers: CustomerRepository, clock: Clock) -> None:
        self._customers = customers
        self._clock = clock

    async def find_or_create(self, vendor_id: int, email: str, name: str = "") -> CustomerRef:
        """The vendor's customer with ``email`` (any case), recorded if there is none; an
        existing customer's name is kept. ``InvalidInput`` (field ``email``)."""
        found = await self._customers.find_or_add(
            vendor_id, check_email(email), check_name(name), self._clock.now()
        )
        return _ref(found)

    async def get(self, vendor_id: int, customer_id: int) -> CustomerRef | None:
        """The vendor's customer, or ``None`` (also for another vendor's id)."""
        found = await self._customers.get(vendor_id, customer_id)
        return None if found is None else _ref(found)


def _ref(c: Customer) -> CustomerRef:
    return CustomerRef(c.id, c.vendor_id, c.email, c.name)
