"""What other modules may know of a vendor's customers (published by the customers module)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

__all__ = ["CustomerDirectory", "CustomerRef", "FakeCustomerDirectory"]


@dataclass(frozen=True, slots=True)
class CustomerRef:
    """A customer of one vendor."""

    id: int
    vendor_id: int
    email: str
    name: str = ""


@runtime_checkable
class CustomerDirectory(Protocol):
    """Finds and records customers of a vendor."""

    async def find_or_create(self, vendor_id: int, email: str, name: str = "") -> CustomerRef:
        """The vendor's customer with ``email`` (case-insensitive), created if there is none.

        Holds under concurrency: two callers with the same e-mail get the same customer.
        An existing customer's name is not changed. Raises ``InvalidInput`` (field
        ``email``) for an address that is not one. Runs in the caller's unit of work.
        """
        ...

    async def get(self, vendor_id: int, customer_id: int) -> CustomerRef | None:
        """The vendor's customer ``customer_id``, or ``None`` (also for another vendor's)."""
        ...


class FakeCustomerDirectory:
    """Customers kept in a list, for tests of the modules that record customers."""

    def __init__(self) -> None:
        self.customers: list[CustomerRef] = []

    async def find_or_create(self, vendor_id: int, email: str, name: str = "") -> CustomerRef:
        """The kept customer with ``email``, or a new one."""
        if "@" not in email:
            raise ValueError("not an e-mail address")
        for c in self.customers:
            if c.vendor_id == vendor_id and c.email.lower() == email.lower():
                return c
        customer = CustomerRef(len(self.customers) + 1, vendor_id, email, name)
        self.customers.append(customer)
        return customer

    async def get(self, vendor_id: int, customer_id: int) -> CustomerRef | None:
        """The kept customer, or ``None``."""
        return next(
            (c for c in self.customers if c.vendor_id == vendor_id and c.id == customer_id), None
        )
