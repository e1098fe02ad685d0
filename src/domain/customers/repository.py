"""The customers module's persistence protocol: every method is scoped to one vendor (or,
for the administrators' view and the dashboard, to the vendors of one platform)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from mercato.domain.customers.model import (
    Customer,
    CustomerDraft,
    CustomerFilter,
    PlatformCustomer,
)
from mercato.ports.pagination import Page, PageRequest

__all__ = ["CustomerRepository"]


class CustomerRepository(Protocol):
    """Stores customers; ``email`` is unique per vendor (it is stored lower-cased).

    Lists sort by ``name``, ``email`` or ``created_at`` (``PageRequest.sort``, ``-`` for
    descending; default newest first) and search name, e-mail and phone, wildcards literal.
    """

    async def add(self, vendor_id: int, draft: CustomerDraft, now: datetime) -> Customer:
        """Insert and commit; ``Conflict`` (field ``email``) when the vendor has a customer
        with that e-mail already, ``NotFound`` for an unknown vendor."""
        ...

    async def get(self, vendor_id: int, customer_id: int) -> Customer | None:
        """The vendor's customer, or ``None`` (also for another vendor's id)."""
        ...

    async def replace(
        self, vendor_id: int, customer_id: int, draft: CustomerDraft, now: datetime
    ) -> Customer:
        """Write every field and commit; ``NotFound`` for another vendor's id, ``Conflict``
        (field ``email``) for an e-mail another of the vendor's customers has."""
        ...

    async def remove(self, vendor_id: int, customer_id: int) -> bool:
        """Delete and commit; ``False`` when the vendor has no such customer."""
        ...

    async def page(
        self, vendor_id: int, request: PageRequest, where: CustomerFilter
    ) -> Page[Customer]:
        """One page of the vendor's customers matching the search and ``where``."""
        ...

    async def platform_page(
        self,
        platform_id: int,
        vendor_id: int | None,
        request: PageRequest,
        where: CustomerFilter,
    ) -> Page[PlatformCustomer]:
        """One page of the customers of every vendor on the platform (any status there), or
        of ``vendor_id`` alone; a vendor not on the platform has none here."""
        ...

    async def vendor_choices(self, platform_id: int) -> Sequence[tuple[str, str]]:
        """(slug, name) of every vendor on the platform, by name: the administrators'
        filter."""
        ...

    async def batch_after(
        self, vendor_id: int, after_id: int, limit: int, where: CustomerFilter, search: str = ""
    ) -> Sequence[Customer]:
        """Up to ``limit`` of the vendor's customers matching ``where`` and ``search`` (as
        :meth:`page` matches them) with an id above ``after_id``, by id (keyset iteration:
        an export never holds the whole list)."""
        ...

    async def find_or_add(self, vendor_id: int, email: str, name: str, now: datetime) -> Customer:
        """The customer with the (normalised) ``email``, inserted when there is none.

        Holds under concurrency (the insert does nothing on a conflict, then the row is
        read). It does not commit inside a unit of work: the caller's commit records it.
        """
        ...

    async def count(self, vendor_id: int, since: datetime) -> tuple[int, int]:
        """The vendor's customers: (all, created at ``since`` or later), one statement."""
        ...

    async def count_on_platform(self, platform_id: int, since: datetime) -> tuple[int, int]:
        """The same over every vendor on the platform, one statement."""
        ...
